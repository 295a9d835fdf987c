/**
 * Test support for the HPA controller: a cluster running only the HPA controller (and the metrics source), and
 * builders for the objects the other controllers would otherwise make: a Deployment, its pods (created by the
 * test, Running and Ready with a start time, as a kubelet would report them), and HPAs.
 */
import { expect } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import { isStatus } from "../../apiserver/status.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../../config.ts";
import { storeRangePrefix } from "../../store/store.ts";
import { step } from "../../step.ts";
import { settle } from "../../settle.ts";
import { timestamp } from "../../clock.ts";
import type { HpaControllerOptions } from "./options.ts";
import { HPA_CONTROLLER_KIND } from "./controller.ts";

export const NS = "default";

/** A cluster whose only controllers are the HPA controller (with `options`) and the ServiceAccounts one. */
export function hpaCluster(options?: HpaControllerOptions): State {
  // The tests stand in for the workload controllers themselves (they set replicas and pods by hand).
  const components = DEFAULT_CONTROL_PLANE.filter((c) => c.kind === HPA_CONTROLLER_KIND || c.kind === "serviceaccounts-controller").map((c) =>
    c.kind === HPA_CONTROLLER_KIND && options ? { ...c, options: options as Options } : c,
  );
  return settle(bootstrap({ config: { components } })).state;
}

/** Sends a request that must succeed. */
export function ok(state: State, req: ApiRequest): State {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`expected success, got ${r.result.code}: ${r.result.message}`);
  return r.state;
}

/** A Deployment `name` with `replicas`, selecting app=<name>, one container requesting `cpu`. */
export function deployment(name: string, replicas: number, cpu = "100m"): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu } } }] } },
    },
  };
}

export const createDeployment = (s: State, name: string, replicas: number, cpu = "100m"): State =>
  ok(s, { verb: "create", resource: "deployments.apps", namespace: NS, object: deployment(name, replicas, cpu) });

export interface PodOptions {
  readonly labels?: Record<string, string>;
  readonly cpu?: string;
  /** Logical second the pod started (default: now). */
  readonly startedAt?: number;
  /** Ready condition: true/false and when it last changed (default: Ready since start). */
  readonly ready?: boolean;
  readonly readySince?: number;
}

/** Creates pod `name` and reports it Running with a Ready condition, as a kubelet would. */
export function addPod(s: State, name: string, o: PodOptions = {}): State {
  const started = o.startedAt ?? s.clock.now;
  s = ok(s, {
    verb: "create",
    resource: "pods",
    namespace: NS,
    object: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: NS, labels: o.labels ?? { app: "web" } },
      spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: o.cpu ?? "100m" } } }] },
    },
  });
  const ready = o.ready ?? true;
  return ok(s, {
    verb: "patch",
    resource: "pods",
    namespace: NS,
    name,
    subresource: "status",
    patch: {
      status: {
        phase: "Running",
        startTime: timestamp(started),
        conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: timestamp(o.readySince ?? started) }],
      },
    },
  });
}

/** Sets a pod's cpu usage through the metrics.set world action. */
export const setCpu = (s: State, pod: string, cpuMilli: number): State => step(s, { type: "metrics.set", namespace: NS, pod, cpuMilli });

export interface HpaOptions {
  readonly target?: string;
  readonly min?: number;
  readonly max?: number;
  /** cpu target utilization (default 50). */
  readonly cpuUtilization?: number;
  readonly metrics?: unknown[];
  readonly behavior?: unknown;
}

/** An autoscaling/v2 HPA on Deployment `target` (default "web"). */
export function hpa(name: string, o: HpaOptions = {}): KObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace: NS },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: o.target ?? "web" },
      minReplicas: o.min ?? 1,
      maxReplicas: o.max ?? 10,
      metrics: o.metrics ?? [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: o.cpuUtilization ?? 50 } } }],
      ...(o.behavior !== undefined ? { behavior: o.behavior } : {}),
    },
  };
}

export const createHpa = (s: State, name: string, o: HpaOptions = {}): State =>
  ok(s, { verb: "create", resource: "horizontalpodautoscalers.autoscaling", namespace: NS, object: hpa(name, o) });

/** A stored object (read from the API, not a cache). */
export function getObject(s: State, resource: string, name: string): KObject {
  const r = handle(s, { verb: "get", resource, namespace: NS, name });
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.result;
}

export const replicasOf = (s: State, deploymentName = "web"): number => getObject(s, "deployments.apps", deploymentName).spec.replicas;
export const hpaStatus = (s: State, name = "web"): any => getObject(s, "horizontalpodautoscalers.autoscaling", name).status;

/** `{Type: "Status/Reason"}` of the HPA's status conditions. */
export function conditionSummaryOf(s: State, name = "web"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of hpaStatus(s, name)?.conditions ?? []) out[c.type] = `${c.status}/${c.reason}`;
  return out;
}

/** Every Event's [reason, message], in the order they were first recorded. */
export function events(s: State): [string, string][] {
  const r = storeRangePrefix(s.store, `/registry/events/${NS}/`);
  if (!r.ok) return [];
  return [...r.kvs].sort((a, b) => a.createRevision - b.createRevision).map((kv) => {
    const e = kv.value as KObject;
    return [e.reason as string, e.message as string];
  });
}

/** Asserts the HPA's condition summary. */
export function expectConditions(s: State, want: Record<string, string>, name = "web"): void {
  expect(conditionSummaryOf(s, name)).toEqual(want);
}
