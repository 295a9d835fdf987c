/**
 * The whole cluster as one immutable, JSON-serializable value. Every field is plain data: collections that can
 * grow with the cluster are persistent B-trees (see collections/btree.ts), so a step copies O(log n) nodes and
 * shares the rest with the previous state.
 */
import { btreeGet, type BTree } from "./collections/btree.ts";
import type { Clock } from "./clock.ts";
import type { StoreState } from "./store/store.ts";
import type { KObject } from "./objects/types.ts";
import type { ResourceInfo } from "./apiserver/resources.ts";
import type { WorkQueue } from "./informers/workqueue.ts";
import type { Action } from "./actions.ts";
import type { WorldState } from "./world/types.ts";
import type { ServiceAllocatorsState } from "./apiserver/service/allocator-state.ts";
import type { ClusterConfig } from "./config.ts";
export type { ClusterConfig } from "./config.ts";
import type { PodNodeIndexes } from "./apiserver/pod-node-index.ts";
export type { WorldState, Machine, RuntimePod, RuntimeContainer, PodMetrics, ContainerProbes, ProbeWorkerState } from "./world/types.ts";

/** One informer: a component's cache of one resource, moved forward only by informer.sync actions. */
export interface InformerState {
  /** Resource id, e.g. "pods" or "deployments.apps". */
  readonly resource: string;
  /** Optional namespace and field selector the watch is restricted to (e.g. kubelet: spec.nodeName=n1). */
  readonly namespace?: string;
  readonly fieldSelector?: string;
  /** The store revision this cache reflects; 0 before the first list. */
  readonly revision: number;
  /** True once the initial list has been delivered (HasSynced). */
  readonly synced: boolean;
  /** Set when the watch failed with 410 Gone: the informer must relist. */
  readonly expired: boolean;
  /** Cached objects by namespace/name key. */
  readonly cache: BTree<KObject>;
}

/**
 * A component instance: its caches, its work queue and its local memory (lost on restart). M is the memory's
 * type, known to the component's own code (ComponentBehavior<M>); the cluster state holds ComponentState<unknown>.
 */
export interface ComponentState<M = unknown> {
  /** Unique id, e.g. "controller/serviceaccount" or "kubelet/node-1". */
  readonly id: string;
  /** Which behaviour runs it (a key of the component registry). */
  readonly kind: string;
  /** Informers by resource id (a component watches a handful of resources). */
  readonly informers: Readonly<Record<string, InformerState>>;
  readonly queue: WorkQueue;
  /** Component-specific local memory (expectations, assumed pods, ...), JSON data. */
  readonly memory: M;
  /** Number of restarts so far. */
  readonly restarts: number;
}

/** The API server's own state besides etcd. */
export interface ApiServerState {
  /** Counter behind deterministic uids and generated names. */
  readonly nextUid: number;
  /** Resources added by CustomResourceDefinitions, by resource id. */
  readonly customResources: Readonly<Record<string, ResourceInfo>>;
  /** The Service ClusterIP and NodePort allocators (model/services/allocator-state.ts). */
  readonly serviceAllocators: ServiceAllocatorsState;
  /**
   * The revision of the last write to a pod on each node (old or new spec.nodeName): the API server's watch cache
   * "indexed trigger" for pods by node, so a kubelet's watch (fieldSelector spec.nodeName=<node>) wakes only for
   * its own pods instead of for every pod write in the cluster. Not among the derived `State.indexes`: after a
   * compaction it remembers writes the store no longer holds (model/apiserver/pod-node-index.ts).
   */
  readonly podNodeRevision: BTree<number>;
}

/**
 * The state's derived indexes: the API server's pod-by-node log and pods (model/apiserver/pod-node-index.ts, the
 * watch cache's indexed trigger for spec.nodeName). The store keeps its own, of its log, in `StoreState.indexes`.
 */
export type Indexes = PodNodeIndexes;

/** A timer: an action that fires at a logical time. */
export interface TimerEntry {
  readonly due: number;
  /** Who set it, e.g. "kubelet/n1 heartbeat" (also its identity: setting it again replaces it). */
  readonly id: string;
  readonly action: Action;
  /**
   * A periodic timer (a heartbeat, a resync) fires forever; settle does not wait for it, only for one-shot
   * timers (grace periods, back-offs), which are what make a cluster change on its own.
   */
  readonly periodic?: boolean;
}

/** Timers by due time, and an index from id to due-time key so that re-setting one is O(log n). */
export interface Timers {
  readonly byDue: BTree<TimerEntry>;
  readonly byId: BTree<string>;
  /** How many of the timers are one-shot. */
  readonly oneShot: number;
}

export interface State {
  readonly clock: Clock;
  readonly store: StoreState<KObject>;
  readonly api: ApiServerState;
  readonly components: BTree<ComponentState>;
  readonly timers: Timers;
  readonly world: WorldState;
  /** What the cluster is made of (model/config.ts): constant for a run, so a state says which model it belongs to. */
  readonly config: ClusterConfig;
  /**
   * Derived: rebuildable from the store alone (model/indexes.ts rebuildIndexes), kept only so that reads need not
   * scan it; never part of a state's identity (the fingerprint drops this field whole). Every index computed from
   * other fields belongs here, or in the store's own `indexes`.
   */
  readonly indexes: Indexes;
}

/**
 * Component `id`, with its memory typed M: the caller names by the id a component of the kind whose memory is M
 * (its own id, or the fixed id of another component it works with, such as kube-proxy on a node).
 *
 * The one cast from the state's ComponentState<unknown> to a typed component. It is sound as long as the id is
 * right: the component under an id keeps its kind (a restart keeps it), and its memory is always one its kind's
 * behaviour made (initialMemory) or one written under the same id by updateComponent (model/components/update.ts;
 * eraseMemory in model/components/behavior.ts says why the runtime keeps it so). It lives here, beside the type,
 * so that the API server's modules (a layer below the components) can use it too, as the quota accessor does.
 */
export const componentAt = <M = unknown>(state: State, id: string): ComponentState<M> | undefined =>
  btreeGet(state.components, id) as ComponentState<M> | undefined;
