/**
 * The node lifecycle controller's local memory (lost on restart, as the Go controller's maps are): what it last
 * saw of each node's health, the zone states and tainters, the taint eviction controller's tainted nodes and
 * scheduled evictions, and the spec.nodeName index of the pod cache.
 */
import type { State } from "../../state.ts";
import type { BTree } from "../../collections/btree.ts";
import { btreeEmpty } from "../../collections/btree.ts";
import { updateComponent } from "../../components/update.ts";
import { queueAddAll } from "../../informers/workqueue.ts";
import type { Taint } from "./taints.ts";
import type { ZoneState } from "./zones.ts";
import { emptyTainters, type ZoneTainters } from "./rate-limited-queue.ts";
import { emptyPodIndex, type PodIndex } from "./pod-index.ts";

/** A node condition as the API serves it. */
export interface NodeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}

/**
 * nodeHealthData: when the controller last saw the node's health signal change (probeTimestamp, in its own
 * clock, to be immune to skew between node and control-plane clocks), and the Ready condition and lease it saw.
 */
export interface NodeHealth {
  readonly probeTimestamp: number;
  readonly readyTransitionTimestamp: number;
  /** The Ready condition of the saved status (undefined: the node had none). */
  readonly ready?: NodeCondition;
  /** spec.renewTime of the saved Lease. */
  readonly leaseRenewTime?: string;
}

/**
 * A TimedWorker of the taint eviction queue. `timer: false` is the Go map's nil entry: the deletion already ran
 * (or is running), so AddWork refuses the pod until the entry is cancelled.
 */
export interface ScheduledEviction {
  readonly createdAt: number;
  readonly fireAt: number;
  readonly timer: boolean;
}

export interface NodeLifecycleMemory {
  /** knownNodeSet: node name → uid. */
  readonly knownNodes: BTree<string>;
  /** nodeHealthMap by node name. */
  readonly health: BTree<NodeHealth>;
  /** zoneStates by zone key (a handful of zones). */
  readonly zoneStates: Readonly<Record<string, ZoneState>>;
  /** zoneNoExecuteTainter. */
  readonly tainters: ZoneTainters;
  /** nodesToRetry: nodes whose pods could not all be marked NotReady. */
  readonly nodesToRetry: BTree<true>;
  /** The taint eviction controller's taintedNodes: node → its NoExecute taints. */
  readonly taintedNodes: BTree<readonly Taint[]>;
  /** The taint eviction controller's taintEvictionQueue: pod "ns/name" → scheduled deletion. */
  readonly evictions: BTree<ScheduledEviction>;
  /** The pod informer's spec.nodeName index. */
  readonly pods: PodIndex;
}

export function initialNodeLifecycleMemory(): NodeLifecycleMemory {
  return {
    knownNodes: btreeEmpty(),
    health: btreeEmpty(),
    zoneStates: {},
    tainters: emptyTainters(),
    nodesToRetry: btreeEmpty(),
    taintedNodes: btreeEmpty(),
    evictions: btreeEmpty(),
    pods: emptyPodIndex(),
  };
}

/**
 * A sync handler's working set: the cluster state, the memory it is changing, and the keys it adds to its own
 * queue; committed back into the component at the end.
 */
export interface Pass {
  state: State;
  mem: NodeLifecycleMemory;
  readonly keys: string[];
}

/** Writes the pass's memory and keys back into the component. */
export function commitPass(p: Pass, componentId: string): State {
  return updateComponent<NodeLifecycleMemory>(p.state, componentId, (cur) => ({
    ...cur,
    memory: p.mem,
    queue: p.keys.length > 0 ? queueAddAll(cur.queue, p.keys) : cur.queue,
  }));
}
