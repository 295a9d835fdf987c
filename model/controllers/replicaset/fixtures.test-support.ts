/**
 * Test support for the ReplicaSet controller: a cluster running only this controller (whatever else the
 * registry holds), manifests, and small steps (sync an informer, run one reconcile, make a pod Ready).
 */
import { expect } from "vitest";
import { componentAt, type State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { Action } from "../../actions.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import { bootstrap } from "../../bootstrap.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../../config.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { btreeGet } from "../../collections/btree.ts";
import { step, stepWithEffects } from "../../step.ts";
import { timestamp } from "../../clock.ts";
import type { Effect } from "../../effects.ts";
import { REPLICA_SET_FLAVOR, REPLICATION_CONTROLLER_FLAVOR } from "./flavor.ts";
import { memoryOf, type ReplicaSetControllerMemory } from "./sync.ts";
import { getExpectations, type ControlleeExpectations } from "./expectations.ts";

export const RS = REPLICA_SET_FLAVOR.componentId;
export const RC = REPLICATION_CONTROLLER_FLAVOR.componentId;
const MINE = [REPLICA_SET_FLAVOR.behaviorKind, REPLICATION_CONTROLLER_FLAVOR.behaviorKind];

/** A cluster whose control plane is only the ReplicaSet and ReplicationController controllers. */
export function rsCluster(): State {
  return bootstrap({ config: { components: DEFAULT_CONTROL_PLANE.filter((c) => MINE.includes(c.kind)) } });
}

/** A cluster whose control plane is only the ReplicaSet controller, with these options (a variant). */
export function rsClusterWith(options: Options): State {
  return bootstrap({ config: { components: [{ id: RS, kind: REPLICA_SET_FLAVOR.behaviorKind, options }] } });
}

/** A request that must succeed. */
export function ok(state: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`expected success, got ${r.result.code}: ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
});

/** A ReplicaSet manifest. */
export function replicaSet(name: string, replicas: number, extra: { labels?: Record<string, string>; minReadySeconds?: number; ownerReferences?: KObject["metadata"]["ownerReferences"] } = {}): KObject {
  const labels = extra.labels ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}) },
    spec: { replicas, ...(extra.minReadySeconds ? { minReadySeconds: extra.minReadySeconds } : {}), selector: { matchLabels: labels }, template: template(labels) },
  };
}

/** A ReplicationController manifest. */
export function replicationController(name: string, replicas: number, labels: Record<string, string> = { app: name }): KObject {
  return { apiVersion: "v1", kind: "ReplicationController", metadata: { name }, spec: { replicas, selector: labels, template: template(labels) } };
}

/** A bare pod (an orphan unless ownerReferences are given). */
export function barePod(name: string, labels: Record<string, string>): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } };
}

export const createRS = (s: State, rs: KObject, ns = "default") => ok(s, { verb: "create", resource: "replicasets.apps", namespace: ns, object: rs }).state;
export const createRC = (s: State, rc: KObject, ns = "default") => ok(s, { verb: "create", resource: "replicationcontrollers", namespace: ns, object: rc }).state;
export const scaleRS = (s: State, name: string, replicas: number) => ok(s, { verb: "patch", resource: "replicasets.apps", namespace: "default", name, patch: { spec: { replicas } } }).state;

/** The informer.sync action of a controller. */
export const sync = (component: string, resource: string, limit?: number): Action => ({ type: "informer.sync", component, resource, ...(limit ? { limit } : {}) });
/** The reconcile action of a controller. */
export const reconcile = (component: string): Action => ({ type: "reconcile", component });

/** Syncs both informers of a controller (pods first). */
export function syncAll(s: State, component = RS): State {
  const resource = component === RS ? "replicasets.apps" : "replicationcontrollers";
  return step(step(s, sync(component, "pods")), sync(component, resource));
}

/** Runs one reconcile and returns the requests it sent. */
export function reconcileOnce(s: State, component = RS): { state: State; effects: readonly Effect[] } {
  return stepWithEffects(s, reconcile(component));
}

/** Requests of a kind among effects, e.g. ("create", "pods"). */
export function requests(effects: readonly Effect[], verb: string, resource: string): Effect[] {
  return effects.filter((e) => e.kind === "request" && e.verb === verb && e.resource === resource);
}

/** Every pod of a namespace as the API server lists it, in name order. */
export function storedPods(s: State, ns = "default"): KObject[] {
  return (ok(s, { verb: "list", resource: "pods", namespace: ns }).obj as unknown as { items: KObject[] }).items;
}

/** Pods in the store that are not being deleted. */
export const livePods = (s: State, ns = "default"): KObject[] => storedPods(s, ns).filter((p) => !p.metadata.deletionTimestamp);

/** A stored object. */
export function getObj(s: State, resource: string, name: string, ns = "default"): KObject {
  return ok(s, { verb: "get", resource, namespace: ns, name }).obj;
}

/** The expectations the controller holds for a key. */
export function expectationsOf(s: State, key: string, component = RS): ControlleeExpectations | undefined {
  return getExpectations(memoryOf(componentAt<ReplicaSetControllerMemory>(s, component)!).expectations, key);
}

/** Binds a pod to a node (what the scheduler would do). */
export const bindPod = (s: State, name: string, node: string) =>
  ok(s, { verb: "create", resource: "pods", namespace: "default", name, subresource: "binding", object: { apiVersion: "v1", kind: "Binding", metadata: { name }, target: { kind: "Node", name: node } } as KObject }).state;

/** Sets a pod's phase and Ready condition through the status subresource (what the kubelet would do). */
export function setPodStatus(s: State, name: string, phase: string, ready: boolean, restarts = 0): State {
  const cur = getObj(s, "pods", name);
  const conditions = ready ? [{ type: "Ready", status: "True", lastTransitionTime: timestamp(s.clock.now) }] : [{ type: "Ready", status: "False", lastTransitionTime: timestamp(s.clock.now) }];
  return ok(s, {
    verb: "update",
    resource: "pods",
    namespace: "default",
    name,
    subresource: "status",
    object: { ...cur, status: { ...cur.status, phase, conditions, containerStatuses: [{ name: "app", ready, restartCount: restarts }] } },
  }).state;
}

/** Asserts that a list of names equals another, order-insensitive. */
export function expectSameNames(actual: readonly KObject[], names: readonly string[]): void {
  expect(actual.map((p) => p.metadata.name).sort()).toEqual([...names].sort());
}
