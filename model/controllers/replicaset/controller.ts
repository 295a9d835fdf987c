/**
 * The ReplicaSet and ReplicationController controllers: one implementation, two flavors, as in Kubernetes
 * (pkg/controller/replicaset/replica_set.go NewBaseController; pkg/controller/replication runs it on
 * ReplicationControllers through a conversion).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { REPLICA_SET_FLAVOR, REPLICATION_CONTROLLER_FLAVOR, type ControllerFlavor } from "./flavor.ts";
import { controllerKeysFor } from "./event-handlers.ts";
import { initialReplicaSetControllerMemory, syncReplicaSet, type ReplicaSetControllerMemory } from "./sync.ts";
import { replicaSetIndexers, type PodLister } from "./pod-index.ts";

/** BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/** Options of {@link makeReplicaSetBehavior}. */
export interface ReplicaSetBehaviorOptions {
  /** Which kind to manage (default: ReplicaSet). */
  readonly flavor?: ControllerFlavor;
  /**
   * Whether the controller waits for its creates and deletes to show up in its pod informer before acting on
   * that controller again (default true). False is the bug-zoo variant: a lagging cache then makes it create
   * (or delete) twice.
   */
  readonly expectations?: boolean;
  /** At most this many creates or deletes per sync (default {@link BURST_REPLICAS}). */
  readonly burstReplicas?: number;
  /** ComponentBehavior.kind to register under (default: the flavor's). */
  readonly kind?: string;
  /**
   * How a sync finds the controller's pods: "index" (default; the pod informer's controller index, as
   * Kubernetes 1.33+) or "namespace-scan" (list the namespace, as earlier releases; no informer indexes).
   */
  readonly podLister?: PodLister;
}

/** A ReplicaSet-style controller behaviour. */
export function makeReplicaSetBehavior(options: ReplicaSetBehaviorOptions = {}): ComponentBehavior<ReplicaSetControllerMemory> {
  const flavor = options.flavor ?? REPLICA_SET_FLAVOR;
  const podLister = options.podLister ?? "index";
  const opts = { flavor, expectations: options.expectations ?? true, burstReplicas: options.burstReplicas ?? BURST_REPLICAS, podLister };
  return {
    kind: options.kind ?? flavor.behaviorKind,
    source: flavor.source,
    watches: () => [{ resource: flavor.resource }, { resource: "pods" }],
    // Pods by controller and controllers by owner: a sync reads its own pods, not its namespace's.
    ...(podLister === "index" ? { indexers: replicaSetIndexers(flavor) } : {}),
    keysFor: (resource, ev, c) => controllerKeysFor(flavor, resource, ev, c),
    reconcile: (state, c, key, log) => syncReplicaSet(state, c, key, opts, log),
    initialMemory: initialReplicaSetControllerMemory,
    // Run waits for both informers to have listed (WaitForNamedCacheSync) before starting workers: a sync
    // against an unlisted pod cache would see no pods and create a full set of duplicates.
    active: (_state, c) => ({ watch: true, work: Object.values(c.informers).every((i) => i.synced) }),
  };
}

/** The ReplicaSet controller (kind "replicaset-controller", id "kube-controller-manager/replicaset"). */
export const replicaSetBehavior: ComponentBehavior<ReplicaSetControllerMemory> = makeReplicaSetBehavior();

/**
 * The ReplicationController controller (kind "replicationcontroller-controller",
 * id "kube-controller-manager/replicationcontroller").
 */
export const replicationControllerBehavior: ComponentBehavior<ReplicaSetControllerMemory> = makeReplicaSetBehavior({ flavor: REPLICATION_CONTROLLER_FLAVOR });
