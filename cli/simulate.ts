/** `kubeprop simulate FILE`: run a scenario (or a counterexample trace) and show what happened. */
import type { Command } from "commander";
import { parseScenario } from "../model/scenario/parse.ts";
import { runScenario, type RunResult } from "../model/scenario/run.ts";
import { ScenarioError } from "../model/scenario/types.ts";
import { describeAction } from "../model/actions.ts";
import { btreeValues } from "../model/collections/btree.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import type { Violation } from "../invariants/types.ts";
import { monitorObserver } from "../invariants/monitor.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { traceDocument, traceJson } from "../model/scenario/trace.ts";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { readText, readerBeside, writeOut } from "./io.ts";
import type { Scenario } from "../model/scenario/types.ts";

export function loadScenario(file: string): Scenario {
  const text = readText(file);
  try {
    return parseScenario(text, file, readerBeside(file));
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
}

/** Runs f, turning a scenario's mistake found while running it (an unknown kind in its config) into bad input. */
export function scenarioGuard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
}

/** Runs a scenario, the invariant monitor watching every step (the first safety violation stops it). */
export function runLoaded(sc: Scenario, file: string): RunResult<Violation> {
  return scenarioGuard(() => runScenario(sc, { observer: monitorObserver(ALL_INVARIANTS.filter((i) => i.kind === "safety")), file, kinds: KUBEPROP_KINDS }));
}

/** The final state as `--json` prints it. */
export function simulateJson(r: RunResult<Violation>): object {
  const objects = [];
  for (const kv of btreeValues(r.state.store.kvs)) objects.push(kv.value);
  return {
    objects,
    nodes: btreeValues(r.state.world.machines),
    violations: [
      ...r.violations,
      ...r.expectationFailures.map((m) => ({ invariant: "expect", objects: [], message: m })),
    ],
    events: objects.filter((o) => o.kind === "Event"),
  };
}

function summarize(sc: Scenario, r: RunResult<Violation>): string {
  const lines: string[] = [];
  lines.push(`scenario: ${sc.name}${sc.description ? ` — ${sc.description}` : ""}`);
  lines.push(`nodes: ${sc.nodes.length}, initial objects: ${sc.objects.length}, steps: ${sc.steps.length}`);
  let lastStep = -1;
  let settleCount = 0;
  let requests = 0;
  const flush = () => {
    if (settleCount > 0) lines.push(`    … ${settleCount} component actions, ${requests} API requests`);
    settleCount = 0;
    requests = 0;
  };
  for (const t of r.trace) {
    const st = sc.steps[t.step]!;
    if (st.kind === "settle" || st.kind === "advance") {
      if (t.step !== lastStep) {
        flush();
        lines.push(`[${t.step + 1}] ${st.kind === "settle" ? "settle" : `advance ${st.seconds}s`}`);
      }
      settleCount++;
      for (const e of t.effects) if (e.kind === "request") {
        requests++;
        if (e.verb !== "get" && e.verb !== "list") lines.push(`    ${e.client}: ${e.verb} ${e.resource} ${e.namespace ? e.namespace + "/" : ""}${e.name ?? ""} → ${e.code}${e.message ? ` ${e.message}` : ""}`);
      }
    } else {
      flush();
      lines.push(`[${t.step + 1}] ${describeAction(t.action)}`);
      for (const e of t.effects) {
        if (e.kind === "request") lines.push(`    → ${e.code}${e.message ? ` ${e.message}` : ""}`);
        else lines.push(`    ${e.who}: ${e.text}`);
      }
    }
    lastStep = t.step;
  }
  flush();
  for (const u of r.unsettled) lines.push(`warning: step ${u + 1} (settle) stopped before the cluster was quiet`);
  const counts = new Map<string, number>();
  for (const kv of btreeValues(r.state.store.kvs)) counts.set(kv.value.kind, (counts.get(kv.value.kind) ?? 0) + 1);
  lines.push(`final: clock ${r.state.clock.now}s, revision ${r.state.store.revision}, objects: ${[...counts].sort().map(([k, n]) => `${k} ${n}`).join(", ")}`);
  for (const f of r.expectationFailures) lines.push(`expectation failed: ${f}`);
  for (const v of r.violations) lines.push(`VIOLATION ${v.invariant} at action ${r.violationAt}: ${v.message}`);
  if (r.violations.length === 0 && r.expectationFailures.length === 0) lines.push("no violation");
  return lines.join("\n");
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("run a scenario or a counterexample trace and print what happened")
    .argument("<file>", "scenario file (YAML or JSON)")
    .option("--json", "print the final state as JSON on stdout, nothing else")
    .option("--out <dir>", "also write the run's trace (replayable) and final state under this directory")
    .action((file: string, opts: { json?: boolean; out?: string }) => {
      const sc = loadScenario(file);
      const r = runLoaded(sc, file);
      if (opts.out) {
        writeOut(opts.out, "trace.json", traceJson(traceDocument(sc, r.trace.map((t) => t.action))));
        writeOut(opts.out, "final-state.json", JSON.stringify(simulateJson(r), null, 2) + "\n");
      }
      if (opts.json) process.stdout.write(JSON.stringify(simulateJson(r), null, 2) + "\n");
      else process.stdout.write(summarize(sc, r) + "\n");
      process.exitCode = r.violations.length > 0 || r.expectationFailures.length > 0 ? EXIT_VIOLATION : EXIT_OK;
    });
}

export { EXIT_BAD_INPUT };
