/** The bug zoo: every documented bug kubeprop can switch on, and the cluster config with one switched on. */
import type { Bug } from "./types.ts";
import { DEFAULT_CLUSTER_CONFIG, withVariant, type ClusterConfig } from "../../model/config.ts";

import { noCacheSyncWait } from "./no-cache-sync-wait.ts";
import { clusterIPRepairReuse } from "./clusterip-repair-reuse.ts";
import { namespaceCreateRace } from "./namespace-create-race.ts";
import { pvDoubleBind } from "./pv-double-bind.ts";
import { pvReclaimUnseenClaim } from "./pv-reclaim-unseen-claim.ts";
import { rsNoExpectations } from "./rs-no-expectations.ts";
import { schedulerNoAssume } from "./scheduler-no-assume.ts";
import { kubeletOrphanPod } from "./kubelet-orphan-pod.ts";
import { admissionFailureEndlessReplacement } from "./admission-failure-endless-replacement.ts";
import { nodeEvictFullDisruption } from "./node-evict-full-disruption.ts";
import { hpaUnreadyScaleUp } from "./hpa-unready-scale-up.ts";
import { deploymentMaxUnavailable } from "./deployment-maxunavailable.ts";
import { endpointsTerminatingReady } from "./endpoints-terminating-ready.ts";
import { quotaNoCas } from "./quota-no-cas.ts";

export const BUGS: readonly Bug[] = [noCacheSyncWait, clusterIPRepairReuse, namespaceCreateRace, pvDoubleBind, pvReclaimUnseenClaim, rsNoExpectations, schedulerNoAssume, kubeletOrphanPod, admissionFailureEndlessReplacement, nodeEvictFullDisruption, hpaUnreadyScaleUp, deploymentMaxUnavailable, endpointsTerminatingReady, quotaNoCas];

/** The zoo's bug with this id, or one of `more` (a plugin's). */
export const bugById = (id: string, more: readonly Bug[] = []): Bug | undefined => BUGS.find((b) => b.id === id) ?? more.find((b) => b.id === id);

/** The config of a cluster with `bug` switched in (the config itself for none). */
export function configWithBug(bug: Bug | undefined, base: ClusterConfig = DEFAULT_CLUSTER_CONFIG): ClusterConfig {
  return bug ? withVariant(base, bug.variant) : base;
}

export type { Bug } from "./types.ts";

/**
 * The same cluster state with `bug`'s variant in its config: from the next step on, its components run with the
 * bug (as a test that swaps a controller's build mid-run; components already running keep their informers).
 */
export function stateWithBug<S extends { readonly config: ClusterConfig }>(state: S, bug: Bug): S {
  return { ...state, config: configWithBug(bug, state.config) };
}
