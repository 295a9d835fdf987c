/** A state with nothing in it: time 0, an empty etcd, no components (bootstrap starts a cluster from here). */
import type { State } from "./state.ts";
import type { KObject } from "./objects/types.ts";
import { btreeEmpty } from "./collections/btree.ts";
import { storeEmpty } from "./store/store.ts";
import { emptyServiceAllocators } from "./apiserver/service/allocator-state.ts";
import { podNodeIndexesEmpty } from "./apiserver/pod-node-index.ts";
import { emptyCloud } from "./world/cloud.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "./config.ts";

export function emptyState(config: ClusterConfig = DEFAULT_CLUSTER_CONFIG): State {
  return {
    clock: { now: 0 },
    store: storeEmpty<KObject>(),
    api: { nextUid: 1, customResources: {}, serviceAllocators: emptyServiceAllocators(), podNodeRevision: btreeEmpty() },
    components: btreeEmpty(),
    timers: { byDue: btreeEmpty(), byId: btreeEmpty(), oneShot: 0 },
    world: { machines: btreeEmpty(), metrics: btreeEmpty(), cloud: emptyCloud() },
    config,
    indexes: podNodeIndexesEmpty(),
  };
}
