/** Helpers for the garbage collector tests: a cluster running only the collector, owners and dependents. */
import type { State } from "../../state.ts";
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import { GARBAGE_COLLECTOR_KIND } from "./behavior.ts";
import { onlyControlPlane } from "../nodelifecycle/cluster.test-support.ts";

/** A cluster running the collector alone: its tests see only its own writes. */
export function gcCluster(): State {
  return bootstrap({ without: onlyControlPlane(GARBAGE_COLLECTOR_KIND) });
}

export function must(s: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

/** The object, or undefined when it does not exist. */
export function find(s: State, resource: string, name: string, namespace = "default"): KObject | undefined {
  const r = handle(s, { verb: "get", resource, namespace, name });
  return isStatus(r.result) ? undefined : r.result;
}

export const ref = (o: KObject, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
  ...extra,
});

/** The controller reference a ReplicaSet controller would set (controller, blockOwnerDeletion). */
export const controllerRef = (o: KObject): OwnerReference => ref(o, { controller: true, blockOwnerDeletion: true });

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } };

export function createReplicaSet(s: State, name: string, owners: OwnerReference[] = []): { state: State; obj: KObject } {
  return must(s, {
    verb: "create",
    resource: "replicasets.apps",
    namespace: "default",
    object: {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name, ...(owners.length ? { ownerReferences: owners } : {}) },
      spec: { replicas: 0, selector: { matchLabels: { app: "web" } }, template },
    },
  });
}

export function createDeployment(s: State, name: string): { state: State; obj: KObject } {
  return must(s, {
    verb: "create",
    resource: "deployments.apps",
    namespace: "default",
    object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas: 0, selector: { matchLabels: { app: "web" } }, template } },
  });
}

/** An unscheduled pod (deleted at once, no kubelet needed) with owners. */
export function createPod(s: State, name: string, owners: OwnerReference[]): State {
  return must(s, {
    verb: "create",
    resource: "pods",
    namespace: "default",
    object: { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: "web" }, ownerReferences: owners }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
  }).state;
}

export function createConfigMap(s: State, name: string, owners: OwnerReference[] = []): { state: State; obj: KObject } {
  return must(s, {
    verb: "create",
    resource: "configmaps",
    namespace: "default",
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(owners.length ? { ownerReferences: owners } : {}) } },
  });
}
