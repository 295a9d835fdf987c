import { describe, expect, it } from "vitest";
import { explore } from "./bfs.ts";
import { twoPhaseCommit } from "./two-phase-commit.ts";

describe("explorer on two-phase commit (published state counts)", () => {
  it("finds exactly 288 distinct states with 3 resource managers, and TCConsistent holds", () => {
    const r = explore(twoPhaseCommit(3));
    expect(r.distinctStates).toBe(288);
    expect(r.complete).toBe(true);
    expect(r.violation).toBeNull();
  });

  it("finds exactly 8,832 distinct states with 5 resource managers", () => {
    const r = explore(twoPhaseCommit(5));
    expect(r.distinctStates).toBe(8832);
    expect(r.complete).toBe(true);
  });

  it("a depth bound stops early and says so", () => {
    const r = explore(twoPhaseCommit(3), { maxDepth: 2 });
    expect(r.depth).toBe(2);
    expect(r.complete).toBe(false);
    expect(r.distinctStates).toBeLessThan(288);
  });

  it("reports a shortest counterexample when a property fails", () => {
    const m = twoPhaseCommit(3);
    const broken = { ...m, properties: [{ name: "NoCommit", check: (s: { rm: readonly number[] }) => (s.rm.includes(2) ? "an RM committed" : undefined) }] };
    const r = explore(broken);
    expect(r.violation?.property).toBe("NoCommit");
    // Shortest: 3 prepares, 3 TM receipts, commit, one RM receives it = 8 actions.
    expect(r.violation?.actions).toHaveLength(8);
  });
});
