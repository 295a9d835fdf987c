/**
 * How the store names revisions and buckets in its B-tree keys: shared by the store (store.ts), its derived log
 * indexes (log-indexes.ts) and the watchers that poll a bucket's newest revision.
 */

/** Width of zero-padded revisions in log keys (enough for 10^15 writes). */
const REV_WIDTH = 15;

/** A revision as a B-tree key: zero-padded, so key order is revision order. */
export const revKey = (rev: number): string => String(rev).padStart(REV_WIDTH, "0");

/**
 * The watch bucket of a key: its first two path segments, e.g. "/registry/pods/" for
 * "/registry/pods/ns/name". Kubernetes watches one resource prefix at a time, so bucketing by it keeps a
 * watch's cost proportional to that resource's events.
 */
export function bucketOf(key: string): string {
  const a = key.indexOf("/", 1);
  if (a < 0) return key;
  const b = key.indexOf("/", a + 1);
  return b < 0 ? key : key.slice(0, b + 1);
}
