import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { atoi, getScaledValueFromIntOrPercent, type IntOrString } from "./intstr.ts";
import { rowsOf, testName } from "./fixtures.test-support.ts";

describe("getScaledValueFromIntOrPercent (apimachinery intstr.go) against intstr_test.go vectors", () => {
  for (const r of rowsOf("int-or-percent")) {
    it(testName(r), () => {
      const { row } = r;
      const run = () =>
        getScaledValueFromIntOrPercent(row["value"] as IntOrString | null, row["total"] as number, row["roundUp"] as boolean);
      if (row["expectError"] === true) expect(run).toThrow();
      else expect(run()).toBe(row["expected"]);
    });
  }
});

describe("getScaledValueFromIntOrPercent, other behaviour", () => {
  it("rounds percentages up or down and passes integers through", () => {
    expect(getScaledValueFromIntOrPercent("90%", 95, false)).toBe(85);
    expect(getScaledValueFromIntOrPercent("90%", 95, true)).toBe(86);
    expect(getScaledValueFromIntOrPercent(-3, 10, true)).toBe(-3);
    expect(getScaledValueFromIntOrPercent("-5%", 10, true)).toBe(0);
    expect(Object.is(getScaledValueFromIntOrPercent("-5%", 10, true), 0)).toBe(true);
    expect(getScaledValueFromIntOrPercent("+50%", 3, false)).toBe(1);
  });

  it("rejects strings that are not integer percentages", () => {
    for (const v of ["90", "%", "#%", " 5%", "5.5%", "5%%", "", "0x10%", "1_0%"]) {
      expect(() => getScaledValueFromIntOrPercent(v, 10, true)).toThrow();
    }
    expect(() => getScaledValueFromIntOrPercent(undefined, 10, true)).toThrow("nil value for IntOrString");
    expect(() => atoi("9223372036854775808")).toThrow("out of range");
    expect(atoi("-9223372036854775808")).toBe(-9223372036854775808);
  });

  it("ceil and floor of a percentage differ by at most one and bracket the exact value", () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100000 }), (p, total) => {
        const up = getScaledValueFromIntOrPercent(`${p}%`, total, true);
        const down = getScaledValueFromIntOrPercent(`${p}%`, total, false);
        expect(up - down === 0 || up - down === 1).toBe(true);
        expect(down * 100 <= p * total && p * total <= up * 100).toBe(true);
      }),
    ));
});
