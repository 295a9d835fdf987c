/**
 * What ReplicaSet expectations guarantee (pkg/controller/controller_utils.go ControllerExpectations, used by
 * pkg/controller/replicaset/replica_set.go syncReplicaSet / manageReplicas).
 *
 * The controller counts pods in its informer cache, which lags the API server. Without expectations, a sync
 * that runs before the cache shows the pods the previous sync created counts too few and creates them again
 * (kubernetes#41675, #88851, #129795). With expectations, a controller creates only once every create it sent
 * has been observed (or its expectations expired after ExpectationsTimeout), so the pods it may be missing from
 * its cache are never its own recent creates: when it creates, every active pod it owns in the API is one it
 * counted, and after the creates it owns at most the spec.replicas it acted on.
 *
 * "The spec.replicas it acted on" is the one in its own ReplicaSet cache at that step, not the API's: a
 * scale-down the controller has not seen yet may legitimately race a create (it then owns more pods than the
 * API's spec.replicas for a moment and deletes the surplus once it sees the new spec).
 */
import type { Invariant, Violation } from "./types.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { controllerRefOf } from "../model/objects/types.ts";
import { btreeGet, btreePrefix } from "../model/collections/btree.ts";
import { cacheGet } from "../model/informers/cache.ts";
import { fromTimestamp } from "../model/clock.ts";
import { BUILTIN_BY_ID, storageKey } from "../model/apiserver/resources.ts";
import { REPLICA_SET_FLAVOR, REPLICATION_CONTROLLER_FLAVOR, type ControllerFlavor } from "../model/controllers/replicaset/flavor.ts";
import { isPodActive } from "../model/controllers/replicaset/pod-conditions.ts";
import { EXPECTATIONS_TIMEOUT_SECONDS } from "../model/controllers/replicaset/expectations.ts";
import { eventsSince, ref } from "./objects.ts";

const FLAVORS: Readonly<Record<string, ControllerFlavor>> = {
  ReplicaSet: REPLICA_SET_FLAVOR,
  ReplicationController: REPLICATION_CONTROLLER_FLAVOR,
};

/** The stored controller an owner reference names (undefined when gone or replaced by another uid). */
function ownerObject(state: State, flavor: ControllerFlavor, namespace: string, name: string, uid: string): KObject | undefined {
  const info = BUILTIN_BY_ID.get(flavor.resource);
  const kv = info ? btreeGet(state.store.kvs, storageKey(info, namespace, name)) : undefined;
  return kv && kv.value.metadata.uid === uid ? kv.value : undefined;
}

/** The active pods of `namespace` whose controller is `uid` (a prefix range of one namespace). */
function activeOwnedPods(state: State, namespace: string, uid: string): KObject[] {
  const out: KObject[] = [];
  for (const [, kv] of btreePrefix(state.store.kvs, `/registry/pods/${namespace}/`)) {
    if (controllerRefOf(kv.value)?.uid === uid && isPodActive(kv.value)) out.push(kv.value);
  }
  return out;
}

/** A ReplicaSet/RC controller never creates pods beyond the spec.replicas it acted on while its expectations hold. */
export const replicaSetCreatesWithinReplicas: Invariant = {
  id: "replicaset-creates-within-replicas",
  description:
    "a ReplicaSet/ReplicationController controller creates a pod only when, counting every active pod it owns, it stays within the spec.replicas it acted on (unless its expectations expired)",
  kind: "safety",
  source: "pkg/controller/controller_utils.go (ControllerExpectations); pkg/controller/replicaset/replica_set.go (manageReplicas); kubernetes#41675",
  check(state, prev) {
    const created = new Map<string, { flavor: ControllerFlavor; namespace: string; name: string }>();
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || ev.prevKv || !ev.kv.key.startsWith("/registry/pods/")) continue;
      const owner = controllerRefOf(ev.kv.value);
      const flavor = owner ? FLAVORS[owner.kind] : undefined;
      if (!owner || !flavor) continue;
      created.set(owner.uid, { flavor, namespace: ev.kv.value.metadata.namespace!, name: owner.name });
    }
    const out: Violation[] = [];
    const now = state.clock.now;
    for (const [uid, { flavor, namespace, name }] of created) {
      const stored = ownerObject(state, flavor, namespace, name, uid);
      if (!stored || stored.metadata.deletionTimestamp) continue;
      const controller = btreeGet(state.components, flavor.componentId);
      const cached = controller ? cacheGet(controller, flavor.resource, `${namespace}/${name}`) : undefined;
      const actedOn: number = (cached ?? stored).spec?.replicas ?? 1;
      const owned = activeOwnedPods(state, namespace, uid);
      if (owned.length <= actedOn) continue;
      // Expectations older than ExpectationsTimeout no longer hold the controller back: a create it never
      // observed (a watch event lost for 5 minutes) then legitimately leads to a second one.
      const expired = owned.some(
        (p) =>
          controller !== undefined &&
          cacheGet(controller, "pods", `${namespace}/${p.metadata.name}`) === undefined &&
          now - fromTimestamp(p.metadata.creationTimestamp!) > EXPECTATIONS_TIMEOUT_SECONDS,
      );
      if (expired) continue;
      const label = cached ? "its cache's" : "the";
      out.push({
        invariant: this.id,
        objects: [ref(stored), ...owned.map(ref)],
        message: `${ref(stored)} owns ${owned.length} active pods after its controller created more, but ${label} spec.replicas is ${actedOn}`,
      });
    }
    return out;
  },
};
