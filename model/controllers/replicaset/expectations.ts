/**
 * Controller expectations: what a ReplicaSet controller has asked the API server to create and delete and has
 * not yet seen in its pod informer. Follows pkg/controller/controller_utils.go (ControllerExpectations,
 * ControlleeExpectations, UIDTrackingControllerExpectations, ExpectationsTimeout).
 *
 * The race they prevent (the stale-cache double create, cf. kubernetes#41675): the sync handler counts
 * pods in its informer cache, and the cache lags the API server. Right after a sync creates N pods, the cache
 * still shows none of them; any event that requeues the ReplicaSet (its own status write, a pod update) would
 * run the sync again, count the same stale pods and create N more. So after creating or deleting, the
 * controller leaves that ReplicaSet alone until its informer has delivered every create and delete it issued,
 * or until the expectations are older than ExpectationsTimeout (5 minutes), which bounds how long a lost watch
 * event can stall it.
 *
 * In Kubernetes the pod event handlers lower the counts as events arrive (CreationObserved in addPod,
 * DeletionObserved in deletePod/updatePod). In the model an event handler can only return queue keys, so each
 * issued request records the store revision it wrote, and the counts are lowered when the sync handler next
 * looks: a write at revision r has been delivered exactly when the pod informer's revision is >= r (watch events
 * arrive in revision order). Since only the sync handler reads expectations, lowering on read gives the same
 * answers as lowering on delivery. (It differs where Kubernetes' handlers miss a creation: a pod created and
 * deleted while the informer relists after 410 Gone, or first seen already being deleted. There Kubernetes waits
 * for the timeout; the model counts the creation as observed once the informer's revision covers it.)
 *
 * Pure functions over a persistent B-tree keyed by the controller's namespace/name key.
 */
import { btreeDelete, btreeGet, btreeSet, type BTree } from "../../collections/btree.ts";

/** ExpectationsTimeout: how long unmet expectations hold a controller back, in seconds. */
export const EXPECTATIONS_TIMEOUT_SECONDS = 5 * 60;

/** The revision of a deletion not yet sent (ExpectDeletions records the keys before the requests go out). */
export const NOT_YET_SENT = Number.MAX_SAFE_INTEGER;

/** One controller's expectations (ControlleeExpectations plus the UID-tracking set of pods being deleted). */
export interface ControlleeExpectations {
  /**
   * The uid of the controller that set them. A ReplicaSet deleted and re-created under the same name must start
   * clean (Kubernetes' deleteRS handler calls DeleteExpectations); a different uid here means exactly that.
   */
  readonly uid: string;
  /** Creates expected and not yet observed (may include creates never attempted, until they are lowered). */
  readonly add: number;
  /** Deletions expected and not yet observed. */
  readonly del: number;
  /** Logical time the expectations were set (the TTL store's timestamp). */
  readonly timestamp: number;
  /** Store revisions of the creates sent and not yet observed by the pod informer. */
  readonly createRevisions: readonly number[];
  /** UIDTrackingControllerExpectations: namespace/name of each pod being deleted → revision of its deletion. */
  readonly deleteRevisions: Readonly<Record<string, number>>;
}

/** Every controller's expectations, by controller key. */
export type ExpectationsStore = BTree<ControlleeExpectations>;

/** GetExpectations. */
export function getExpectations(store: ExpectationsStore, key: string): ControlleeExpectations | undefined {
  return btreeGet(store, key);
}

/** Fulfilled: every expected create and delete has been observed. */
export const fulfilled = (e: ControlleeExpectations): boolean => e.add <= 0 && e.del <= 0;

/** isExpired: set more than ExpectationsTimeout ago. */
export const isExpired = (e: ControlleeExpectations, now: number): boolean => now - e.timestamp > EXPECTATIONS_TIMEOUT_SECONDS;

/**
 * SatisfiedExpectations: whether the controller may create or delete again. True when it has no expectations
 * (never set, or deleted), when they are fulfilled, or when they expired.
 */
export function satisfiedExpectations(store: ExpectationsStore, key: string, now: number): boolean {
  const e = btreeGet(store, key);
  if (!e) return true;
  return fulfilled(e) || isExpired(e, now);
}

/** SetExpectations: forgets existing expectations and expects `add` creates and `del` deletions from now. */
export function setExpectations(store: ExpectationsStore, key: string, uid: string, add: number, del: number, now: number): ExpectationsStore {
  return btreeSet(store, key, { uid, add, del, timestamp: now, createRevisions: [], deleteRevisions: {} });
}

/** ExpectCreations. */
export function expectCreations(store: ExpectationsStore, key: string, uid: string, adds: number, now: number): ExpectationsStore {
  return setExpectations(store, key, uid, adds, 0, now);
}

/** UIDTrackingControllerExpectations.ExpectDeletions: expects the deletion of exactly these pods (namespace/name). */
export function expectDeletions(store: ExpectationsStore, key: string, uid: string, podKeys: readonly string[], now: number): ExpectationsStore {
  const deleteRevisions: Record<string, number> = {};
  for (const k of podKeys) deleteRevisions[k] = NOT_YET_SENT;
  const del = Object.keys(deleteRevisions).length;
  return btreeSet(store, key, { uid, add: 0, del, timestamp: now, createRevisions: [], deleteRevisions });
}

/** LowerExpectations: decrements the counts (no-op without expectations). */
export function lowerExpectations(store: ExpectationsStore, key: string, add: number, del: number): ExpectationsStore {
  const e = btreeGet(store, key);
  if (!e) return store;
  return btreeSet(store, key, { ...e, add: e.add - add, del: e.del - del });
}

/** CreationObserved: one fewer create to wait for (used directly for creates that were skipped or failed). */
export function creationObserved(store: ExpectationsStore, key: string): ExpectationsStore {
  return lowerExpectations(store, key, 1, 0);
}

/** A create was written at `revision`: the pod informer observes it once it has delivered that revision. */
export function creationSent(store: ExpectationsStore, key: string, revision: number): ExpectationsStore {
  const e = btreeGet(store, key);
  if (!e) return store;
  return btreeSet(store, key, { ...e, createRevisions: [...e.createRevisions, revision] });
}

/** A deletion of `podKey` was written at `revision` (a graceful deletion's deletionTimestamp, or the removal). */
export function deletionSent(store: ExpectationsStore, key: string, podKey: string, revision: number): ExpectationsStore {
  const e = btreeGet(store, key);
  if (!e || e.deleteRevisions[podKey] === undefined) return store;
  return btreeSet(store, key, { ...e, deleteRevisions: { ...e.deleteRevisions, [podKey]: revision } });
}

/**
 * UIDTrackingControllerExpectations.DeletionObserved: lowers `del` once per expected pod, so that a pod seen
 * first with a deletionTimestamp and then deleted is not counted twice.
 */
export function deletionObserved(store: ExpectationsStore, key: string, podKey: string): ExpectationsStore {
  const e = btreeGet(store, key);
  if (!e || e.deleteRevisions[podKey] === undefined) return store;
  const { [podKey]: _gone, ...rest } = e.deleteRevisions;
  return btreeSet(store, key, { ...e, del: e.del - 1, deleteRevisions: rest });
}

/** DeleteExpectations (UID set included). */
export function deleteExpectations(store: ExpectationsStore, key: string): ExpectationsStore {
  return btreeGet(store, key) === undefined ? store : btreeDelete(store, key);
}

/**
 * What the pod event handlers would have done by now: lowers the expectations of controller `key` for every
 * create and deletion it sent that the pod informer (at `informerRevision`) has delivered. Expectations set by a
 * controller with another uid are dropped (the old one was deleted). Fulfilled expectations with nothing left
 * to observe are dropped too: SatisfiedExpectations answers the same for them as for none, and the memory stays
 * small.
 */
export function observePodInformer(store: ExpectationsStore, key: string, uid: string, informerRevision: number): ExpectationsStore {
  const e = btreeGet(store, key);
  if (!e) return store;
  if (e.uid !== uid) return btreeDelete(store, key);
  const pendingCreates = e.createRevisions.filter((r) => r > informerRevision);
  const seenCreates = e.createRevisions.length - pendingCreates.length;
  let del = e.del;
  let deleteRevisions = e.deleteRevisions;
  for (const [podKey, r] of Object.entries(e.deleteRevisions)) {
    if (r > informerRevision) continue;
    if (deleteRevisions === e.deleteRevisions) deleteRevisions = { ...e.deleteRevisions };
    delete (deleteRevisions as Record<string, number>)[podKey];
    del--;
  }
  if (seenCreates === 0 && deleteRevisions === e.deleteRevisions) return fulfilled(e) && nothingPending(e) ? btreeDelete(store, key) : store;
  const next: ControlleeExpectations = { ...e, add: e.add - seenCreates, del, createRevisions: pendingCreates, deleteRevisions };
  return fulfilled(next) && nothingPending(next) ? btreeDelete(store, key) : btreeSet(store, key, next);
}

const nothingPending = (e: ControlleeExpectations): boolean => e.createRevisions.length === 0 && Object.keys(e.deleteRevisions).length === 0;
