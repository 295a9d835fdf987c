/**
 * The work queue's rate limiter for a failed sync (AddRateLimited), as client-go's DefaultControllerRateLimiter
 * (util/workqueue/default_rate_limiters.go): per key, ItemExponentialFailureRateLimiter(5ms, 1000s) — the n-th
 * failure in a row waits 5ms·2^(n-1), at most 1000s — until Forget (the controller's processNextWorkItem calls it
 * when a sync succeeds). Its other half, the overall 10 qps bucket, paces retries in wall time and has no
 * counterpart in logical time.
 *
 * The model takes a sub-second back-off as no back-off (the key comes straight back, as it always did here),
 * so a conflict retried once or twice looks the same as before; from the 9th failure in a row (1.28s) the key
 * comes back through a one-shot timer. That is what keeps a sync that cannot succeed (creates refused by a full
 * etcd) from running over and over at one instant, each time reading every pod it owns.
 */
import { btreeDelete, btreeEmpty, btreeGet, btreeSet } from "../collections/btree.ts";
import type { WorkQueue } from "./workqueue.ts";

/** ItemExponentialFailureRateLimiter's baseDelay and maxDelay in DefaultControllerRateLimiter (seconds). */
export const RATE_LIMIT_BASE_DELAY_SECONDS = 0.005;
export const RATE_LIMIT_MAX_DELAY_SECONDS = 1000;

/** The back-off of a key that has failed `failures` times before this failure (When: baseDelay·2^failures, capped). */
export function failureBackoff(failures: number): number {
  const d = RATE_LIMIT_BASE_DELAY_SECONDS * 2 ** failures;
  return d > RATE_LIMIT_MAX_DELAY_SECONDS || !Number.isFinite(d) ? RATE_LIMIT_MAX_DELAY_SECONDS : d;
}

/** NumRequeues: the key's failures in a row. */
export const numRequeues = (q: WorkQueue, key: string): number => (q.failures ? (btreeGet(q.failures, key) ?? 0) : 0);

/** When: records one more failure of key and gives how long it waits before it is retried (seconds). */
export function rateLimitedFailure(q: WorkQueue, key: string): { queue: WorkQueue; delay: number } {
  const n = numRequeues(q, key);
  return { queue: { ...q, failures: btreeSet(q.failures ?? btreeEmpty(), key, n + 1) }, delay: failureBackoff(n) };
}

/** Forget: the key's sync succeeded; its next failure starts from the base delay again. */
export function forgetFailures(q: WorkQueue, key: string): WorkQueue {
  if (!q.failures || btreeGet(q.failures, key) === undefined) return q;
  const failures = btreeDelete(q.failures, key);
  if (failures.size === 0) {
    const { failures: _gone, ...rest } = q;
    return rest;
  }
  return { ...q, failures };
}
