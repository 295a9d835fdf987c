import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  btreeDelete,
  btreeEmpty,
  btreeFrom,
  btreeGet,
  btreeKeys,
  btreePrefix,
  btreeRange,
  btreeSet,
  prefixEnd,
  type BTree,
} from "./btree.ts";

type Op = { set: string; v: number } | { del: string };
const key = fc.stringMatching(/^[a-d]{0,4}$/);
const ops = fc.array(fc.oneof(fc.record({ set: key, v: fc.integer() }), fc.record({ del: key })), { maxLength: 400 });

function apply(list: Op[]): { t: BTree<number>; m: Map<string, number> } {
  let t = btreeEmpty<number>();
  const m = new Map<string, number>();
  for (const op of list) {
    if ("set" in op) {
      t = btreeSet(t, op.set, op.v);
      m.set(op.set, op.v);
    } else {
      t = btreeDelete(t, op.del);
      m.delete(op.del);
    }
  }
  return { t, m };
}

describe("btree", () => {
  it("behaves as a sorted map under any sequence of sets and deletes", () =>
    fc.assert(
      fc.property(ops, (list) => {
        const { t, m } = apply(list);
        expect(t.size).toBe(m.size);
        expect(btreeKeys(t)).toEqual([...m.keys()].sort());
        for (const [k, v] of m) expect(btreeGet(t, k)).toBe(v);
      }),
    ));

  it("ranges and prefixes return exactly the keys in the interval, sorted", () =>
    fc.assert(
      fc.property(ops, key, key, (list, a, b) => {
        const { t, m } = apply(list);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const got = [...btreeRange(t, lo, hi)].map(([k]) => k);
        expect(got).toEqual([...m.keys()].filter((k) => k >= lo && k < hi).sort());
        const pre = [...btreePrefix(t, a)].map(([k]) => k);
        expect(pre).toEqual([...m.keys()].filter((k) => k.startsWith(a)).sort());
      }),
    ));

  it("shares structure: an update leaves the old version intact and reuses untouched nodes", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `/registry/pods/ns/p${String(i).padStart(5, "0")}`);
    const t1 = btreeFrom(keys.map((k, i) => [k, i] as const));
    const t2 = btreeSet(t1, keys[10]!, -1);
    expect(btreeGet(t1, keys[10]!)).toBe(10);
    expect(btreeGet(t2, keys[10]!)).toBe(-1);
    const r1 = t1.root as unknown as { c: unknown[] };
    const r2 = t2.root as unknown as { c: unknown[] };
    const shared = r1.c.filter((n, i) => n === r2.c[i]).length;
    expect(shared).toBe(r1.c.length - 1);
  });

  it("returns the same tree when a set does not change the value or a delete misses", () => {
    const t = btreeFrom([["a", 1]]);
    expect(btreeSet(t, "a", 1)).toBe(t);
    expect(btreeDelete(t, "zz")).toBe(t);
  });

  it("computes etcd prefix range ends", () => {
    expect(prefixEnd("/registry/pods/")).toBe("/registry/pods0");
    expect(prefixEnd("a")).toBe("b");
    expect(prefixEnd("")).toBeUndefined();
  });

  it("deletes everything back to an empty tree", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    let t = btreeFrom(keys.map((k) => [k, 1] as const));
    for (const k of keys) t = btreeDelete(t, k);
    expect(t.size).toBe(0);
    expect(t.root).toBeNull();
  });
});
