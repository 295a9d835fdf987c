import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { queueEmpty, type WorkQueue } from "./workqueue.ts";
import { failureBackoff, forgetFailures, numRequeues, rateLimitedFailure, RATE_LIMIT_MAX_DELAY_SECONDS } from "./rate-limiter.ts";

interface Step {
  readonly op: "when" | "numRequeues" | "forget";
  readonly key: string;
  readonly delay?: number;
  readonly count?: number;
}
const fixture = JSON.parse(readFileSync(new URL("../../test/fixtures/fidelity/item-exponential-failure-rate-limiter.json", import.meta.url), "utf8")) as { steps: Step[] };

describe("the work queue's rate limiter (ItemExponentialFailureRateLimiter)", () => {
  it("follows client-go's When / NumRequeues / Forget sequence", () => {
    let q: WorkQueue = queueEmpty();
    for (const s of fixture.steps) {
      if (s.op === "when") {
        const r = rateLimitedFailure(q, s.key);
        expect(r.delay).toBeCloseTo(s.delay!, 12);
        q = r.queue;
      } else if (s.op === "numRequeues") expect(numRequeues(q, s.key)).toBe(s.count);
      else q = forgetFailures(q, s.key);
    }
  });

  it("caps the back-off at 1000s however many failures (no overflow to Infinity or NaN)", () => {
    expect(failureBackoff(17)).toBe(655.36);
    expect(failureBackoff(18)).toBe(RATE_LIMIT_MAX_DELAY_SECONDS);
    expect(failureBackoff(5000)).toBe(RATE_LIMIT_MAX_DELAY_SECONDS);
  });

  it("forgetting the only failing key leaves a queue equal to one that never failed", () => {
    const q = queueEmpty();
    expect(forgetFailures(rateLimitedFailure(q, "a").queue, "a")).toEqual(q);
    expect(forgetFailures(q, "a")).toBe(q);
  });

  it("back-off doubles with each failure in a row until the cap", () =>
    fc.assert(
      fc.property(fc.nat(60), (n) => {
        const d = failureBackoff(n);
        const next = failureBackoff(n + 1);
        expect(next === RATE_LIMIT_MAX_DELAY_SECONDS || Math.abs(next - 2 * d) < 1e-9).toBe(true);
        expect(d).toBeLessThanOrEqual(RATE_LIMIT_MAX_DELAY_SECONDS);
      }),
    ));
});
