/** `kubeprop check`: flags to a check session (properties/session/check.ts), its counterexample to files, a summary printed. */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, join } from "node:path";
import { DEFAULT_MAX_STEPS } from "../properties/checker.ts";
import { SCOPES } from "../properties/scopes/index.ts";
import { checkSession, type CheckSession } from "../properties/session/check.ts";
import { loadPlugins, NO_PLUGINS, type Plugins } from "../properties/plugins.ts";
import { loadControllerProject, loadProject, type Project } from "../properties/project.ts";
import { shellWord } from "../properties/session/shell-word.ts";
import { renderCounterexample } from "../reports/counterexample.ts";
import { traceLines } from "../reports/trace-lines.ts";
import { countsFromCoverage } from "../reports/charts/index.ts";
import { parseDuration } from "../model/clock.ts";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { exists, writeOut } from "./io.ts";
import { LIBRARY_ENTRY } from "../properties/project-root.ts";
import { findProjectFile } from "./find-project.ts";

/** A relative path as an ESM import specifier ("./x.ts" for a file beside, "/" separators). */
const toImport = (rel: string): string => {
  const p = rel.split("\\").join("/");
  return p.startsWith(".") ? p : `./${p}`;
};

export function intOption(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name}: expected an integer >= ${min}, got "${v}"`);
  return Number(v);
}

export interface CheckCliOptions {
  plugin?: string[];
  seed?: string;
  runs?: string;
  maxSteps?: string;
  timeBudget?: string;
  bug?: string;
  invariant?: string[];
  scope?: string[];
  path?: string;
  out?: string;
  json?: boolean;
  emitTest?: boolean;
  /** --coverage [file]: true for the default name, or a file name under --out. */
  coverage?: string | boolean;
  /** --config FILE: a user's project (kubeprop.config.ts). */
  config?: string;
  /** --controller FILE: a project of one controller module (the quick case). */
  controller?: string;
}

export interface CheckRun {
  readonly session: CheckSession;
  readonly result: CheckSession["result"];
  /** The command that reproduces the counterexample, when there is one. */
  readonly reproduce?: string;
  /** The counterexample's files (trace first). */
  readonly files: readonly string[];
  /** The chart edge coverage file, when --coverage was given. */
  readonly coverageFile?: string;
}

/** The file name --coverage writes under --out when given without a value. */
export const DEFAULT_COVERAGE_FILE = "coverage.json";

/**
 * Where --coverage writes, checked before any run: a path under --out (never elsewhere, as every output of
 * check), and either new or a previous coverage file (one `kubeprop charts --coverage` reads): any other file
 * there is refused, not overwritten.
 */
export function coverageTarget(outDir: string, name: string): string {
  const target = resolve(outDir, name);
  const rel = relative(resolve(outDir), target);
  if (name === "" || rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new UsageError(`--coverage: "${name}" is not a file under --out ${outDir} (coverage files go under --out)`);
  if (exists(target)) {
    let previous: unknown;
    try {
      previous = JSON.parse(readFileSync(target, "utf8"));
      countsFromCoverage(previous);
    } catch {
      throw new UsageError(`--coverage: ${target} exists and is not a coverage file; refusing to overwrite it`);
    }
  }
  return target;
}

/**
 * The project --config or --controller names, loaded (both is a usage error). For neither: with `discover`, the
 * kubeprop.config.ts of the current folder (cli/find-project.ts), said on stderr so that --json output stays
 * clean; otherwise undefined.
 */
export async function projectOfOptions(o: { config?: string; controller?: string }, discover = false): Promise<Project | undefined> {
  if (o.config !== undefined && o.controller !== undefined) throw new UsageError("--config and --controller: give one (a project names its controllers)");
  if (o.config !== undefined) return loadProject(o.config);
  if (o.controller !== undefined) return loadControllerProject(o.controller);
  const found = discover ? findProjectFile() : undefined;
  if (found === undefined) return undefined;
  process.stderr.write(`using project ${found} (found in the current folder)\n`);
  return loadProject(found);
}

/** Runs a check session as the CLI does (the plugins already loaded) and writes its files under --out. */
export function runCheck(o: CheckCliOptions, plugins: Plugins = NO_PLUGINS, onRun?: (scope: string, done: number, total: number) => void, project?: Project): CheckRun {
  let timeBudgetMs: number | undefined;
  if (o.timeBudget !== undefined) {
    try {
      timeBudgetMs = parseDuration(o.timeBudget) * 1000;
    } catch (e) {
      throw new UsageError(`--time-budget: ${(e as Error).message}`);
    }
  }
  const seed = intOption("seed", o.seed);
  const runs = intOption("runs", o.runs, 1);
  const maxSteps = intOption("max-steps", o.maxSteps, 1);
  const outDir = o.out ?? "kubeprop-out";
  const coverageName = o.coverage === undefined || o.coverage === false ? undefined : o.coverage === true ? DEFAULT_COVERAGE_FILE : o.coverage;
  if (coverageName !== undefined) coverageTarget(outDir, coverageName);
  const session = checkSession({
    ...(seed !== undefined ? { seed } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}),
    ...(o.scope?.length ? { scopes: o.scope } : {}),
    ...(o.bug !== undefined ? { bug: o.bug } : {}),
    ...(o.invariant?.length ? { invariants: o.invariant } : {}),
    ...(o.path ? { path: o.path } : {}),
    ...(coverageName !== undefined ? { coverage: true } : {}),
    plugins,
    ...(project ? { project } : {}),
    ...(onRun ? { onRun } : {}),
  });
  const files: string[] = [];
  const coverageFile = coverageName === undefined ? undefined : writeOut(outDir, coverageName, JSON.stringify(session.result.coverage ?? {}, null, 2) + "\n");
  const ce = session.counterexample;
  if (ce) {
    const traceFile = join(outDir, ce.name, "counterexample.json");
    const testDir = resolve(outDir, ce.name);
    const libraryImport = toImport(relative(testDir, LIBRARY_ENTRY));
    const pluginImports = plugins.files.map((f) => toImport(relative(testDir, resolve(f))));
    const r = renderCounterexample(ce.trace, ce.scenario, session.invariants, { traceFile, libraryImport, pluginImports });
    files.push(writeOut(outDir, `${ce.name}/counterexample.json`, r.traceJson));
    files.push(writeOut(outDir, `${ce.name}/counterexample.md`, r.markdown));
    files.push(writeOut(outDir, `${ce.name}/counterexample.html`, r.html));
    if (o.emitTest) files.push(writeOut(outDir, `${ce.name}/counterexample.test.ts`, r.vitest));
  }
  const reproduce = ce?.reproduce;
  return { session, result: session.result, files, ...(coverageFile ? { coverageFile } : {}), ...(reproduce ? { reproduce } : {}) };
}

function progress(scope: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((Math.min(done, total) / total) * width);
  process.stderr.write(`\r${scope.padEnd(12)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("run the random checker over the built-in default suite, or your project (--config, --controller, or kubeprop.config.ts in the current folder); exit 1 with a shrunk counterexample on a violation")
    .option("--seed <n>", "random seed (default 1)")
    .option("--runs <n>", "runs per scope (default: each scope's own, 50 for most)")
    .option("--max-steps <n>", `chosen actions per run at most (default ${DEFAULT_MAX_STEPS})`)
    .option("--time-budget <duration>", "stop starting runs after this long, e.g. 60s")
    .option("--bug <id>", "switch on a bug of the zoo (see kubeprop bugs)")
    .option("--invariant <id...>", "check only these invariants")
    .option("--scope <id...>", `only these scopes (${SCOPES.map((s) => s.id).join(", ")})`)
    .option("--path <path>", "replay one fast-check path (from a report)")
    .option("--out <dir>", "where counterexample files go (default kubeprop-out)")
    .option("--json", "print only a JSON summary")
    .option("--emit-test", "also write a vitest file that replays the counterexample")
    .option("--plugin <file...>", "load extra invariants and bugs from a module (exports invariants, bugs)")
    .option("--config <file>", "check your own project: kubeprop.config.ts (controllers, manifests, operations, faults, invariants); default: the current folder's, if any, unless --scope or --bug is given")
    .option("--controller <file>", "check one controller module (with its manifests, examples and invariants beside it)")
    .option(
      "--coverage [file]",
      `record the lifecycle chart edges the runs exercised and write them as JSON under --out (default name ${DEFAULT_COVERAGE_FILE}), the format \`kubeprop charts --coverage\` draws; an existing file there is replaced only if it is a coverage file`,
    )
    .action(async (o: CheckCliOptions) => {
      const plugins = await loadPlugins(o.plugin ?? []);
      const tty = process.stderr.isTTY && !o.json;
      // No project named and no other choice of what to check: the current folder's kubeprop.config.ts, if any.
      const project = await projectOfOptions(o, !o.scope?.length && o.bug === undefined);
      const { result, files, coverageFile, reproduce } = runCheck(o, plugins, tty ? progress : undefined, project);
      if (tty) process.stderr.write("\n");
      const ce = result.counterexample;
      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            ok: result.ok,
            scopes: result.scopes,
            seed: result.seed,
            runs: result.runs,
            shrinkRuns: result.shrinkRuns,
            steps: result.steps,
            distinctStates: result.distinctStates,
            counterexample: ce ? { invariant: ce.invariant, steps: ce.actions.length, file: files[0] } : null,
          }) + "\n",
        );
      } else {
        const lines = [
          `scopes: ${result.scopes.join(", ")}${o.bug ? ` (bug ${o.bug} switched on)` : ""}`,
          `runs: ${result.runs}${result.shrinkRuns ? ` (and ${result.shrinkRuns} shrinking)` : ""}, steps: ${result.steps}, distinct states: ${result.distinctStates}, invariants checked: ${result.invariantsChecked.length}${result.interrupted ? " (time budget reached)" : ""}`,
        ];
        if (!ce) lines.push("no violation");
        else {
          lines.push(`VIOLATION of ${ce.invariant} in scope ${ce.scope}: ${ce.violations[0]!.message}`);
          lines.push(`shrunk from ${ce.unshrunkLength} to ${ce.actions.length} actions; violated ${ce.violationAt > ce.actions.length ? "at convergence" : `after action ${ce.violationAt}`}:`);
          lines.push(...traceLines(ce));
          lines.push(`reproduce: ${reproduce}`);
          for (const f of files) lines.push(`wrote ${f}`);
        }
        if (coverageFile) lines.push(`wrote ${coverageFile} (chart edges exercised; draw them with: npx kubeprop charts --coverage ${shellWord(coverageFile)})`);
        process.stdout.write(lines.join("\n") + "\n");
      }
      process.exitCode = result.ok ? EXIT_OK : EXIT_VIOLATION;
    });
}
