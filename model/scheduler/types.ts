/**
 * Data of the scheduler: its cache (node infos aggregated from its informers plus assumed pods), its scheduling
 * queue bookkeeping, and its options. Everything here is plain JSON kept in the component's memory, so it is lost
 * on restart exactly as kube-scheduler's in-process cache is.
 *
 * Follows pkg/scheduler/framework/types.go (NodeInfo, Resource), pkg/scheduler/backend/cache/cache.go
 * (podState, assumedPods) and pkg/scheduler/backend/queue/scheduling_queue.go (QueuedPodInfo, unschedulablePods).
 */
import type { BTree } from "../collections/btree.ts";
import type { KObject } from "../objects/types.ts";

/** A compute resource vector (framework.Resource): cpu in millicores, memory and storage in bytes. */
export interface Resources {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** Extended resources, hugepages and attachable volumes by name; absent when there are none. */
  readonly scalar?: Readonly<Record<string, number>>;
}

/** The cpu and memory a pod counts for in scoring, with defaults for containers that request neither. */
export interface NonZeroResources {
  readonly milliCPU: number;
  readonly memory: number;
}

/**
 * What the scheduler knows of one node (framework.NodeInfo): the Node object and the sums over the pods its
 * cache places there (informer-confirmed and assumed). The sums are kept incrementally, so a scheduling decision
 * reads O(1) per node instead of walking the node's pods.
 */
export interface NodeInfo {
  readonly name: string;
  /**
   * The Node as the node informer last delivered it. Undefined for a "ghost": the Node was deleted while the
   * cache still had pods on it (pod and node events come on different watches, so a pod's deletion may arrive
   * after its node's); ghosts are never scheduling candidates.
   */
  readonly node?: KObject;
  /** status.allocatable, parsed. */
  readonly allocatable: Resources;
  /** status.allocatable.pods, the pods-per-node limit. */
  readonly allowedPodNumber: number;
  /** Sum of the requests of the pods in the cache on this node. */
  readonly requested: Resources;
  /** The same with non-zero defaults (what LeastAllocated scores). */
  readonly nonZeroRequested: NonZeroResources;
  /** Number of pods in the cache on this node (the pods-per-node check). */
  readonly podCount: number;
}

/** One pod the cache accounts for on a node (the cache's podState). */
export interface CachedPod {
  readonly uid: string;
  readonly node: string;
  readonly requests: Resources;
  readonly nonZero: NonZeroResources;
  /**
   * Assumed: placed by this scheduler at bind time and not yet seen bound by its pod informer. The assumption
   * is what stops the next scheduling cycle from giving the same free room to another pod while the informer
   * lags behind the bind.
   */
  readonly assumed?: true;
  /** Set by FinishBinding: only then may an assumed pod expire. */
  readonly bindingFinished?: true;
  /** Logical time after which an assumed pod that was never confirmed is dropped (cleanupAssumedPods). */
  readonly deadline?: number;
}

/** Per-pod scheduling-queue bookkeeping (framework.QueuedPodInfo) for pods that have been tried. */
export interface QueuedPodInfo {
  /** Scheduling attempts so far: the back-off doubles with each. */
  readonly attempts: number;
  /** Logical time of the last attempt (the back-off runs from it). */
  readonly timestamp: number;
  /**
   * Plugins that rejected the pod in its last attempt (Diagnosis.UnschedulablePlugins): only cluster events
   * those plugins care about move it back to the active queue. Empty after an error (the pod backs off and
   * retries); {@link ANY_PLUGIN} when any event may help (no nodes at all).
   */
  readonly unschedulablePlugins: readonly string[];
}

/** The scheduler's local memory. */
export interface SchedulerMemory {
  /** Node infos by node name. */
  readonly nodes: BTree<NodeInfo>;
  /** Pods on nodes by namespace/name, confirmed or assumed. */
  readonly pods: BTree<CachedPod>;
  /** Queue bookkeeping of pending pods that were tried, by namespace/name. */
  readonly queued: BTree<QueuedPodInfo>;
  /** unschedulablePods: namespace/name → logical time the pod entered it. */
  readonly unschedulable: BTree<number>;
  /**
   * Names of the schedulable nodes (ghosts left out), sorted: the model's nodeTree. A cycle walks it from
   * nextStartNodeIndex and stops once it has enough feasible nodes, so it touches only the nodes it evaluates.
   * Changes only when a node is added or deleted.
   */
  readonly nodeOrder: readonly string[];
  /** Where the next filter pass starts (sched.nextStartNodeIndex), so every node gets its turn. */
  readonly nextStartNodeIndex: number;
}

/** Filter/score plugin names, as Kubernetes names them (they appear in queueing decisions). */
export const PLUGIN = {
  nodeUnschedulable: "NodeUnschedulable",
  taintToleration: "TaintToleration",
  nodeAffinity: "NodeAffinity",
  nodeResourcesFit: "NodeResourcesFit",
  balancedAllocation: "NodeResourcesBalancedAllocation",
  volumeBinding: "VolumeBinding",
} as const;

/** Marks a pod that any cluster event may make schedulable. */
export const ANY_PLUGIN = "*";

/** Score plugin weights. */
export interface ScoreWeights {
  readonly nodeResourcesFit: number;
  readonly balancedAllocation: number;
  readonly taintToleration: number;
  readonly nodeAffinity: number;
}

/**
 * The default profile's weights (pkg/scheduler/apis/config/v1/default_plugins.go): TaintToleration 3,
 * NodeAffinity 2, NodeResourcesFit 1 (LeastAllocated), NodeResourcesBalancedAllocation 1.
 */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { nodeResourcesFit: 1, balancedAllocation: 1, taintToleration: 3, nodeAffinity: 2 };

/** How a scheduler instance behaves; the bug zoo builds variants from these. */
export interface SchedulerOptions {
  /** Component kind the behaviour registers as (default "scheduler"). */
  readonly kind: string;
  /**
   * Assume pods in the cache at bind time (default true). Without it the cache learns of a placement only from
   * its pod informer, so two cycles inside the informer's lag can both give one node's last room away.
   */
  readonly assume: boolean;
  /**
   * Seconds after FinishBinding an assumed pod the informer never confirmed is dropped; 0 = never. Default 900,
   * the durationToExpireAssumedPod kube-scheduler used until issue #106361 (current releases use 0): a TTL
   * shorter than the informer's lag lets a stale cache over-commit a node.
   */
  readonly assumedPodTTLSeconds: number;
  /**
   * Treat a node whose Ready condition is not True as carrying the NoSchedule taint the node lifecycle
   * controller puts on it (node.kubernetes.io/not-ready for False or a missing condition, .../unreachable for
   * Unknown). Default true. Kubernetes' scheduler reads only the taint (TaintNodesByCondition); this closes the
   * window before the taint lands, as the old CheckNodeCondition predicate did.
   */
  readonly checkNodeReadyCondition: boolean;
  /** percentageOfNodesToScore (0 = adaptive, the default: 50% minus 1% per 125 nodes, at least 5%). */
  readonly percentageOfNodesToScore: number;
  readonly weights: ScoreWeights;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  kind: "scheduler",
  assume: true,
  assumedPodTTLSeconds: 900,
  checkNodeReadyCondition: true,
  percentageOfNodesToScore: 0,
  weights: DEFAULT_SCORE_WEIGHTS,
};

/** The scheduler name pods get by default and the only one this scheduler serves. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";
