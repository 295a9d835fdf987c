import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ddmin } from "./shrink.ts";

describe("ddmin", () => {
  it("finds a 1-minimal failing subsequence (property: contains the needed items, removing any one passes)", () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3 }), (items, needed) => {
        const fails = (c: readonly number[]) => needed.every((n) => c.includes(n));
        fc.pre(fails(items));
        const out = ddmin(items, fails);
        expect(fails(out)).toBe(true);
        expect(out.length).toBe(needed.length);
        for (let i = 0; i < out.length; i++) expect(fails([...out.slice(0, i), ...out.slice(i + 1)])).toBe(false);
      }),
    ));

  it("keeps order-dependent failures in order", () => {
    const fails = (c: readonly string[]) => c.indexOf("a") >= 0 && c.indexOf("b") > c.indexOf("a");
    expect(ddmin(["x", "a", "y", "z", "b", "w"], fails)).toEqual(["a", "b"]);
  });
});
