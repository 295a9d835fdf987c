/**
 * Bug-zoo benchmarks: for every bug, the wall time until `check --bug ID` (its budget) has its shrunk
 * counterexample, split into search and shrinking, with the runs it took and the shrunk trace's length (chosen
 * actions, and the whole replayable trace with its ending); and, for a bug the bounded explorer finds, the
 * explorer's time, distinct states and shortest counterexample's length.
 */
import { BUGS } from "../properties/bugs/index.ts";
import { checkSession } from "../properties/session/check.ts";
import { exploreSession } from "../properties/session/explore.ts";
import type { BenchResult } from "./harness.ts";

export function zooBenchmarks(): BenchResult[] {
  const out: BenchResult[] = [];
  for (const bug of BUGS) {
    const t0 = process.hrtime.bigint();
    const r = checkSession({ bug: bug.id }).result;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const ce = r.counterexample;
    const ex = bug.explore;
    const e0 = process.hrtime.bigint();
    const er = ex ? exploreSession({ bug: bug.id, depth: ex.depth, ...(ex.maxStates ? { maxStates: ex.maxStates } : {}) }) : null;
    const exploreSeconds = er ? +(Number(process.hrtime.bigint() - e0) / 1e9).toFixed(3) : null;
    out.push({
      name: `zoo: ${bug.id}`,
      ops: 1,
      seconds: +seconds.toFixed(3),
      opsPerSecond: +(1 / seconds).toFixed(3),
      found: ce !== null && ce.invariant === bug.invariant,
      runsToCounterexample: r.runs,
      shrunkChosenActions: ce?.chosenLength ?? null,
      minimalLength: bug.minimalLength ?? null,
      traceActions: ce?.actions.length ?? null,
      exploreFound: er ? er.violation?.property === bug.invariant : null,
      exploreSeconds,
      exploreStates: er?.distinctStates ?? null,
      exploreLength: er?.violation?.actions.length ?? null,
    });
  }
  return out;
}
