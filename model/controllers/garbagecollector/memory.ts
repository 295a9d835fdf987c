/**
 * The garbage collector's local memory (lost on restart, rebuilt from the relist): the dependency graph;
 * per informer key, the uid last observed there (so that a key whose object vanished, or was recreated under
 * the same name, yields the delete event of the old uid); and the attemptToDelete keys parked until the set of
 * served resources changes.
 */
import type { ComponentState, State } from "../../state.ts";
import type { EffectLog } from "../../effects.ts";
import { btreeEmpty, btreeSet, type BTree } from "../../collections/btree.ts";
import { updateComponent } from "../../components/update.ts";
import { queueAddAll } from "../../informers/workqueue.ts";
import type { Graph, GraphNode } from "./graph.ts";

export interface GcMemory {
  readonly graph: Graph;
  /** `${resource}\u0001${ns/name}` → uid observed under that key. */
  readonly observed: BTree<string>;
  /**
   * attemptToDelete keys whose item cannot get anywhere until discovery changes: an owner or item of a kind the
   * API server does not serve (a restMappingError), or a virtual node that exists but that no monitor watches
   * (it would never be observed). Upstream requeues them with rate-limited back-off for ever, and they get
   * somewhere only once the kind is served or monitored, which is what a monitor sync that changes the set of
   * resources brings; the model parks them here and queues them again then (behavior.ts onRewatch), instead of
   * spinning on them. Key → true.
   */
  readonly parked: BTree<true>;
}

export const initialGcMemory = (): GcMemory => ({ graph: { nodes: btreeEmpty(), edges: btreeEmpty() }, observed: btreeEmpty(), parked: btreeEmpty() });

/** A sync handler's working set: the cluster, the memory being changed, keys for the component's own queue. */
export interface GcPass {
  state: State;
  mem: GcMemory;
  readonly keys: string[];
  readonly c: ComponentState<GcMemory>;
  readonly log: EffectLog;
}

/** Key of an informer event to fold into the graph (graphChanges). */
export const graphKey = (resource: string, key: string) => `graph|${resource}|${key}`;
/** Key of an item to check for deletion (attemptToDelete); a virtual node's key says so, as the queued pointer would. */
export const attemptToDeleteKey = (n: GraphNode) => `${n.virtual ? "vdelete" : "delete"}|${n.identity.uid}`;
/** Key of an owner whose dependents are to be orphaned (attemptToOrphan). */
export const attemptToOrphanKey = (uid: string) => `orphan|${uid}`;

/** attemptToDelete.Add. */
export const enqueueDelete = (p: GcPass, n: GraphNode): void => {
  p.keys.push(attemptToDeleteKey(n));
};

/** Parks a node's attemptToDelete key until the monitored resources change (see GcMemory.parked). */
export const park = (p: GcPass, n: GraphNode): void => {
  p.mem = { ...p.mem, parked: btreeSet(p.mem.parked, attemptToDeleteKey(n), true) };
};

/** Writes memory and keys back into the component. */
export function commitGcPass(p: GcPass): State {
  return updateComponent<GcMemory>(p.state, p.c.id, (cur) => ({
    ...cur,
    memory: p.mem,
    queue: p.keys.length > 0 ? queueAddAll(cur.queue, p.keys) : cur.queue,
  }));
}
