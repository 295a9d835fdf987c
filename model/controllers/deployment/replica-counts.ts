/**
 * Replica sums over a deployment's ReplicaSets.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (GetReplicaCountForReplicaSets,
 * GetActualReplicaCountForReplicaSets, GetReadyReplicaCountForReplicaSets, GetAvailableReplicaCountForReplicaSets,
 * GetTerminatingReplicaCountForReplicaSets). nil entries are skipped, as in Go. Pure.
 */
import { rsReplicas, type ReplicaSetV } from "./types.ts";

type RSList = readonly (ReplicaSetV | null | undefined)[];

function sum(rss: RSList, f: (rs: ReplicaSetV) => number): number {
  let total = 0;
  for (const rs of rss) if (rs != null) total += f(rs);
  return total;
}

/** Σ spec.replicas. Follows deployment_util.go (GetReplicaCountForReplicaSets). */
export function getReplicaCountForReplicaSets(rss: RSList): number {
  return sum(rss, rsReplicas);
}

/** Σ status.replicas (non-terminating pods). Follows deployment_util.go (GetActualReplicaCountForReplicaSets). */
export function getActualReplicaCountForReplicaSets(rss: RSList): number {
  return sum(rss, (rs) => rs.status?.replicas ?? 0);
}

/** Σ status.readyReplicas. Follows deployment_util.go (GetReadyReplicaCountForReplicaSets). */
export function getReadyReplicaCountForReplicaSets(rss: RSList): number {
  return sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
}

/** Σ status.availableReplicas. Follows deployment_util.go (GetAvailableReplicaCountForReplicaSets). */
export function getAvailableReplicaCountForReplicaSets(rss: RSList): number {
  return sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
}

/**
 * Σ status.terminatingReplicas, or null when it is unknown: a ReplicaSet that the ReplicaSet controller has
 * already observed (observedGeneration > 0) but that reports no terminatingReplicas makes the sum unknown, while a
 * ReplicaSet not yet observed (observedGeneration 0, no terminatingReplicas) counts as 0.
 * Follows deployment_util.go (GetTerminatingReplicaCountForReplicaSets), as its test asserts.
 */
export function getTerminatingReplicaCountForReplicaSets(rss: RSList): number | null {
  let total = 0;
  for (const rs of rss) {
    if (rs == null) continue;
    const terminating = rs.status?.terminatingReplicas;
    if (terminating == null) {
      if ((rs.status?.observedGeneration ?? 0) === 0) continue; // unsynced: nothing terminating yet
      return null;
    }
    total += terminating;
  }
  return total;
}

/**
 * Σ max(spec.replicas, status.replicas): the pods each ReplicaSet has or is about to have, counting pods that are
 * still running above a lowered spec. The TerminationComplete pod replacement policy adds the terminating pods to
 * this. Reconstructed from rolling_test.go (TestDeploymentController_reconcileNewReplicaSet, the "status pods"
 * and "maxSurge and terminating and status pods" cases), which pin down this per-ReplicaSet maximum.
 */
export function getSpecOrActualReplicaCountForReplicaSets(rss: RSList): number {
  return sum(rss, (rs) => Math.max(rsReplicas(rs), rs.status?.replicas ?? 0));
}
