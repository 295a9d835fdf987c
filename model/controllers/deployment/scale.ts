/**
 * Scaling a deployment that is not rolling out: a resize (spec.replicas changed) or any sync of a paused
 * deployment. When several ReplicaSets are active (mid-rollout), the new size is spread over them in proportion
 * to their sizes, so that a resize neither hastens nor reverses the rollout: scaling only the new ReplicaSet up
 * (or only the old ones down) would raise the share of a template that may be broken.
 *
 * Follows pkg/controller/deployment/sync.go (scale, isScalingEvent) and util/deployment_util.go (IsSaturated).
 */
import { getDesiredReplicasAnnotation } from "./annotations.ts";
import type { SyncContext } from "./context.ts";
import { maxSurge } from "./fenceposts.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replica-set.ts";
import { getReplicaSetProportion, isSaturated } from "./replica-math.ts";
import { getReplicaCountForReplicaSets } from "./replica-counts.ts";
import { findActiveOrLatest, sortReplicaSetsBySizeNewer, sortReplicaSetsBySizeOlder } from "./replica-set-find.ts";
import { filterActiveReplicaSets } from "./replica-set-order.ts";
import { deploymentReplicas, isRollingUpdate, rsReplicas, type DeploymentV, type ReplicaSetV } from "./types.ts";
import { scaleReplicaSet, scaleReplicaSetAndRecordEvent } from "./writes.ts";

/**
 * IsSaturated as the controller applies it. The bug-zoo variant (kubernetes#44436) leaves out the availability
 * check, so a new ReplicaSet of the right size whose pods never became available counts as saturated.
 */
function saturated(ctx: SyncContext, d: DeploymentV, rs: ReplicaSetV | undefined): boolean {
  if (!ctx.opts.saturatedIgnoresAvailability) return isSaturated(d, rs);
  if (rs === undefined) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  return desired.valid && rsReplicas(rs) === deploymentReplicas(d) && desired.value === deploymentReplicas(d);
}

/**
 * Brings the ReplicaSets to the deployment's size: the only active (or the newest) one to spec.replicas; the old
 * ones to 0 when the new one is saturated; otherwise, for a rolling deployment, every active one by its
 * proportion of (spec.replicas + maxSurge) − Σ replicas, larger ones first (newer first when growing, older first
 * when shrinking), leftovers to the first. Throws a SyncError when a write is refused. Follows sync.go (scale).
 */
export function scale(ctx: SyncContext, newRS: ReplicaSetV | undefined, oldRSs: readonly ReplicaSetV[]): void {
  const d = ctx.d;
  const replicas = deploymentReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (rsReplicas(activeOrLatest) === replicas) return;
    scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas);
    return;
  }
  // A saturated new ReplicaSet (e.g. after adopting one) means the old ones should be gone.
  if (saturated(ctx, d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;

  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  // Replicas to add (or, negative, remove) across the active ReplicaSets.
  const toAdd = allowedSize - getReplicaCountForReplicaSets(allRSs);
  let ordered = allRSs;
  let operation = "";
  if (toAdd > 0) {
    ordered = sortReplicaSetsBySizeNewer(allRSs);
    operation = "up";
  } else if (toAdd < 0) {
    ordered = sortReplicaSetsBySizeOlder(allRSs);
    operation = "down";
  }
  // |added| never exceeds |toAdd|.
  let added = 0;
  const sizes = ordered.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const proportion = getReplicaSetProportion(rs, d, toAdd, added);
    added += proportion;
    return rsReplicas(rs) + proportion;
  });
  ordered.forEach((rs, i) => {
    let size = sizes[i]!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleReplicaSet(ctx, rs, size, operation);
  });
}

/**
 * Whether the deployment was resized: an active ReplicaSet's desired-replicas annotation differs from
 * spec.replicas. Syncs the new ReplicaSet's revision on the way (it does not create one).
 * Follows sync.go (isScalingEvent).
 */
export function isScalingEvent(ctx: SyncContext, rsList: readonly ReplicaSetV[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  const replicas = deploymentReplicas(ctx.d);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired.valid && desired.value !== replicas) return true;
  }
  return false;
}
