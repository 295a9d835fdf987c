/**
 * Revision history cleanup: a deployment keeps at most spec.revisionHistoryLimit old ReplicaSets (for rollbacks
 * and history) and deletes the oldest beyond that, but only ReplicaSets that are scaled to 0, have no pods left
 * and whose status reflects their latest spec (a ReplicaSet whose scale-down the ReplicaSet controller has not yet
 * observed may still have pods that would be orphaned).
 *
 * Follows pkg/controller/deployment/sync.go (cleanupDeployment).
 */
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { SyncError, type SyncContext } from "./context.ts";
import { sortReplicaSetsByRevision } from "./revision.ts";
import { hasRevisionHistoryLimit } from "./rollout-status.ts";
import { rsReplicas, type ReplicaSetV } from "./types.ts";
import { isNamespaceTerminating } from "./writes.ts";

/**
 * Deletes the oldest (by revision) old ReplicaSets beyond revisionHistoryLimit that are safe to delete. Stops at
 * the first refused delete (a 404 is fine): errors are not aggregated, so as not to pile load on an API server
 * that is failing. Follows sync.go (cleanupDeployment).
 */
export function cleanupDeployment(ctx: SyncContext, oldRSs: readonly ReplicaSetV[]): void {
  const d = ctx.d;
  if (!hasRevisionHistoryLimit(d)) return;
  // A ReplicaSet already being deleted is neither counted nor deleted again.
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - (d.spec!.revisionHistoryLimit as number);
  if (diff <= 0) return;
  const byRevision = sortReplicaSetsByRevision(cleanable);
  for (let i = 0; i < diff; i++) {
    const rs = byRevision[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    const r = send(ctx.state, ctx.c.id, { verb: "delete", resource: "replicasets.apps", namespace: rs.metadata!.namespace!, name: rs.metadata!.name! }, ctx.log);
    ctx.state = r.state;
    if (isStatus(r.result) && r.result.code !== 404) throw new SyncError(r.result.message, isNamespaceTerminating(r.result));
  }
}
