/**
 * The RollingUpdate strategy: one step of a rolling update per sync. The new ReplicaSet is created (or found)
 * first; then it is scaled up as far as maxSurge allows, or, when it cannot grow, old ReplicaSets are scaled down
 * as far as maxUnavailable allows (unhealthy replicas first). The arithmetic is rolling.ts's; this file applies
 * its decisions through the API server, in Go's order.
 *
 * Follows pkg/controller/deployment/rolling.go (rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets).
 */
import { cleanupDeployment } from "./cleanup.ts";
import { SyncError, type SyncContext } from "./context.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replica-set.ts";
import { deploymentComplete } from "./progress.ts";
import { filterActiveReplicaSets } from "./replica-set-order.ts";
import { reconcileNewReplicaSet, reconcileOldReplicaSets, type ScaleDecision } from "./rolling.ts";
import { syncRolloutStatus } from "./status-sync.ts";
import type { ReplicaSetV } from "./types.ts";
import { scaleReplicaSet } from "./writes.ts";

/**
 * Applies resize decisions in order. A ReplicaSet resized twice (cleanup, then scale-down) is written the second
 * time from the object the first write returned, as Go does, so its resourceVersion is current. Returns whether
 * every write succeeded; throws nothing (the caller decides what a failure means).
 */
function applyDecisions(ctx: SyncContext, decisions: readonly ScaleDecision[], rss: readonly ReplicaSetV[]): boolean {
  const latest = new Map<string, ReplicaSetV>();
  for (const rs of rss) latest.set(rs.metadata!.name!, rs);
  for (const dec of decisions) {
    const base = latest.get(dec.name ?? "");
    if (base === undefined) return false;
    try {
      latest.set(dec.name!, scaleReplicaSet(ctx, base, dec.to, dec.direction).rs);
    } catch (e) {
      if (e instanceof SyncError) return false;
      throw e;
    }
  }
  return true;
}

/** One rolling-update pass. Throws a SyncError when the sync must be retried. Follows rolling.go (rolloutRolling). */
export function rolloutRolling(ctx: SyncContext, rsList: readonly ReplicaSetV[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  if (newRS === undefined) throw new SyncError("the new replica set was not created");
  const allRSs = [...oldRSs, newRS];

  // Scale up, if we can.
  let up;
  try {
    up = reconcileNewReplicaSet(allRSs, newRS, ctx.d, ctx.opts.gates);
  } catch (e) {
    throw new SyncError((e as Error).message);
  }
  if (up.decision !== null) {
    const r = scaleReplicaSet(ctx, newRS, up.decision.to, up.decision.direction);
    if (r.scaled) return syncRolloutStatus(ctx, allRSs, newRS);
  }

  // Scale down, if we can. Go logs and swallows failures here: the pass then goes on as if nothing was scaled.
  const down = reconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS, ctx.d);
  const applied = applyDecisions(ctx, down.decisions, allRSs);
  if (applied && down.error === undefined && down.scaled) return syncRolloutStatus(ctx, allRSs, newRS);

  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}
