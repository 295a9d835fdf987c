import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch, slowStartBatchSizes } from "./slow-start.ts";

describe("slowStartBatch", () => {
  it("uses batches of 1, 2, 4, … and then the rest", () => {
    expect(SLOW_START_INITIAL_BATCH_SIZE).toBe(1);
    expect(slowStartBatchSizes(0)).toEqual([]);
    expect(slowStartBatchSizes(1)).toEqual([1]);
    expect(slowStartBatchSizes(3)).toEqual([1, 2]);
    expect(slowStartBatchSizes(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatchSizes(500)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245]);
  });

  it("makes every call of the failing batch, then skips the remaining batches", () => {
    const calls: number[] = [];
    // Call 4 fails (it is in the third batch: calls 4-7).
    const r = slowStartBatch(10, 1, 0, (n) => {
      calls.push(n + 1);
      return n + 1 === 4 ? { value: n + 1, error: "quota exceeded" } : { value: n + 1 };
    });
    expect(calls).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r).toEqual({ value: 7, successes: 6, error: "quota exceeded" });
  });

  it("returns the first error of the failing batch", () => {
    const r = slowStartBatch(3, 1, 0, (n) => ({ value: n + 1, ...(n >= 1 ? { error: `e${n + 1}` } : {}) }));
    expect(r).toEqual({ value: 3, successes: 1, error: "e2" });
  });

  it("with failures at given calls: calls up to the end of the first failing batch, successes = calls - failures (property)", () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 5 }), (count, initial, failAt) => {
        const fails = new Set(failAt);
        const sizes = slowStartBatchSizes(count, initial);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        sizes.forEach((b, i) => i > 0 && expect(b).toBeLessThanOrEqual(2 * sizes[i - 1]!));
        let made = 0;
        const r = slowStartBatch(count, initial, 0, (n) => {
          made++;
          return fails.has(n + 1) ? { value: n + 1, error: `call ${n + 1}` } : { value: n + 1 };
        });
        // Where the first failure falls decides how many calls are made.
        let end = 0;
        let expectedCalls = count;
        for (const b of sizes) {
          const start = end + 1;
          end += b;
          if ([...fails].some((f) => f >= start && f <= end)) {
            expectedCalls = end;
            break;
          }
        }
        const failed = [...fails].filter((f) => f <= expectedCalls).length;
        expect(made).toBe(expectedCalls);
        expect(r.successes).toBe(expectedCalls - failed);
        expect(r.error).toBe(failed > 0 ? `call ${Math.min(...[...fails].filter((f) => f <= expectedCalls))}` : undefined);
      }),
    ));
});
