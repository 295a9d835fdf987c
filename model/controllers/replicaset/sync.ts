/**
 * The sync handler for one controller key. Follows pkg/controller/replicaset/replica_set.go (syncReplicaSet):
 * read the controller from the cache; decide whether expectations allow acting; read its pods and the
 * namespace's orphans from the pod index (getRSPods) and keep the active ones; claim (adopt / release); create
 * or delete; write the status; requeue for availability.
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import type { ReconcileResult } from "../../components/behavior.ts";
import { updateComponent } from "../../components/update.ts";
import { cacheGet } from "../../informers/cache.ts";
import { enqueueAfter } from "../../informers/enqueue-after.ts";
import { btreeEmpty } from "../../collections/btree.ts";
import type { Selector } from "../../labels/index.ts";
import type { ControllerFlavor } from "./flavor.ts";
import { filterActivePods, isPodAvailable, isPodReady, podAvailableAt } from "./pod-conditions.ts";
import { aggregateError, claimPods } from "./claim.ts";
import { manageReplicas } from "./manage-replicas.ts";
import { getRSPods, type PodLister } from "./pod-index.ts";
import { calculateStatus, updateReplicaSetStatus } from "./status.ts";
import { deleteExpectations, observePodInformer, satisfiedExpectations, type ExpectationsStore } from "./expectations.ts";

/** The controller's local memory (lost on restart, as the controller-manager's in-process state is). */
export interface ReplicaSetControllerMemory {
  /** Expectations by controller key. */
  readonly expectations: ExpectationsStore;
}

/** Memory of a fresh instance. */
export const initialReplicaSetControllerMemory = (): ReplicaSetControllerMemory => ({ expectations: btreeEmpty() });

/** A ReplicaSet (or ReplicationController) controller component, its memory typed. */
export type ReplicaSetControllerComponent = ComponentState<ReplicaSetControllerMemory>;

/**
 * The component's memory (a fresh one if it holds something else). The fallback predates typed memory: the
 * kind's initialMemory always has expectations, so it is not reached; it is kept so that nothing changes.
 */
export function memoryOf(c: ReplicaSetControllerComponent): ReplicaSetControllerMemory {
  return c.memory?.expectations ? c.memory : initialReplicaSetControllerMemory();
}

/** Settings of one controller instance. */
export interface SyncOptions {
  readonly flavor: ControllerFlavor;
  readonly expectations: boolean;
  readonly burstReplicas: number;
  /** How the sync finds the controller's pods (default "index"). */
  readonly podLister?: PodLister;
}

function withExpectations(state: State, c: ReplicaSetControllerComponent, exp: ExpectationsStore): State {
  if (exp === memoryOf(c).expectations) return state;
  return updateComponent<ReplicaSetControllerMemory>(state, c.id, (cur) => ({ ...cur, memory: { ...memoryOf(cur), expectations: exp } }));
}

/**
 * Requeues the controller for when its next Ready pod becomes available (Ready for more than minReadySeconds),
 * so that availableReplicas moves without any other event. Kubernetes gets the same effect from updatePod
 * (AddAfter minReadySeconds + 1s when a pod turns Ready) and from the sync's last line of defense
 * (AddAfter minReadySeconds while ready == replicas != available); one timer at the earliest such time covers
 * both here.
 */
function requeueForAvailability(state: State, c: ComponentState, key: string, rs: KObject, pods: readonly KObject[]): State {
  const minReadySeconds: number = rs.spec?.minReadySeconds ?? 0;
  if (minReadySeconds <= 0) return state;
  const now = state.clock.now;
  let earliest: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue;
    const at = podAvailableAt(pod, minReadySeconds);
    if (at !== undefined && at > now && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest === undefined ? state : enqueueAfter(state, c.id, key, earliest - now);
}

/**
 * syncReplicaSet: acts on one controller if its expectations are satisfied, and always refreshes its status
 * from the pods it owns. Errors (a refused adoption, create, delete or status write) requeue the key.
 */
export function syncReplicaSet(state: State, c: ReplicaSetControllerComponent, key: string, opts: SyncOptions, log: EffectLog): ReconcileResult {
  const { flavor } = opts;
  const now = state.clock.now;
  let exp = memoryOf(c).expectations;
  const rs = cacheGet(c, flavor.resource, key);
  if (!rs) {
    // Deleted: forget its expectations so a new controller with the same name starts clean.
    return { state: withExpectations(state, c, deleteExpectations(exp, key)) };
  }
  if (opts.expectations) exp = observePodInformer(exp, key, rs.metadata.uid!, c.informers.pods?.revision ?? 0);
  const rsNeedsSync = !opts.expectations || satisfiedExpectations(exp, key, now);
  let selector: Selector;
  try {
    selector = flavor.selectorOf(rs);
  } catch {
    // An invalid selector is reported and not retried (the object must be fixed first).
    return { state: withExpectations(state, c, exp) };
  }
  // The pods that name this controller (matching or not: those that stopped matching are released) and the
  // orphans it may adopt, from the pod index: O(its pods + orphans), not O(pods in the namespace).
  const rsPods = getRSPods(c, flavor, rs, opts.podLister);
  const claim = claimPods(state, c, rs, selector, filterActivePods(rsPods), flavor, log);
  let s = claim.state;
  if (aggregateError(claim.errors) !== undefined) return { state: withExpectations(s, c, exp), requeue: true };

  let manageErr: string | undefined;
  if (rsNeedsSync && !rs.metadata.deletionTimestamp) {
    const m = manageReplicas(
      s,
      { c, flavor, key, expectations: opts.expectations, burstReplicas: opts.burstReplicas, log, ...(opts.podLister ? { podLister: opts.podLister } : {}) },
      claim.claimed,
      rs,
      exp,
    );
    s = m.state;
    exp = m.expectations;
    manageErr = m.error;
  }
  const newStatus = calculateStatus(rs, claim.claimed, manageErr, now);
  const upd = updateReplicaSetStatus(s, c, rs, newStatus, flavor, log);
  s = withExpectations(upd.state, c, exp);
  if (upd.error !== undefined) return { state: s, requeue: true };
  s = requeueForAvailability(s, c, key, rs, claim.claimed);
  return { state: s, requeue: manageErr !== undefined };
}
