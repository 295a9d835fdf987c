/** Tests for metav1.LabelSelector → Selector conversion (LabelSelectorAsSelector). */
import { describe, expect, it } from "vitest";
import {
  FieldErrorsError,
  type LabelSelector,
  labelSelectorAsSelector,
  labelSelectorAsSelectorCached,
  labelSelectorMatches,
  matchesNothing,
} from "./index.ts";

describe("labelSelectorAsSelector", () => {
  it("nil selects nothing, empty selects everything", () => {
    expect(matchesNothing(labelSelectorAsSelector(null))).toBe(true);
    expect(matchesNothing(labelSelectorAsSelector(undefined))).toBe(true);
    expect(labelSelectorMatches(null, {})).toBe(false);
    const empty = labelSelectorAsSelector({});
    expect(empty.empty()).toBe(true);
    expect(empty.matches({ any: "thing" })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).empty()).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: null, matchExpressions: null }).empty()).toBe(true);
  });

  it("converts matchLabels and each operator, sorted by key", () => {
    const ls: LabelSelector = {
      matchLabels: { tier: "web", app: "shop" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "canary"] },
        { key: "zone", operator: "NotIn", values: ["z1"] },
        { key: "gpu", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist", values: [] },
      ],
    };
    const s = labelSelectorAsSelector(ls);
    expect(s.toString()).toBe("app=shop,env in (canary,prod),gpu,!legacy,tier=web,zone notin (z1)");
    expect(s.matches({ app: "shop", tier: "web", env: "prod", gpu: "" })).toBe(true);
    expect(s.matches({ app: "shop", tier: "web", env: "prod", gpu: "", zone: "z1" })).toBe(false);
    expect(s.matches({ app: "shop", tier: "web", env: "prod", gpu: "", legacy: "1" })).toBe(false);
    expect(s.matches({ app: "shop", tier: "web", env: "dev", gpu: "" })).toBe(false);
    expect(s.requiresExactMatch("app")).toEqual({ found: true, value: "shop" });
  });

  it("rejects operators outside In/NotIn/Exists/DoesNotExist (no Gt/Lt here)", () => {
    for (const operator of ["Gt", "in", "=", ""]) {
      expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator, values: ["1"] }] })).toThrow(
        `${JSON.stringify(operator)} is not a valid pod selector operator`,
      );
    }
  });

  it("validates keys, values and value counts", () => {
    expect(() => labelSelectorAsSelector({ matchLabels: { "-a": "b" } })).toThrow(FieldErrorsError);
    expect(() => labelSelectorAsSelector({ matchLabels: { a: "b c" } })).toThrow(FieldErrorsError);
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow(
      FieldErrorsError,
    );
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }),
    ).toThrow(FieldErrorsError);
  });

  it("caches only deeply frozen selectors", () => {
    const frozen: LabelSelector = Object.freeze({
      matchLabels: Object.freeze({ a: "b" }),
      matchExpressions: Object.freeze([Object.freeze({ key: "c", operator: "Exists" })]),
    });
    expect(labelSelectorAsSelectorCached(frozen)).toBe(labelSelectorAsSelectorCached(frozen));
    expect(labelSelectorMatches(frozen, { a: "b", c: "" })).toBe(true);
    const mutable = { matchLabels: { a: "b" } as Record<string, string> };
    expect(labelSelectorMatches(mutable, { a: "b" })).toBe(true);
    mutable.matchLabels.a = "x";
    expect(labelSelectorMatches(mutable, { a: "b" })).toBe(false);
  });
});
