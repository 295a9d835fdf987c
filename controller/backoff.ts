/**
 * controller-runtime's default rate limiter (client-go workqueue DefaultTypedControllerRateLimiter): the larger of
 * the per-key ItemExponentialFailureRateLimiter (5 ms · 2^failures, at most 1000 s) and an overall token bucket
 * of 10 qps with a burst of 100 (BucketRateLimiter over golang.org/x/time/rate's Limiter; MaxOfRateLimiter asks
 * both, so every requeue takes a token). The model's user-controller kind (controller/kind.ts) and the plain-process
 * host (controller/host.ts) requeue a failed key with it, so a controller backs off the same in both.
 */
export const BASE_DELAY_SECONDS = 0.005;
export const MAX_DELAY_SECONDS = 1000;
export const BUCKET_QPS = 10;
export const BUCKET_BURST = 100;

/** How long a key waits before its next try, after `failures` failures in a row (0: the first retry). */
export const backoffSeconds = (failures: number): number => Math.min(BASE_DELAY_SECONDS * 2 ** failures, MAX_DELAY_SECONDS);

/** The overall bucket: its tokens at time `at` (seconds). A new process starts with a full bucket. */
export interface Bucket {
  readonly tokens: number;
  readonly at: number;
}

/**
 * rate.Limiter.Reserve() at `now`: the bucket refills at BUCKET_QPS up to BUCKET_BURST, the reservation takes one
 * token (the count may go below zero), and the wait is until that token would exist.
 */
export function reserveToken(bucket: Bucket | undefined, now: number): { readonly delay: number; readonly bucket: Bucket } {
  const available = bucket === undefined ? BUCKET_BURST : Math.min(BUCKET_BURST, bucket.tokens + Math.max(0, now - bucket.at) * BUCKET_QPS);
  const tokens = available - 1;
  return { delay: tokens < 0 ? -tokens / BUCKET_QPS : 0, bucket: { tokens, at: Math.max(now, bucket?.at ?? now) } };
}

/** MaxOfRateLimiter.When: the per-key back-off or the bucket's wait, whichever is longer; and the bucket after. */
export function requeueDelay(failures: number, bucket: Bucket | undefined, now: number): { readonly delay: number; readonly bucket: Bucket } {
  const r = reserveToken(bucket, now);
  return { delay: Math.max(backoffSeconds(failures), r.delay), bucket: r.bucket };
}
