/** The ReplicaSet / ReplicationController controller: public API. */
export { BURST_REPLICAS, makeReplicaSetBehavior, replicaSetBehavior, replicationControllerBehavior, type ReplicaSetBehaviorOptions } from "./controller.ts";
export { REPLICA_SET_FLAVOR, REPLICATION_CONTROLLER_FLAVOR, type ControllerFlavor } from "./flavor.ts";
export { EXPECTATIONS_TIMEOUT_SECONDS, type ControlleeExpectations, type ExpectationsStore } from "./expectations.ts";
export { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatchSizes } from "./slow-start.ts";
export { getPodsToDelete, deletionLess, POD_DELETION_COST_ANNOTATION } from "./deletion-ranking.ts";
export { memoryOf as replicaSetControllerMemory, type ReplicaSetControllerMemory } from "./sync.ts";
export { CONTROLLER_UID_INDEX, POD_CONTROLLER_INDEX, ORPHAN_POD_INDEX_KEY, getRSPods, podControllerIndexKey, replicaSetIndexers, type PodLister } from "./pod-index.ts";
