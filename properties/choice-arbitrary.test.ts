import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { choiceArb, DEFAULT_MAX_STEPS } from "./checker.ts";

describe("the checker's choice lists (--max-steps)", () => {
  it("are as long as --max-steps allows, not capped by fast-check's default size", () => {
    const lengths = fc.sample(choiceArb(30), { seed: 1, numRuns: 300 }).map((c) => c.length);
    expect(Math.max(...lengths)).toBeGreaterThan(12);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(30);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
  });

  it("at the default bound, are the very runs fast-check's default size gave, so seeds and paths keep their meaning", () => {
    const before = fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: DEFAULT_MAX_STEPS });
    expect(fc.sample(choiceArb(DEFAULT_MAX_STEPS), { seed: 42, numRuns: 200 })).toEqual(fc.sample(before, { seed: 42, numRuns: 200 }));
  });
});
