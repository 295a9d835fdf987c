/**
 * Ordering and filtering of ReplicaSet lists.
 *
 * Follows pkg/controller/controller_utils.go (ReplicaSetsByCreationTimestamp, FilterActiveReplicaSets). Pure:
 * returns new arrays (Go sorts in place).
 */
import { rsReplicas, type ReplicaSetV } from "./types.ts";

/** Creation time in ms; a missing or unparsable timestamp is Go's zero time, before every real one. */
function createdAt(rs: ReplicaSetV): number {
  const ts = rs.metadata?.creationTimestamp;
  if (ts === undefined) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/**
 * Compares by creation timestamp, oldest first, then by name.
 * Follows controller_utils.go (ReplicaSetsByCreationTimestamp.Less).
 */
export function compareReplicaSetsByCreationTimestamp(a: ReplicaSetV, b: ReplicaSetV): number {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta === tb) {
    const na = a.metadata?.name ?? "";
    const nb = b.metadata?.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ta < tb ? -1 : 1;
}

/** A copy of `rss` sorted oldest first (ties by name). */
export function sortReplicaSetsByCreationTimestamp<T extends ReplicaSetV>(rss: readonly T[]): T[] {
  return [...rss].sort(compareReplicaSetsByCreationTimestamp);
}

/**
 * The ReplicaSets that have pods to manage: spec.replicas > 0.
 * Follows controller_utils.go (FilterActiveReplicaSets).
 */
export function filterActiveReplicaSets<T extends ReplicaSetV>(rss: readonly (T | null | undefined)[]): T[] {
  return rss.filter((rs): rs is T => rs != null && rsReplicas(rs) > 0);
}
