/** The plain-process controller's work queue behaves as client-go's under controller-runtime (controller/work-queue.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { WorkQueue } from "./work-queue.ts";
import { backoffSeconds, requeueDelay, reserveToken, type Bucket } from "./backoff.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("WorkQueue", () => {
  it("queues a key once however often it is added, in first-added order", async () => {
    const q = new WorkQueue();
    for (const k of ["a", "b", "a", "c", "b"]) q.add(k);
    expect(q.length).toBe(3);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(["a", "b", "c"]);
  });

  it("does not hand a key being processed to a second worker; one added meanwhile comes back when it is done", async () => {
    const q = new WorkQueue();
    q.add("a");
    expect(await q.get()).toBe("a");
    q.add("a");
    q.add("a");
    expect(q.length).toBe(0);
    q.done("a");
    expect(q.length).toBe(1);
    expect(await q.get()).toBe("a");
    q.done("a");
    expect(q.length).toBe(0);
  });

  it("a waiting worker gets the next key added", async () => {
    const q = new WorkQueue();
    const got = q.get();
    q.add("x");
    expect(await got).toBe("x");
  });

  it("requeues a failed key after 5 ms · 2^failures (at most 1000 s), and a success forgets the failures", async () => {
    const q = new WorkQueue();
    expect(q.addRateLimited("k")).toBe(0.005);
    expect(q.addRateLimited("k")).toBe(0.01);
    expect(q.addRateLimited("k")).toBe(0.02);
    expect(q.failures("k")).toBe(3);
    // A key waiting out two delays is queued at the earlier one, once.
    vi.advanceTimersByTime(4);
    expect(q.length).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.length).toBe(1);
    vi.advanceTimersByTime(100);
    expect(q.length).toBe(1);
    q.forget("k");
    expect(q.failures("k")).toBe(0);
    expect(q.addRateLimited("k")).toBe(0.005);
  });

  it("the back-off doubles with each failure and stops at 1000 s", () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        expect(backoffSeconds(n)).toBe(Math.min(0.005 * 2 ** n, 1000));
        expect(backoffSeconds(n + 1)).toBeGreaterThanOrEqual(backoffSeconds(n));
        expect(backoffSeconds(n)).toBeLessThanOrEqual(1000);
      }),
    ));

  it("shutting down wakes waiting workers with undefined and drops delayed keys", async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.addAfter("later", 1);
    q.shutDown();
    expect(await waiting).toBeUndefined();
    vi.advanceTimersByTime(2000);
    expect(q.length).toBe(0);
    q.add("x");
    expect(await q.get()).toBeUndefined();
  });
});

describe("the overall 10 qps bucket (client-go BucketRateLimiter in DefaultTypedControllerRateLimiter)", () => {
  it("lets a burst of 100 requeues go at their per-key back-off, then spaces the rest at 10 per second", () => {
    const r = (bucket: Bucket | undefined, now: number) => reserveToken(bucket, now);
    let bucket: Bucket | undefined;
    const delays: number[] = [];
    for (let i = 0; i < 103; i++) {
      const x = r(bucket, 0);
      bucket = x.bucket;
      delays.push(x.delay);
    }
    expect(delays.slice(0, 100).every((d) => d === 0)).toBe(true);
    expect(delays.slice(100).map((d) => Math.round(d * 1000) / 1000)).toEqual([0.1, 0.2, 0.3]);
    // One second later ten tokens are back: the next reservation still waits for the three borrowed ones.
    expect(Math.round(r(bucket, 1).delay * 1000) / 1000).toBe(0);
    expect(requeueDelay(0, bucket, 0).delay).toBeCloseTo(0.4, 9);
    expect(requeueDelay(20, undefined, 0).delay).toBe(1000);
  });

  it("a queue that requeues more than the burst at once waits for the bucket", () => {
    let now = 0;
    const q = new WorkQueue(() => now);
    const delays = Array.from({ length: 101 }, (_, i) => q.addRateLimited(`k${i}`));
    q.shutDown();
    expect(delays[0]).toBe(0.005);
    expect(delays[100]).toBeCloseTo(0.1, 9);
    now = 100;
    expect(q.addRateLimited("late")).toBe(0.005);
  });
});
