/**
 * Writing the deployment's status: plainly (syncDeploymentStatus, for scaling and paused deployments) or with the
 * rollout's progress estimate (syncRolloutStatus), which also arms the progress-deadline check.
 *
 * Follows pkg/controller/deployment/sync.go (syncDeploymentStatus) and progress.go (syncRolloutStatus,
 * requeueStuckDeployment).
 */
import { enqueueAfter } from "../../informers/enqueue-after.ts";
import type { SyncContext } from "./context.ts";
import { calculateStatus, deploymentStatusEqual, rolloutStatus, stuckDeploymentRequeueDelay } from "./rollout-status.ts";
import type { ReplicaSetV } from "./types.ts";
import { updateDeploymentStatus } from "./writes.ts";

/** Writes calculateStatus when it differs from the deployment's status. Follows sync.go (syncDeploymentStatus). */
export function syncDeploymentStatus(ctx: SyncContext, allRSs: readonly (ReplicaSetV | undefined)[], newRS: ReplicaSetV | undefined): void {
  const newStatus = calculateStatus(allRSs, newRS, ctx.d, ctx.state.clock.now);
  if (deploymentStatusEqual(ctx.d.status, newStatus)) return;
  ctx.d = { ...ctx.d, status: newStatus };
  updateDeploymentStatus(ctx);
}

/**
 * Writes the status with the Progressing condition estimated. When nothing changed, a rollout that is neither
 * complete nor timed out is looked at again when its deadline passes (AddAfter), since nothing else would wake it
 * before the next resync (kubernetes#34458). Follows progress.go (syncRolloutStatus).
 */
export function syncRolloutStatus(ctx: SyncContext, allRSs: readonly (ReplicaSetV | undefined)[], newRS: ReplicaSetV | undefined): void {
  const now = ctx.state.clock.now;
  const newStatus = rolloutStatus(allRSs, newRS, ctx.d, now);
  if (deploymentStatusEqual(ctx.d.status, newStatus)) {
    const delay = stuckDeploymentRequeueDelay(ctx.d, newStatus, now);
    if (delay !== undefined) ctx.state = enqueueAfter(ctx.state, ctx.c.id, ctx.key, delay);
    return;
  }
  ctx.d = { ...ctx.d, status: newStatus };
  updateDeploymentStatus(ctx);
}
