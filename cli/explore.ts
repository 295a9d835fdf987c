/** `kubeprop explore`: the bounded breadth-first explorer over a scenario's cluster, or the two-phase-commit model. */
import type { Command } from "commander";
import { explore, type ExploreResult } from "../properties/explorer/bfs.ts";
import { clusterModel, componentMatches } from "../properties/explorer/kubernetes.ts";
import type { State } from "../model/state.ts";
import { btreeKeys } from "../model/collections/btree.ts";
import { twoPhaseCommit } from "../properties/explorer/two-phase-commit.ts";
import { scopeById } from "../properties/scopes/index.ts";
import { scopeStart } from "../properties/run.ts";
import { runScenario, initialState } from "../model/scenario/run.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { bugById, withBug } from "../properties/bugs/index.ts";
import { describeAction, type Action } from "../model/actions.ts";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { loadScenario } from "./simulate.ts";
import { PROJECT_ROOT } from "./project-root.ts";
import { resolve } from "node:path";

interface ExploreCli {
  scenario?: string;
  scope?: string;
  depth?: string;
  maxStates?: string;
  bug?: string;
  model?: string;
  rms?: string;
  json?: boolean;
  /** Comma-separated component ids (or prefixes ending in "*") whose actions are explored; the others lag. */
  components?: string;
  /** false (--no-convergence): check the safety invariants only. */
  convergence?: boolean;
}

/** The logical time a scenario's quiet states let pass before convergence is judged (a scope has its own). */
export const SCENARIO_SETTLE_TIME = 60;

const int = (name: string, v: string | undefined, d: number) => {
  if (v === undefined) return d;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: expected a non-negative integer, got "${v}"`);
  return Number(v);
};

export function runExplore(o: ExploreCli): ExploreResult<unknown> {
  const depth = int("depth", o.depth, 12);
  const maxStates = int("max-states", o.maxStates, 200_000);
  if (o.model !== undefined && o.model !== "two-phase-commit" && o.model !== "cluster") {
    throw new UsageError(`--model: expected two-phase-commit or cluster, got "${o.model}"`);
  }
  if (o.model === "two-phase-commit") return explore(twoPhaseCommit(int("rms", o.rms, 3)), { maxDepth: o.depth ? depth : Infinity, maxStates }) as ExploreResult<unknown>;
  const bug = o.bug === undefined ? null : o.bug;
  const bugDef = bug === null ? undefined : bugById(bug);
  if (bug !== null && !bugDef) throw new UsageError(`--bug: unknown bug "${bug}" (see kubeprop bugs)`);
  // A bug is explored where it says (Bug.explore) unless a scenario or scope is given.
  const bugExplore = o.scenario === undefined && o.scope === undefined ? bugDef?.explore : undefined;
  const patterns = o.components !== undefined ? o.components.split(",").map((p) => p.trim()) : bugExplore?.components;
  /** Options for clusterModel: convergence unless --no-convergence, the explored components when given. */
  const modelOptions = (start: State, settleTime: number) => {
    const ids = [...btreeKeys(start.components), "clock"];
    for (const p of patterns ?? []) {
      if (!ids.some((id) => componentMatches(id, [p]))) throw new UsageError(`--components: no component matches "${p}" (components: ${ids.join(", ")})`);
    }
    return { ...(o.convergence === false ? {} : { settleTime }), ...(patterns ? { components: patterns } : {}) };
  };
  const scenario = o.scenario ?? (bugExplore?.scenario ? resolve(PROJECT_ROOT, bugExplore.scenario) : undefined);
  return withBug(bug, () => {
    if (scenario) {
      const sc = loadScenario(scenario);
      const run = runScenario(sc, { file: scenario });
      // The scenario's own expectations say where exploring starts from; a start that is not that is no start.
      if (run.expectationFailures.length > 0) throw new UsageError(`${scenario}: the scenario's steps do not reach the state it expects, so there is nothing to explore from: ${run.expectationFailures[0]}`);
      const start = run.state;
      return explore(clusterModel(`scenario ${sc.name}`, start, ALL_INVARIANTS, modelOptions(start, SCENARIO_SETTLE_TIME)), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
    }
    const scope = scopeById(o.scope ?? bugDef?.scope ?? "namespaces");
    if (!scope) throw new UsageError(`--scope: unknown scope "${o.scope}"`);
    const init = scopeStart(scope);
    return explore(clusterModel(`scope ${scope.id}`, init, ALL_INVARIANTS, { scope, ...modelOptions(init, scope.settleTime) }), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
  });
}

export function registerExplore(program: Command): void {
  program
    .command("explore")
    .description("breadth-first exploration of every interleaving up to a depth, deduplicating states by fingerprint")
    .option("--scenario <file>", "explore from this scenario's cluster (after its steps)")
    .option("--scope <id>", "explore a scope of the default suite, with its user operations and faults")
    .option("--depth <n>", "depth bound (default 12)")
    .option("--max-states <n>", "stop after this many distinct states (default 200000)")
    .option("--bug <id>", "switch on a bug of the zoo (explored in its own scenario or scope unless --scenario or --scope is given)")
    .option("--components <ids>", 'explore only these components\' actions (comma-separated ids, prefixes ending in "*", "clock" for timers); the others lag until the ending')
    .option("--no-convergence", "check the safety invariants only (by default the convergence invariants too, at every quiet state)")
    .option("--model <name>", "cluster (default) or two-phase-commit")
    .option("--rms <n>", "resource managers for two-phase-commit (default 3)")
    .option("--json", "print a JSON result")
    .action((o: ExploreCli) => {
      const r = runExplore(o);
      if (o.json) process.stdout.write(JSON.stringify(r) + "\n");
      else {
        const lines = [
          `model: ${r.model}`,
          `distinct states: ${r.distinctStates}, transitions: ${r.transitions}, depth reached: ${r.depth}${r.complete ? " (complete)" : ""}, ${r.statesPerSecond} states/s`,
        ];
        if (r.violation) {
          lines.push(`VIOLATION of ${r.violation.property}: ${r.violation.message}`, `shortest counterexample (${r.violation.actions.length} actions):`);
          const show = (a: unknown) => (o.model === "two-phase-commit" ? JSON.stringify(a) : describeAction(a as Action));
          r.violation.actions.forEach((a, i) => lines.push(`  ${i + 1}. ${show(a)}`));
        } else lines.push("no violation");
        process.stdout.write(lines.join("\n") + "\n");
      }
      process.exitCode = r.violation ? EXIT_VIOLATION : EXIT_OK;
    });
}
