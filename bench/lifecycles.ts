/**
 * Lifecycle benchmarks: the compiled Pod table (model/lifecycles/compile.ts) against xstate's pure `transition()`
 * on the same (state, event, context) cycle. `npm run bench` runs it (bench/run.ts:
 * `run("lifecycles", () => lifecycleBenchmarks(quick))`).
 */
import { transition, type AnyMachineSnapshot } from "xstate";
import { POD_CHART } from "../model/lifecycles/catalog.ts";
import { toStateValue } from "../model/lifecycles/xstate-bridge.ts";
import { measure, type BenchResult } from "./harness.ts";

/** The (leaf, event, context) triples both sides replay: every sample event from every leaf, all pod inputs. */
function podWorkload() {
  const c = POD_CHART;
  const cases: { leaf: string; event: (typeof c.eventSamples)[number]; context: (typeof c.inputSamples)[number] }[] = [];
  for (const context of c.inputSamples) for (const leaf of c.compiled.leaves) for (const event of c.eventSamples) cases.push({ leaf, event, context });
  return cases;
}

/** Compiled-table lookups and xstate transitions per second, for the Pod chart. */
export function lifecycleBenchmarks(quick = false): BenchResult[] {
  const cases = podWorkload();
  const opts = { minSeconds: quick ? 0.3 : 1, minOps: 1000 };
  const compiled = POD_CHART.compiled;
  let sink = 0;
  const table = measure("lifecycles: pod compiled table lookup", (i) => {
    const k = cases[i % cases.length]!;
    if (compiled.lookup(k.leaf, k.event, k.context)) sink++;
  }, opts, { cases: cases.length });
  // xstate needs a snapshot: resolve each (leaf, context) once up front, as a caller holding snapshots would.
  const snapshots = cases.map((k) => POD_CHART.machine.resolveState({ value: toStateValue(k.leaf), context: k.context as never }) as AnyMachineSnapshot);
  const xs = measure("lifecycles: pod xstate transition()", (i) => {
    const k = cases[i % cases.length]!;
    const [next] = transition(POD_CHART.machine, snapshots[i % cases.length]!, k.event as never);
    if (next !== snapshots[i % cases.length]) sink++;
  }, opts, { cases: cases.length });
  const speedup = +(table.opsPerSecond / Math.max(1, xs.opsPerSecond)).toFixed(1);
  return [{ ...table, speedupOverXstate: speedup, sink: sink > 0 }, xs];
}
