/**
 * The world: what is not in the API. Machines and what really runs on them (the container runtime, the
 * "Docker Engine" of each node), data on node disks, and the metrics source the HPA reads. Components see the
 * world only through their own node (the kubelet) or through API objects.
 */
import type { BTree } from "../collections/btree.ts";
import type { KObject } from "../objects/types.ts";
import type { CloudState } from "../controllers/service/cloud.ts";

/** One container as the runtime runs it. */
export interface RuntimeContainer {
  readonly name: string;
  readonly image: string;
  readonly state: "waiting" | "running" | "terminated";
  /** Logical time it started (running) or finished (terminated). */
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly exitCode?: number;
  /** Restarts so far, as containerStatuses[].restartCount. */
  readonly restartCount: number;
  /** The readiness probe's current answer (actions flip it). */
  readonly ready: boolean;
  /** Waiting reason (ContainerCreating, CrashLoopBackOff, ...). */
  readonly reason?: string;
  /** The previous termination, as lastState.terminated. */
  readonly lastExitCode?: number;
  /** CrashLoopBackOff: the back-off in seconds and when the container may start again. */
  readonly backoff?: number;
  readonly restartAt?: number;
}

/** A pod sandbox on a machine: the pause container, its IP, its containers and volumes. */
export interface RuntimePod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly sandboxRunning: boolean;
  readonly initContainers: readonly RuntimeContainer[];
  readonly containers: readonly RuntimeContainer[];
  /** Volume name → where its data lives (e.g. "emptyDir:/var/lib/kubelet/pods/<uid>/volumes/x"). */
  readonly volumes: Readonly<Record<string, string>>;
  /** Set when the kubelet began killing the pod (graceful deletion or eviction). */
  readonly terminating?: boolean;
}

export interface Machine {
  readonly name: string;
  readonly up: boolean;
  /** Partitioned from the API server: containers keep running, the kubelet cannot reach the API. */
  readonly partitioned: boolean;
  readonly capacity: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Static pod manifests in the node's own configuration (/etc/kubernetes/manifests). */
  readonly staticPods?: readonly KObject[];
  /** The node's pod CIDR (10.244.<i>.0/24) and the next host number to give out. */
  readonly podCIDR: string;
  readonly nextIP: number;
  /** Pod sandboxes by pod uid. */
  readonly pods: BTree<RuntimePod>;
  /** hostPath directories that exist on this node's disk (they outlive pods). */
  readonly hostPaths: readonly string[];
}

/** Metrics the metrics server would report, per pod (namespace/name). */
export interface PodMetrics {
  readonly cpuMilli?: number;
  /** Custom pods metrics by name, in milli-units. */
  readonly custom?: Readonly<Record<string, number>>;
}

export interface WorldState {
  readonly machines: BTree<Machine>;
  readonly metrics: BTree<PodMetrics>;
  /** The model cloud's load balancers (model/controllers/service/cloud.ts). */
  readonly cloud: CloudState;
}
