/**
 * Test support for the kubelet's tests: a cluster with the kubelet registered, nodes, bound pods, and readers of
 * the runtime and API state. Not part of the model (imported by *.test.ts only).
 */
import { bootstrap } from "../bootstrap.ts";
import { addNode } from "../add-node.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { btreeGet, btreeValues } from "../collections/btree.ts";
import type { ApiRequest } from "../apiserver/request.ts";
import type { KObject } from "../objects/types.ts";
import type { RuntimePod, State } from "../state.ts";

/** A cluster with the given nodes (4 cpu, 8Gi, 110 pods each) and their kubelets. */
export function clusterWithNodes(names: readonly string[] = ["n1"], staticPods: Record<string, KObject[]> = {}): State {
  let s = bootstrap();
  for (const name of names) {
    const r = addNode(s, { name, capacity: { cpu: "4", memory: "8Gi", pods: "110" }, ...(staticPods[name] ? { staticPods: staticPods[name] } : {}) });
    if (r.error) throw new Error(r.error.message);
    s = r.state;
  }
  return s;
}

/** Sends a request that must succeed. */
export function must(state: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

export interface PodOptions {
  readonly node?: string;
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  readonly containers?: readonly Record<string, unknown>[];
  readonly initContainers?: readonly Record<string, unknown>[];
  readonly volumes?: readonly Record<string, unknown>[];
  readonly namespace?: string;
  readonly terminationGracePeriodSeconds?: number;
}

/** A pod bound to a node (spec.nodeName set at create, as a pod that skips the scheduler). */
export function boundPod(name: string, o: PodOptions = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: o.namespace ?? "default", labels: { app: name } },
    spec: {
      nodeName: o.node ?? "n1",
      ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
      ...(o.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds } : {}),
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      containers: o.containers ?? [{ name: "app", image: "nginx:1.25" }],
      ...(o.volumes ? { volumes: o.volumes } : {}),
    },
  };
}

/** Creates a pod (must succeed). */
export const createPod = (state: State, pod: KObject): State =>
  must(state, { verb: "create", resource: "pods", namespace: pod.metadata.namespace ?? "default", object: pod }).state;

/** The API pod, or undefined. */
export function apiPod(state: State, name: string, namespace = "default"): KObject | undefined {
  const r = handle(state, { verb: "get", resource: "pods", namespace, name });
  return isStatus(r.result) ? undefined : r.result;
}

/** The API Node. */
export function apiNode(state: State, name: string): KObject | undefined {
  const r = handle(state, { verb: "get", resource: "nodes", name });
  return isStatus(r.result) ? undefined : r.result;
}

/** The pod's condition of a type ("True"/"False"/undefined). */
export const conditionOf = (pod: KObject | undefined, type: string): string | undefined =>
  (pod?.status?.conditions ?? []).find((c: any) => c.type === type)?.status;

/** The sandboxes on a machine. */
export const sandboxes = (state: State, node: string): RuntimePod[] => btreeValues(btreeGet(state.world.machines, node)!.pods);

/** The sandbox of a pod by name on a machine. */
export const sandboxOf = (state: State, node: string, name: string, namespace = "default"): RuntimePod | undefined =>
  sandboxes(state, node).find((p) => p.name === name && p.namespace === namespace);

/** The first container status of a pod. */
export const statusOf = (pod: KObject | undefined, container = "app"): any => (pod?.status?.containerStatuses ?? []).find((c: any) => c.name === container);
