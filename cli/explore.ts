/** `kubeprop explore`: flags to an explore session (properties/session/explore.ts), its result printed. */
import type { Command } from "commander";
import type { ExploreResult } from "../properties/explorer/bfs.ts";
import { exploreSession, exploreTwoPhaseCommit } from "../properties/session/explore.ts";
import { loadPlugins, NO_PLUGINS, type Plugins } from "../properties/plugins.ts";
import { describeAction, type Action } from "../model/actions.ts";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { loadScenario, loadSimulation } from "./simulate.ts";
import type { Scenario } from "../model/scenario/types.ts";
import { projectOfOptions } from "./check.ts";
import type { Project } from "../properties/project.ts";

interface ExploreCli {
  scenario?: string;
  scope?: string;
  depth?: string;
  maxStates?: string;
  bug?: string;
  model?: string;
  rms?: string;
  json?: boolean;
  plugin?: string[];
  /** Comma-separated component ids (or prefixes ending in "*") whose actions are explored; the others lag. */
  components?: string;
  /** false (--no-convergence): check the safety invariants only. */
  convergence?: boolean;
  config?: string;
  controller?: string;
}

export { SCENARIO_SETTLE_TIME } from "../properties/session/explore.ts";

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: expected a non-negative integer, got "${v}"`);
  return Number(v);
};

/**
 * Runs an explore session. `scenario`: the scenario already built (with a project, its cluster config, nodes and
 * objects first, as `simulate` builds it: cli/simulate.ts loadSimulation); otherwise `--scenario` is read alone.
 */
export function runExplore(o: ExploreCli, plugins: Plugins = NO_PLUGINS, project?: Project, scenario?: { scenario: Scenario; file: string }): ExploreResult<unknown> {
  const depth = int("depth", o.depth);
  const maxStates = int("max-states", o.maxStates) ?? 200_000;
  if (o.model !== undefined && o.model !== "two-phase-commit" && o.model !== "cluster") {
    throw new UsageError(`--model: expected two-phase-commit or cluster, got "${o.model}"`);
  }
  if (o.model === "two-phase-commit") return exploreTwoPhaseCommit(int("rms", o.rms) ?? 3, depth, maxStates);
  return exploreSession({
    ...(scenario ? { scenario } : o.scenario !== undefined ? { scenario: { scenario: loadScenario(o.scenario), file: o.scenario } } : {}),
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
    ...(o.bug !== undefined ? { bug: o.bug } : {}),
    ...(depth !== undefined ? { depth } : {}),
    maxStates,
    ...(o.components !== undefined ? { components: o.components.split(",").map((p) => p.trim()) } : {}),
    ...(o.convergence === false ? { convergence: false } : {}),
    plugins,
    ...(project ? { project } : {}),
  });
}

export function registerExplore(program: Command): void {
  program
    .command("explore")
    .description("breadth-first exploration of every interleaving up to a depth, deduplicating states by fingerprint")
    .option("--scenario <file>", "explore from this scenario's cluster (after its steps), or from Kubernetes manifests (a file or folder, as for kubectl apply -f)")
    .option("--scope <id>", "explore a scope of the default suite, with its user operations and faults")
    .option("--depth <n>", "depth bound (default 12)")
    .option("--max-states <n>", "stop after this many distinct states (default 200000)")
    .option("--bug <id>", "switch on a bug of the zoo (explored in its own scenario or scope unless --scenario or --scope is given)")
    .option("--components <ids>", 'explore only these components\' actions (comma-separated ids, prefixes ending in "*", "clock" for timers); the others lag until the ending')
    .option("--no-convergence", "check the safety invariants only (by default the convergence invariants too, at every quiet state)")
    .option("--model <name>", "cluster (default) or two-phase-commit")
    .option("--rms <n>", "resource managers for two-phase-commit (default 3)")
    .option("--json", "print a JSON result")
    .option("--plugin <file...>", "load extra invariants and bugs from a module (exports invariants, bugs)")
    .option("--config <file>", "explore your own project: kubeprop.config.ts; default: the current folder's, if any, unless --scenario, --scope, --bug or --model two-phase-commit is given")
    .option("--controller <file>", "explore one controller module (with its manifests, examples and invariants beside it)")
    .action(async (o: ExploreCli) => {
      // No project named and no other choice of what to explore: the current folder's kubeprop.config.ts, if any.
      const discover = o.scenario === undefined && o.scope === undefined && o.bug === undefined && o.model !== "two-phase-commit";
      const plugins = await loadPlugins(o.plugin ?? []);
      // A scenario with a project (--config, --controller): the scenario runs against the project's cluster (its
      // controllers beside the control plane, its nodes and objects first) and its invariants, as simulate runs it.
      const withProject = o.scenario !== undefined && (o.config !== undefined || o.controller !== undefined);
      const sim = withProject ? await loadSimulation(o.scenario!, o) : undefined;
      const r = sim ? runExplore(o, plugins, sim.project, { scenario: sim.scenario, file: sim.file }) : runExplore(o, plugins, await projectOfOptions(o, discover));
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
