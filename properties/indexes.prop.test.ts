import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Invariant } from "../invariants/types.ts";
import { btreeDelete, btreeFirst, btreeSet } from "../model/collections/btree.ts";
import { initialState } from "../model/scenario/run.ts";
import { SCOPES } from "./scopes/index.ts";
import { runActions, runChoices, scopeScenario } from "./run.ts";
import { choiceArb } from "./checker.ts";
import { indexesRebuildable, indexMismatches } from "./index-check.test-support.ts";
import { fingerprint } from "./fingerprint.ts";
import { cluster, ok, pod } from "../test/helpers.ts";

/** indexesRebuildable, counting the states it looked at. */
function counting(): { invariant: Invariant; checked: () => number } {
  let n = 0;
  return {
    invariant: { ...indexesRebuildable, check: (s, prev, ctx) => (n++, indexesRebuildable.check(s, prev, ctx)) },
    checked: () => n,
  };
}

/**
 * A run's chosen actions (warm-up included) with a compaction after every `every`-th and at the end: compaction
 * is a fault, bounded and rarely drawn, and the ending's relists after it are what a compacted index must serve.
 */
function withCompactions(actions: readonly Action[], every: number): Action[] {
  const out: Action[] = [];
  actions.forEach((a, i) => {
    out.push(a);
    if ((i + 1) % every === 0) out.push({ type: "store.compact" });
  });
  return [...out, { type: "store.compact" }];
}

describe("TypeOK: the derived indexes equal the indexes rebuilt from the store", () => {
  // A fixed seed and a small budget per scope (the whole file takes seconds): two random runs, and the first
  // one replayed with compactions, each checked after every step of the warm-up, the run and the ending.
  for (const [i, scope] of SCOPES.entries()) {
    it(`after every step of runs in scope ${scope.id}`, () => {
      expect(indexMismatches(initialState(scopeScenario(scope)))).toEqual([]);
      const samples = fc.sample(choiceArb(15), { seed: 1 + i, numRuns: 2 });
      const runs = samples.map((choices) => {
        const c = counting();
        const o = runChoices(scope, choices, { invariants: [c.invariant] });
        return { o, checked: c.checked() };
      });
      const first = runs[0]!.o;
      const c = counting();
      const compacted = runActions(scope, withCompactions(first.actions.slice(0, first.prefixLength), 4), { invariants: [c.invariant], warmUpLength: first.warmUpLength });
      runs.push({ o: compacted, checked: c.checked() });
      for (const { o, checked } of runs) {
        // Only the index check can fail here: convergence is checked by no invariant, so a violation is ours.
        expect(o.violations.filter((v) => v.invariant !== "settles")).toEqual([]);
        expect(checked).toBe(o.steps);
      }
      expect(compacted.actions.some((a) => a.type === "store.compact")).toBe(true);
    });
  }
});

describe("the TypeOK check", () => {
  // A cluster with a pod bound to a node: every index has entries to corrupt.
  const bound = (): State => {
    let s = cluster();
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod("p1", { spec: { ...pod("p1").spec, nodeName: "n1" } }) }).state;
    return ok(s, { verb: "patch", resource: "pods", namespace: "default", name: "p1", patch: { metadata: { labels: { touched: "yes" } } } }).state;
  };

  it("holds on a consistent state", () => {
    expect(indexMismatches(bound())).toEqual([]);
  });

  it("fails when an index is corrupted, and the fingerprint does not see it", () => {
    const s = bound();
    const [podEntry] = btreeFirst(s.indexes.podsByNode)!;
    const [logEntry, ev] = btreeFirst(s.store.indexes.logByKey)!;
    const corrupt: State[] = [
      { ...s, indexes: { ...s.indexes, podsByNode: btreeDelete(s.indexes.podsByNode, podEntry) } },
      { ...s, indexes: { ...s.indexes, podNodeLog: btreeSet(s.indexes.podNodeLog, "n9\u0000000000000000001", 1) } },
      { ...s, store: { ...s.store, indexes: { ...s.store.indexes, logByKey: btreeSet(s.store.indexes.logByKey, logEntry, { ...ev, revision: ev.revision + 1 }) } } },
      // A new index with no rebuild beside it.
      { ...s, indexes: { ...s.indexes, podsByZone: s.indexes.podsByNode } as State["indexes"] },
    ];
    for (const c of corrupt) {
      expect(indexMismatches(c)).toHaveLength(1);
      expect(indexesRebuildable.check(c)).toHaveLength(1);
      // Indexes are never part of a state's identity.
      expect(fingerprint(c)).toBe(fingerprint(s));
    }
    expect(indexMismatches(corrupt[0]!)[0]).toMatch(/^state\.podsByNode lacks /);
    expect(indexMismatches(corrupt[3]!)[0]).toBe("state.podsByZone has no rebuild");
  });

  it("fails a run whose steps corrupt an index", () => {
    const scope = SCOPES[0]!;
    // The check as it would see each state had its store's log by key lost its oldest event.
    const dropOldest = (st: State): State => {
      const logByKey = st.store.indexes.logByKey;
      const first = btreeFirst(logByKey);
      return first ? { ...st, store: { ...st.store, indexes: { ...st.store.indexes, logByKey: btreeDelete(logByKey, first[0]) } } } : st;
    };
    const lossy: Invariant = { ...indexesRebuildable, check: (st) => indexesRebuildable.check(dropOldest(st)) };
    const o = runChoices(scope, fc.sample(choiceArb(15), { seed: 1, numRuns: 1 })[0]!, { invariants: [lossy] });
    expect(o.violations.map((v) => v.invariant)).toEqual(["indexes-rebuildable"]);
    expect(o.violationAt).toBe(1);
  });
});
