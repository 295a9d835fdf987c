import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { btreeDelete, btreeFrom, btreeGet, btreeKeys, btreeSet, type BTree } from "./btree.ts";
import { btreeChangedKeys } from "./btree-diff.ts";

/** The changed keys by brute force: every key of either tree whose value differs. */
function oracle<V>(a: BTree<V>, b: BTree<V>): string[] {
  const keys = new Set([...btreeKeys(a), ...btreeKeys(b)]);
  return [...keys].filter((k) => btreeGet(a, k) !== btreeGet(b, k)).sort();
}

const key = fc.integer({ min: 0, max: 400 }).map((i) => `k${String(i).padStart(4, "0")}`);
const edit = fc.oneof(
  fc.record({ op: fc.constant("set" as const), key, value: fc.integer() }),
  fc.record({ op: fc.constant("delete" as const), key }),
);

describe("btreeChangedKeys", () => {
  it("finds exactly the keys added, removed or given another value, through splits and merges", () =>
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.array(edit, { maxLength: 60 }), (start, edits) => {
        const a = btreeFrom(start.map((k, i) => [k, { i }] as const));
        let b = a;
        for (const e of edits) b = e.op === "set" ? btreeSet(b, e.key, { i: e.value }) : btreeDelete(b, e.key);
        expect(btreeChangedKeys(a, b).sort()).toEqual(oracle(a, b));
        expect(btreeChangedKeys(b, a).sort()).toEqual(oracle(a, b));
      }),
      { numRuns: 200 },
    ));

  it("visits nothing for the same tree and reports nothing for an unchanged rewrite of the same value", () => {
    const v = { x: 1 };
    const a = btreeFrom([["a", v], ["b", { x: 2 }]] as const);
    expect(btreeChangedKeys(a, a)).toEqual([]);
    expect(btreeChangedKeys(a, btreeSet(a, "a", v))).toEqual([]);
    expect(btreeChangedKeys(a, btreeSet(a, "a", { x: 1 }))).toEqual(["a"]);
  });
});
