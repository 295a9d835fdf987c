/**
 * controller-runtime's default per-key rate limiter (client-go workqueue DefaultTypedControllerRateLimiter's
 * ItemExponentialFailureRateLimiter: 5 ms · 2^failures, at most 1000 s; its global 10 qps bucket is left out). The
 * model's user-controller kind (controller/kind.ts) and the plain-process host (controller/host.ts) requeue a
 * failed key with it, so a controller backs off the same in both.
 */
export const BASE_DELAY_SECONDS = 0.005;
export const MAX_DELAY_SECONDS = 1000;

/** How long a key waits before its next try, after `failures` failures in a row (0: the first retry). */
export const backoffSeconds = (failures: number): number => Math.min(BASE_DELAY_SECONDS * 2 ** failures, MAX_DELAY_SECONDS);
