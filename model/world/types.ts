/**
 * The world: what is not in the API. Machines and what really runs on them (the container runtime, the
 * "Docker Engine" of each node), data on node disks, and the metrics source the HPA reads. Components see the
 * world only through their own node (the kubelet) or through API objects.
 */
import type { BTree } from "../collections/btree.ts";
import type { KObject } from "../objects/types.ts";
import type { CloudState } from "./cloud.ts";
import type { ProbeRule } from "./probe-outcomes.ts";

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
  /**
   * The readiness result the kubelet holds for this container instance (its prober's results cache): true once
   * the readiness probe has succeeded (at once without a probe); pod.readiness flips it directly.
   */
  readonly ready: boolean;
  /** The probe workers' state for this instance (model/kubelet/probes.ts); absent until a probe has run. */
  readonly probes?: ContainerProbes;
  /** Waiting reason (ContainerCreating, CrashLoopBackOff, ...). */
  readonly reason?: string;
  /** The previous termination, as lastState.terminated. */
  readonly lastExitCode?: number;
  /** CrashLoopBackOff: the back-off in seconds and when the container may start again. */
  readonly backoff?: number;
  readonly restartAt?: number;
}

/**
 * One probe worker of a container instance (pkg/kubelet/prober/worker.go): the result it reported, the last
 * answer and how many times in a row it came (resultRun), and onHold after a liveness/startup failure killed
 * the container (no probing until a new instance).
 */
export interface ProbeWorkerState {
  readonly result: "success" | "failure" | "unknown";
  readonly last?: "success" | "failure";
  readonly run: number;
  readonly onHold?: true;
}

/** The probe workers of one container instance, by kind. */
export interface ContainerProbes {
  readonly readiness?: ProbeWorkerState;
  readonly liveness?: ProbeWorkerState;
  readonly startup?: ProbeWorkerState;
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
  /**
   * Network disks attached to this machine (ids of {@link WorldState.disks}, sorted): the machine's own view of
   * its block devices, which its kubelet reads to find the disks it may detach. Absent = none.
   */
  readonly attachedDisks?: readonly string[];
}

/** A pod that has a network disk mounted. */
export interface DiskUser {
  readonly node: string;
  readonly namespace: string;
  readonly name: string;
  /** Mounted read-write by one node only (the use that makes the attachment exclusive). */
  readonly exclusive: boolean;
}

/**
 * A network volume whose data lives outside every node (a GCE PD, an EBS volume, an NFS export, an iSCSI LUN,
 * a Ceph RBD image, a GlusterFS volume, a Flocker dataset): created on first use, never deleted, so what a pod
 * wrote is there for the next pod that mounts it, on any node. Its attachments are what the cloud / storage
 * backend reports (model/kubelet/attach.ts keeps them).
 */
export interface NetworkDisk {
  /** The volume identity, "<plugin>/<unique name>", e.g. "gce-pd/pd-1", "nfs/fs.example.com:/exports/a". */
  readonly id: string;
  /** The in-tree volume plugin, e.g. "kubernetes.io/gce-pd". */
  readonly plugin: string;
  /** Nodes the disk is attached to (mounted on, for nfs/glusterfs/flocker), sorted. */
  readonly attachedTo: readonly string[];
  /** Attached read-write to a single node (ReadWriteOnce): no other node may attach it meanwhile. */
  readonly exclusive: boolean;
  /** The pods that have it mounted (what the Multi-Attach error names), in node, namespace, name order. */
  readonly users: readonly DiskUser[];
  /** How many times a pod has mounted it over its life (its data outlives each of them). */
  readonly mounts: number;
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
  /** What containers' probes answer, as rules (model/world/probe-outcomes.ts); absent: every probe succeeds. */
  readonly probeRules?: readonly ProbeRule[];
  /** Network disks by id ({@link NetworkDisk}); absent until the first one is used. */
  readonly disks?: BTree<NetworkDisk>;
}
