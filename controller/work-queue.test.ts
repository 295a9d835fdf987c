/** The plain-process controller's work queue behaves as client-go's under controller-runtime (controller/work-queue.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { WorkQueue } from "./work-queue.ts";
import { backoffSeconds } from "./backoff.ts";

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
