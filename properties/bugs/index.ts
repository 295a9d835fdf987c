/** The bug zoo: every documented bug kubeprop can switch on, and a way to run code with one switched on. */
import type { Bug } from "./types.ts";

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

export const BUGS: Bug[] = [noCacheSyncWait, clusterIPRepairReuse, namespaceCreateRace, pvDoubleBind, pvReclaimUnseenClaim, rsNoExpectations, schedulerNoAssume, kubeletOrphanPod, admissionFailureEndlessReplacement, nodeEvictFullDisruption, hpaUnreadyScaleUp, deploymentMaxUnavailable, endpointsTerminatingReady, quotaNoCas];

export const bugById = (id: string): Bug | undefined => BUGS.find((b) => b.id === id);

/** Runs f with bug `id` switched on (null: the correct model), then switches it off again. */
export function withBug<T>(id: string | null, f: () => T): T {
  if (id === null) return f();
  const bug = bugById(id);
  if (!bug) throw new Error(`unknown bug "${id}"`);
  const off = bug.enable();
  try {
    return f();
  } finally {
    off();
  }
}

export type { Bug } from "./types.ts";
