/**
 * Checker and explorer benchmarks: steps/s of the random checker and distinct states seen per second, per scope;
 * distinct states/s of the explorer on two-phase commit and on a cluster scope.
 */
import { check, DEFAULT_MAX_STEPS } from "../properties/checker.ts";
import { availableScopes } from "../properties/scopes/index.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { explore } from "../properties/explorer/bfs.ts";
import { twoPhaseCommit } from "../properties/explorer/two-phase-commit.ts";
import { clusterModel } from "../properties/cluster-model.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { scopeStart } from "../properties/run.ts";
import type { BenchResult } from "./harness.ts";

export function checkerBenchmarks(quick: boolean): BenchResult[] {
  const out: BenchResult[] = [];
  for (const scope of availableScopes()) {
    const t0 = process.hrtime.bigint();
    const r = check({ scopes: [scope], invariants: ALL_INVARIANTS, seed: 7, runs: quick ? 10 : 40, maxSteps: DEFAULT_MAX_STEPS });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    out.push({
      name: `checker: scope ${scope.id}`,
      ops: r.steps,
      seconds: +seconds.toFixed(3),
      opsPerSecond: Math.round(r.steps / seconds),
      runs: r.runs,
      distinctStates: r.distinctStates,
      distinctStatesPerSecond: Math.round(r.distinctStates / seconds),
    });
  }
  for (const rms of quick ? [3] : [3, 5]) {
    const r = explore(twoPhaseCommit(rms));
    out.push({ name: `explorer: two-phase commit, ${rms} RMs`, ops: r.distinctStates, seconds: r.seconds, opsPerSecond: r.statesPerSecond, transitions: r.transitions });
  }
  const scope = availableScopes()[0];
  if (scope) {
    const maxStates = quick ? 20_000 : 100_000;
    const r = explore(clusterModel({ name: `scope ${scope.id}`, start: scopeStart(scope), kinds: BUILTIN_KINDS, invariants: ALL_INVARIANTS, scope }), { maxDepth: quick ? 4 : 6, maxStates });
    // Bounded in states too: depth 6 of a scope is millions of states (about 1,000/s).
    out.push({ name: `explorer: scope ${scope.id} to depth ${r.depth}${r.distinctStates >= maxStates ? ` (stopped at ${maxStates} states)` : ""}`, ops: r.distinctStates, seconds: r.seconds, opsPerSecond: r.statesPerSecond, transitions: r.transitions });
  }
  return out;
}
