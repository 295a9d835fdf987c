/** `kubeprop explore`: the bounded breadth-first explorer over a scenario's cluster, or the two-phase-commit model. */
import type { Command } from "commander";
import { explore, type ExploreResult } from "../properties/explorer/bfs.ts";
import { clusterModel } from "../properties/explorer/kubernetes.ts";
import { twoPhaseCommit } from "../properties/explorer/two-phase-commit.ts";
import { scopeById } from "../properties/scopes/index.ts";
import { scopeStart } from "../properties/run.ts";
import { runScenario, initialState } from "../model/scenario/run.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { bugById, withBug } from "../properties/bugs/index.ts";
import { describeAction, type Action } from "../model/actions.ts";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { loadScenario } from "./simulate.ts";

interface ExploreCli {
  scenario?: string;
  scope?: string;
  depth?: string;
  maxStates?: string;
  bug?: string;
  model?: string;
  rms?: string;
  json?: boolean;
}

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
  if (bug !== null && !bugById(bug)) throw new UsageError(`--bug: unknown bug "${bug}" (see kubeprop bugs)`);
  return withBug(bug, () => {
    if (o.scenario) {
      const sc = loadScenario(o.scenario);
      const start = runScenario(sc).state;
      return explore(clusterModel(`scenario ${sc.name}`, start, ALL_INVARIANTS), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
    }
    const scope = scopeById(o.scope ?? bugById(bug ?? "")?.scope ?? "namespaces");
    if (!scope) throw new UsageError(`--scope: unknown scope "${o.scope}"`);
    const init = scopeStart(scope);
    return explore(clusterModel(`scope ${scope.id}`, init, ALL_INVARIANTS, scope), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
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
    .option("--bug <id>", "switch on a bug of the zoo")
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
