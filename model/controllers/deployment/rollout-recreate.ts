/**
 * The Recreate strategy: every old pod is gone before a new one is created. Old ReplicaSets are scaled to 0;
 * the new ReplicaSet is created (at full size) only once no old ReplicaSet reports replicas and no pod of an old
 * ReplicaSet is left that has not terminated (a terminating pod still counts: it may still be running).
 *
 * Follows pkg/controller/deployment/recreate.go (rolloutRecreate, scaleDownOldReplicaSetsForRecreate,
 * oldPodsRunning, scaleUpNewReplicaSetForRecreate) and deployment_controller.go (getPodMapForDeployment).
 */
import type { KObject } from "../../objects/types.ts";
import { controllerRefOf } from "../../objects/types.ts";
import { cacheList } from "../../informers/cache.ts";
import { labelSelectorAsSelectorCached, type LabelSelector } from "../../labels/index.ts";
import { cleanupDeployment } from "./cleanup.ts";
import type { SyncContext } from "./context.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replica-set.ts";
import { deploymentComplete } from "./progress.ts";
import { getActualReplicaCountForReplicaSets } from "./replica-counts.ts";
import { filterActiveReplicaSets } from "./replica-set-order.ts";
import { syncRolloutStatus } from "./status-sync.ts";
import { deploymentReplicas, rsReplicas, type DeploymentV, type ReplicaSetV } from "./types.ts";
import { scaleReplicaSetAndRecordEvent } from "./writes.ts";

/**
 * The cached pods of the deployment's ReplicaSets other than `newRS` (selector match, controller reference to one
 * of `rsList`). getPodMapForDeployment lists them for every sync; only Recreate uses them, so the model lists them
 * only here (a scan of the namespace's pods, which a rolling deployment never pays).
 */
function oldPods(ctx: SyncContext, d: DeploymentV, rsList: readonly ReplicaSetV[], newRS: ReplicaSetV | undefined): KObject[] {
  const selector = labelSelectorAsSelectorCached(d.spec?.selector as LabelSelector | undefined);
  const uids = new Set(rsList.map((rs) => rs.metadata?.uid));
  if (newRS !== undefined) uids.delete(newRS.metadata?.uid);
  return cacheList(ctx.c, "pods", d.metadata!.namespace!).filter((p) => {
    const ref = controllerRefOf(p);
    return ref !== undefined && uids.has(ref.uid) && selector.matches({ ...(p.metadata.labels ?? {}) });
  });
}

/**
 * Whether old pods may still run: an old ReplicaSet reports replicas, or a pod of one is not Succeeded/Failed
 * (Unknown counts as running: it cannot be known to have stopped). Follows recreate.go (oldPodsRunning).
 */
export function oldPodsRunning(oldRSs: readonly ReplicaSetV[], pods: () => readonly KObject[]): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  return pods().some((p) => p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded");
}

/** One Recreate pass. Throws a SyncError when the sync must be retried. Follows recreate.go (rolloutRecreate). */
export function rolloutRecreate(ctx: SyncContext, rsList: readonly ReplicaSetV[]): void {
  // Not created yet: scaling up before the old pods are gone is what Recreate must not do.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  let allRSs: (ReplicaSetV | undefined)[] = [...oldRSs, newRS];

  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    if (rsReplicas(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(ctx, rs, 0).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS);

  const d = ctx.d;
  if (oldPodsRunning(oldRSs, () => oldPods(ctx, d, rsList, newRS))) return syncRolloutStatus(ctx, allRSs, newRS);

  if (newRS === undefined) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS !== undefined) scaleReplicaSetAndRecordEvent(ctx, newRS, deploymentReplicas(ctx.d));

  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}
