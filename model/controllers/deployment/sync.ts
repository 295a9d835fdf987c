/**
 * The Deployment controller's sync handler: one deployment key at a time, in the order of precedence Kubernetes
 * uses — a deleted deployment only gets its status; pause bookkeeping; a paused deployment is only scaled; a
 * resize is only scaled; otherwise the strategy rolls out.
 *
 * Follows pkg/controller/deployment/deployment_controller.go (syncDeployment) and sync.go (sync, syncStatusOnly,
 * checkPausedConditions). The legacy rollback annotation of apps/v1 (deprecated.deployment.rollback.to, set only
 * by extensions/v1beta1 clients' spec.rollbackTo) is not acted on: a rollback is the user setting an older template
 * back, which getNewReplicaSet turns into reusing that template's ReplicaSet with the next revision.
 */
import { splitMetaNamespaceKey } from "../../objects/types.ts";
import { cacheGet } from "../../informers/cache.ts";
import { getReplicaSetsForDeployment } from "./claim.ts";
import {
  DEPLOYMENT_PROGRESSING,
  PAUSED_DEPLOY_REASON,
  RESUMED_DEPLOY_REASON,
  TIMED_OUT_REASON,
  getDeploymentCondition,
  newDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.ts";
import { SyncError, asDeployment, type SyncContext } from "./context.ts";
import { cleanupDeployment } from "./cleanup.ts";
import { semanticJson } from "./hash.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replica-set.ts";
import { hasProgressDeadline } from "./rollout-status.ts";
import { rolloutRecreate } from "./rollout-recreate.ts";
import { rolloutRolling } from "./rollout-rolling.ts";
import { isScalingEvent, scale } from "./scale.ts";
import { syncDeploymentStatus } from "./status-sync.ts";
import type { ReplicaSetV } from "./types.ts";
import { recordDeploymentEvent, updateDeploymentStatus } from "./writes.ts";

/**
 * Scales (proportionally when mid-rollout), cleans up old ReplicaSets of a paused deployment, and writes the
 * status, without rolling out. Follows sync.go (sync).
 */
export function syncScaleOnly(ctx: SyncContext, rsList: readonly ReplicaSetV[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  scale(ctx, newRS, oldRSs);
  if (ctx.d.spec?.paused) cleanupDeployment(ctx, oldRSs);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

/** Only the status, for a deployment being deleted. Follows sync.go (syncStatusOnly). */
export function syncStatusOnly(ctx: SyncContext, rsList: readonly ReplicaSetV[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

/**
 * Records pausing and resuming in the Progressing condition (status Unknown), so that the time spent paused does
 * not count against progressDeadlineSeconds after a resume. A timed-out condition is kept. Follows sync.go
 * (checkPausedConditions).
 */
export function checkPausedConditions(ctx: SyncContext): void {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const now = ctx.state.clock.now;
  let condition;
  if (d.spec?.paused && !pausedCondExists) condition = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "Unknown", PAUSED_DEPLOY_REASON, "Deployment is paused", now);
  else if (!d.spec?.paused && pausedCondExists) condition = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "Unknown", RESUMED_DEPLOY_REASON, "Deployment is resumed", now);
  if (condition === undefined) return;
  ctx.d = { ...d, status: setDeploymentCondition(d.status ?? {}, condition) };
  updateDeploymentStatus(ctx);
}

/**
 * syncDeployment for the key in `ctx`: reads the deployment from the cache (gone: nothing to do), refuses a
 * selector that selects everything, claims ReplicaSets, then dispatches. Throws a SyncError for a retry.
 */
export function syncDeployment(ctx: SyncContext): void {
  const { namespace, name } = splitMetaNamespaceKey(ctx.key);
  const cached = cacheGet(ctx.c, "deployments.apps", `${namespace}/${name}`);
  if (!cached) return; // deleted: its ReplicaSets are the garbage collector's
  ctx.d = asDeployment(cached);
  const d = ctx.d;

  if (semanticJson(d.spec?.selector ?? null) === "{}") {
    recordDeploymentEvent(ctx, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
      ctx.d = { ...d, status: { ...(d.status ?? {}), observedGeneration: d.metadata?.generation ?? 0 } };
      try {
        updateDeploymentStatus(ctx);
      } catch {
        // Go ignores this write's error.
      }
    }
    return;
  }

  const rsList = getReplicaSetsForDeployment(ctx);
  if (d.metadata?.deletionTimestamp) return syncStatusOnly(ctx, rsList);

  checkPausedConditions(ctx);
  if (ctx.d.spec?.paused) return syncScaleOnly(ctx, rsList);
  if (isScalingEvent(ctx, rsList)) return syncScaleOnly(ctx, rsList);

  switch (ctx.d.spec?.strategy?.type) {
    case "Recreate":
      return rolloutRecreate(ctx, rsList);
    case "RollingUpdate":
      return rolloutRolling(ctx, rsList);
    default:
      throw new SyncError(`unexpected deployment strategy type: ${ctx.d.spec?.strategy?.type ?? ""}`);
  }
}
