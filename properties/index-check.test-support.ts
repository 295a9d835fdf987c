/**
 * TypeOK for the derived indexes (model/indexes.ts): the indexes a state holds equal the ones rebuilt from its
 * store, entry by entry. An index that drifted from the store would serve a kubelet the wrong pods or a watch the
 * wrong events while the fingerprint, which ignores indexes, counted the state as a correct one. As a safety
 * invariant, so that a run checks it after every step, the warm-up and the ending included. It rebuilds every
 * index from scratch, O(store) per step: for tests, not for the default checker suite.
 */
import type { State } from "../model/state.ts";
import type { Invariant } from "../invariants/types.ts";
import { btreeRange, type BTree } from "../model/collections/btree.ts";
import { indexesOf, rebuildIndexes } from "../model/indexes.ts";
import { canonicalText } from "./fingerprint.ts";

/** The first entry where `held` and `rebuilt` differ, described, or undefined when they hold the same entries. */
function firstDifference(held: BTree<unknown>, rebuilt: BTree<unknown>): string | undefined {
  const a = btreeRange(held);
  const b = btreeRange(rebuilt);
  for (;;) {
    const x = a.next();
    const y = b.next();
    if (x.done && y.done) return undefined;
    if (x.done) return `lacks ${JSON.stringify(y.value[0])}`;
    if (y.done) return `has ${JSON.stringify(x.value[0])}, which the store does not give`;
    const [kx, vx] = x.value;
    const [ky, vy] = y.value;
    if (kx !== ky) return `has ${JSON.stringify(kx)} where the rebuilt index has ${JSON.stringify(ky)}`;
    // Same object or same content (canonical text, B-trees by entries).
    if (vx !== vy && canonicalText(vx) !== canonicalText(vy)) return `holds another value at ${JSON.stringify(kx)}`;
  }
}

/** One line per index that differs from its rebuild: `state.podsByNode lacks "n1\u0000default/p1"`. */
export function indexMismatches(state: State): string[] {
  const held = indexesOf(state) as unknown as Record<string, Record<string, BTree<unknown>>>;
  const rebuilt = rebuildIndexes(state.store) as unknown as Record<string, Record<string, BTree<unknown>>>;
  const out: string[] = [];
  for (const group of Object.keys(rebuilt)) {
    const names = new Set([...Object.keys(held[group]!), ...Object.keys(rebuilt[group]!)]);
    for (const name of [...names].sort()) {
      const h = held[group]![name];
      const r = rebuilt[group]![name];
      // An index without a rebuild (or a rebuild without an index) is a mismatch too: every index must have one.
      if (h === undefined || r === undefined) out.push(`${group}.${name} ${h === undefined ? "is missing" : "has no rebuild"}`);
      else {
        const d = firstDifference(h, r);
        if (d !== undefined) out.push(`${group}.${name} ${d}`);
      }
    }
  }
  return out;
}

export const indexesRebuildable: Invariant = {
  id: "indexes-rebuildable",
  description: "every derived index equals the index rebuilt from the store (TypeOK)",
  kind: "safety",
  source: "model/indexes.ts",
  check(state) {
    return indexMismatches(state).map((m) => ({ invariant: "indexes-rebuildable", objects: [], message: m }));
  },
};
