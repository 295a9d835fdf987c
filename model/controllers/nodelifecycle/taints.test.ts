import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addOrUpdateTaint,
  getMatchingTolerations,
  getMinTolerationTime,
  removeTaint,
  taintExists,
  taintEqual,
  taintSetDiff,
  toleratesTaint,
  withDefaultTolerations,
  type Taint,
  type Toleration,
} from "./taints.ts";

const key = fc.constantFrom("a", "b", "node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready");
const effect = fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute");
const taint: fc.Arbitrary<Taint> = fc.record({ key, effect, value: fc.constantFrom(undefined, "", "x") }, { requiredKeys: ["key", "effect"] });
const toleration: fc.Arbitrary<Toleration> = fc.record(
  {
    key: fc.constantFrom(undefined, "a", "b", "node.kubernetes.io/unreachable"),
    operator: fc.constantFrom(undefined, "Exists", "Equal"),
    value: fc.constantFrom(undefined, "x"),
    effect: fc.constantFrom(undefined, "NoExecute", "NoSchedule"),
    tolerationSeconds: fc.constantFrom(undefined, -1, 0, 30, 300),
  },
  { requiredKeys: [] },
);

describe("taints", () => {
  it("AddOrUpdateTaint leaves exactly one taint per key and effect, equal to the new one", () =>
    fc.assert(
      fc.property(fc.array(taint, { maxLength: 6 }), taint, (list, t) => {
        const dedup = list.filter((x, i) => list.findIndex((y) => y.key === x.key && y.effect === x.effect) === i);
        const r = addOrUpdateTaint(dedup, t);
        const matching = r.taints.filter((x) => x.key === t.key && x.effect === t.effect);
        expect(matching).toHaveLength(1);
        expect(taintEqual(matching[0]!, t)).toBe(true);
        expect(r.taints.length).toBe(taintExists(dedup, t) ? dedup.length : dedup.length + 1);
      }),
    ));

  it("RemoveTaint removes every match and nothing else; TaintSetDiff turns one set into the other", () =>
    fc.assert(
      fc.property(fc.array(taint, { maxLength: 6 }), fc.array(taint, { maxLength: 6 }), taint, (a, b, t) => {
        const r = removeTaint(a, t);
        expect(taintExists(r.taints, t)).toBe(false);
        expect(r.taints.length + a.filter((x) => x.key === t.key && x.effect === t.effect).length).toBe(a.length);
        const { toAdd, toRemove } = taintSetDiff(b, a);
        let cur: Taint[] = a;
        for (const x of toRemove) cur = removeTaint(cur, x).taints;
        for (const x of toAdd) cur = addOrUpdateTaint(cur, x).taints;
        for (const x of b) expect(taintExists(cur, x)).toBe(true);
        for (const x of cur) expect(taintExists(b, x)).toBe(true);
      }),
    ));

  it("ToleratesTaint: Exists with no key tolerates everything of its effect; Equal needs the value", () => {
    const t: Taint = { key: "k", value: "v", effect: "NoExecute" };
    expect(toleratesTaint({ operator: "Exists" }, t)).toBe(true);
    expect(toleratesTaint({ operator: "Exists", effect: "NoSchedule" }, t)).toBe(false);
    expect(toleratesTaint({ key: "k", value: "v" }, t)).toBe(true);
    expect(toleratesTaint({ key: "k", operator: "Equal", value: "w" }, t)).toBe(false);
    expect(toleratesTaint({ key: "k", operator: "Lt", value: "v" }, t)).toBe(false);
  });

  it("GetMatchingTolerations: all tolerated iff each taint has a tolerating toleration; used ones tolerate", () =>
    fc.assert(
      fc.property(fc.array(taint, { maxLength: 4 }), fc.array(toleration, { maxLength: 4 }), (taints, tols) => {
        const r = getMatchingTolerations(taints, tols);
        expect(r.all).toBe(taints.every((t) => tols.some((x) => toleratesTaint(x, t))));
        if (r.all) {
          expect(r.used.length).toBe(taints.length);
          r.used.forEach((u, i) => expect(toleratesTaint(u, taints[i]!)).toBe(true));
        } else expect(r.used).toEqual([]);
      }),
    ));

  it("getMinTolerationTime: 0 without tolerations or with one <= 0, -1 when none is bounded, else the minimum", () => {
    expect(getMinTolerationTime([])).toBe(0);
    expect(getMinTolerationTime([{ operator: "Exists" }])).toBe(-1);
    expect(getMinTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }, {}])).toBe(30);
    expect(getMinTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: -5 }])).toBe(0);
  });

  it("DefaultTolerationSeconds adds the not-ready and unreachable tolerations unless the pod has its own", () => {
    expect(withDefaultTolerations([], 300)).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    // A key-less toleration with no effect tolerates both already.
    expect(withDefaultTolerations([{ operator: "Exists" }], 300)).toEqual([{ operator: "Exists" }]);
    const own: Toleration = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 };
    expect(withDefaultTolerations([own], 300)).toEqual([own, { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }]);
    // A NoSchedule toleration does not count.
    expect(withDefaultTolerations([{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoSchedule" }], 300)).toHaveLength(3);
  });
});
