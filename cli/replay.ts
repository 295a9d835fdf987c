/** `kubeprop replay FILE`: run a counterexample trace and report whether its violation happens again. */
import type { Command } from "commander";
import { replayTrace } from "../properties/replay.ts";
import { resolveInvariants } from "../properties/session/check.ts";
import { loadPlugins } from "../properties/plugins.ts";
import { projectOfOptions } from "./check.ts";
import { EXIT_OK, EXIT_VIOLATION } from "./errors.ts";
import { loadScenario, scenarioGuard } from "./simulate.ts";

export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description("replay a counterexample trace: exit 1 when the same invariant is violated at the same step")
    .argument("<file>", "counterexample trace (JSON or YAML)")
    .option("--json", "print a JSON result")
    .option("--plugin <file...>", "load extra invariants and bugs from a module (exports invariants, bugs); default: the plugins the trace names")
    .action(async (file: string, o: { json?: boolean; plugin?: string[] }) => {
      const sc = loadScenario(file);
      // The trace carries the cluster config it ran with (a zoo bug's variant, a user's controller modules), and
      // names the plugins and project whose invariants its run was held to: load those unless told otherwise.
      const named = (k: string): unknown => sc.origin?.[k];
      const plugins = await loadPlugins(o.plugin ?? (Array.isArray(named("plugins")) ? (named("plugins") as unknown[]).map(String) : []));
      const project = await projectOfOptions({ ...(typeof named("config") === "string" ? { config: named("config") as string } : {}), ...(typeof named("controller") === "string" ? { controller: named("controller") as string } : {}) });
      const r = scenarioGuard(() => replayTrace(sc, resolveInvariants(undefined, plugins, project)));
      const expected = sc.expectViolation;
      const got = r.violations[0];
      const same = expected !== undefined && got !== undefined && r.violations.some((v) => v.invariant === expected.invariant) && r.violationAt === expected.step;
      if (o.json) {
        process.stdout.write(JSON.stringify({ reproduced: same, expected: expected ?? null, violations: r.violations, violationAt: r.violationAt ?? null }) + "\n");
      } else if (got) {
        process.stdout.write(`${same ? "reproduced" : "violation"}: ${got.invariant} after ${r.violationAt! > r.steps.length ? "the run (convergence)" : `action ${r.violationAt}`}: ${got.message}\n`);
        if (expected && !same) process.stdout.write(`note: the trace expected ${expected.invariant} at step ${expected.step}\n`);
      } else {
        process.stdout.write(`no violation in ${r.steps.length} actions${expected ? ` (the trace expected ${expected.invariant} at step ${expected.step}: not reproduced)` : ""}\n`);
      }
      process.exitCode = got ? EXIT_VIOLATION : EXIT_OK;
    });
}
