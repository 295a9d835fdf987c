/**
 * Test support for the scheduler: a cluster with the scheduler registered, pods with given requests, and
 * readers for what the tests assert on (where pods went, conditions, events, the scheduler's cache).
 */
import { bootstrap } from "../bootstrap.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../config.ts";
import { addNode } from "../add-node.ts";
import { handle } from "../apiserver/handle.ts";
import { list, get } from "../apiserver/read.ts";
import { isStatus } from "../apiserver/status.ts";
import { btreeValues } from "../collections/btree.ts";
import type { ApiRequest } from "../apiserver/request.ts";
import type { KObject } from "../objects/types.ts";
import { componentAt, type State } from "../state.ts";
import type { Action } from "../actions.ts";
import { SCHEDULER_ID } from "./behavior.ts";
import { nodeAllocatable, podRequests } from "./resources.ts";
import type { SchedulerMemory, SchedulerOptions } from "./types.ts";

export const SCHED = SCHEDULER_ID;
export const syncPods: Action = { type: "informer.sync", component: SCHED, resource: "pods" };
export const syncNodes: Action = { type: "informer.sync", component: SCHED, resource: "nodes" };
export const reconcileSched: Action = { type: "reconcile", component: SCHED };


export interface NodeSpec {
  readonly name: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly labels?: Record<string, string>;
}

/** A cluster running the scheduler alone (with `variant`'s options: a bug-zoo variant or other flags) with these nodes. */
export function clusterWith(nodes: readonly NodeSpec[], variant?: Partial<Omit<SchedulerOptions, "kind">>): State {
  const components = DEFAULT_CONTROL_PLANE.filter((c) => c.kind === "scheduler").map((c) => (variant ? { ...c, options: variant as Options } : c));
  let s = bootstrap({ config: { components } });
  for (const n of nodes) {
    const r = addNode(s, { name: n.name, capacity: { cpu: n.cpu ?? "4", memory: n.memory ?? "8Gi", pods: n.pods ?? "110" }, ...(n.labels ? { labels: n.labels } : {}) });
    if (r.error) throw new Error(r.error.message);
    s = r.state;
  }
  return s;
}

/** Sends a request that must succeed. */
export function must(s: State, req: ApiRequest): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

/** A pod in "default" whose one container requests the given resources; extra spec fields are merged in. */
export function podWith(name: string, requests: Record<string, string>, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests } }], ...spec },
  };
}

/** Creates pods (user requests). */
export function createPods(s: State, pods: readonly KObject[]): State {
  return pods.reduce((acc, p) => must(acc, { verb: "create", resource: "pods", namespace: "default", object: p }), s);
}

/** Patches a node (main resource or status). */
export function patchNode(s: State, name: string, patch: Record<string, unknown>, subresource?: "status"): State {
  return must(s, { verb: "patch", resource: "nodes", name, patch, ...(subresource ? { subresource } : {}) });
}

export function podObj(s: State, name: string, namespace = "default"): KObject {
  const r = get(s, "pods", namespace, name);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.result;
}

/** The items of a list (namespace undefined = all namespaces). */
export function items(s: State, resource: string, namespace?: string): any[] {
  const r = list(s, resource, namespace);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return (r.result as unknown as { items: any[] }).items;
}

/** Where each pod in "default" is ("" = unscheduled), by name. */
export function placements(s: State): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of items(s, "pods", "default")) out[p.metadata.name!] = p.spec?.nodeName ?? "";
  return out;
}

/** The PodScheduled condition of a pod. */
export function podScheduled(s: State, name: string): any {
  return (podObj(s, name).status?.conditions ?? []).find((c: any) => c.type === "PodScheduled");
}

/** Events in "default" as [reason, involved pod, message, count]. */
export function events(s: State): [string, string, string, number][] {
  return items(s, "events", "default").map((e) => [e.reason, e.involvedObject.name, e.message, e.count]);
}

/** The scheduler's memory. */
export function schedMemory(s: State): SchedulerMemory {
  return componentAt<SchedulerMemory>(s, SCHED)!.memory;
}

/** Sum of the requests of the pods bound to each node in the store, and their number. */
export function boundUsage(s: State): Record<string, { milliCPU: number; memory: number; pods: number }> {
  const out: Record<string, { milliCPU: number; memory: number; pods: number }> = {};
  for (const p of items(s, "pods")) {
    const n = p.spec?.nodeName;
    if (!n || p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    const r = podRequests(p);
    const u = (out[n] ??= { milliCPU: 0, memory: 0, pods: 0 });
    u.milliCPU += r.milliCPU;
    u.memory += r.memory;
    u.pods += 1;
  }
  return out;
}

/** Nodes whose bound pods request more than they can allocate. */
export function overcommitted(s: State): string[] {
  const usage = boundUsage(s);
  const out: string[] = [];
  for (const n of items(s, "nodes")) {
    const u = usage[n.metadata.name!];
    if (!u) continue;
    const { allocatable, allowedPodNumber } = nodeAllocatable(n);
    if (u.milliCPU > allocatable.milliCPU || u.memory > allocatable.memory || u.pods > allowedPodNumber) out.push(n.metadata.name!);
  }
  return out;
}

/** The scheduler cache's node sums, by node: what the tests compare with {@link boundUsage}. */
export function cacheUsage(s: State): Record<string, { milliCPU: number; memory: number; pods: number }> {
  const out: Record<string, { milliCPU: number; memory: number; pods: number }> = {};
  for (const n of btreeValues(schedMemory(s).nodes)) {
    if (n.podCount > 0) out[n.name] = { milliCPU: n.requested.milliCPU, memory: n.requested.memory, pods: n.podCount };
  }
  return out;
}
