/** `kubeprop check`: the random checker over the built-in default suite. */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Invariant } from "../invariants/types.ts";
import type { Bug } from "../properties/bugs/types.ts";
import { check, DEFAULT_MAX_STEPS, type CheckResult, type Counterexample } from "../properties/checker.ts";
import { availableScopes, scopeById, SCOPES, type Scope } from "../properties/scopes/index.ts";
import { scopeScenario } from "../properties/run.ts";
import { ALL_INVARIANTS, invariantById } from "../invariants/index.ts";
import { BUGS, bugById } from "../properties/bugs/index.ts";
import { parseScenario } from "../model/scenario/parse.ts";
import { counterexampleTrace, renderCounterexample, reproduceCommand } from "../reports/counterexample.ts";
import { countsFromCoverage } from "../reports/charts/index.ts";
import { traceJson } from "../reports/trace-scenario.ts";
import { shellWord } from "../reports/shell-word.ts";
import { parseDuration } from "../model/clock.ts";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { exists, writeOut } from "./io.ts";
import { PROJECT_ROOT } from "./project-root.ts";
import { describeAction } from "../model/actions.ts";


/** A relative path as an ESM import specifier ("./x.ts" for a file beside, "/" separators). */
const toImport = (rel: string): string => {
  const p = rel.split("\\").join("/");
  return p.startsWith(".") ? p : `./${p}`;
};

function intOption(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
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
}

export interface CheckRun {
  readonly result: CheckResult;
  /** The counterexample's files (trace first). */
  readonly files: readonly string[];
  /** The chart edge coverage file, when --coverage was given. */
  readonly coverageFile?: string;
  /** The command that reproduces the counterexample, when there is one. */
  readonly reproduce?: string;
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

/** Invariants added by --plugin modules (a plugin module exports `invariants: Invariant[]`). */
const extraInvariants: Invariant[] = [];

/** The invariants plugins added. */
export const pluginInvariants = (): readonly Invariant[] => extraInvariants;

/** Loads --plugin modules: each may export `invariants` (added to the checked set) and `bugs` (added to the zoo). */
export async function loadPlugins(files: readonly string[]): Promise<void> {
  for (const f of files) {
    let mod: { invariants?: Invariant[]; bugs?: Bug[] };
    try {
      mod = await import(pathToFileURL(resolve(f)).href);
    } catch (e) {
      throw new UsageError(`--plugin ${f}: cannot load (${(e as Error).message.split("\n")[0]})`);
    }
    if (mod.invariants !== undefined && !Array.isArray(mod.invariants)) throw new UsageError(`--plugin ${f}: "invariants" must be an array`);
    if (mod.bugs !== undefined && !Array.isArray(mod.bugs)) throw new UsageError(`--plugin ${f}: "bugs" must be an array`);
    for (const i of mod.invariants ?? []) if (!extraInvariants.some((x) => x.id === i.id)) extraInvariants.push(i);
    for (const b of mod.bugs ?? []) if (!BUGS.some((x) => x.id === b.id)) BUGS.push(b);
  }
}

/** Runs the checker as the CLI does (also used by tests and the bug-zoo tests). */
export function runCheck(o: CheckCliOptions, onRun?: (scope: string, done: number, total: number) => void): CheckRun {
  let timeBudgetMs: number | undefined;
  if (o.timeBudget !== undefined) {
    try {
      timeBudgetMs = parseDuration(o.timeBudget) * 1000;
    } catch (e) {
      throw new UsageError(`--time-budget: ${(e as Error).message}`);
    }
  }
  const bug = o.bug === undefined ? undefined : bugById(o.bug);
  if (o.bug !== undefined && !bug) throw new UsageError(`--bug: unknown bug "${o.bug}" (see kubeprop bugs)`);
  // With --bug and no explicit search options, the bug's own budget (the one its zoo test holds it to).
  const budget = bug?.budget ?? {};
  const seed = intOption("seed", o.seed, budget.seed ?? 1);
  const runsGiven = o.runs ?? (budget.runs !== undefined ? String(budget.runs) : undefined);
  const runs = runsGiven === undefined ? undefined : intOption("runs", runsGiven, 50, 1);
  const maxSteps = intOption("max-steps", o.maxSteps, budget.maxSteps ?? DEFAULT_MAX_STEPS, 1);
  const invariants = (o.invariant ?? []).length
    ? o.invariant!.map((id) => {
        const i = invariantById(id) ?? extraInvariants.find((x) => x.id === id);
        if (!i) throw new UsageError(`--invariant: unknown invariant "${id}" (known: ${ALL_INVARIANTS.map((x) => x.id).join(", ")})`);
        return i;
      })
    : [...ALL_INVARIANTS, ...extraInvariants];
  let scopes: Scope[];
  const wanted = o.scope ?? (bug ? [bug.scope] : undefined);
  if (wanted && wanted.length) {
    scopes = wanted.map((id) => {
      const s = scopeById(id);
      if (!s) throw new UsageError(`--scope: unknown scope "${id}" (known: ${SCOPES.map((x) => x.id).join(", ")})`);
      return s;
    });
  } else scopes = availableScopes();
  const outDir = o.out ?? "kubeprop-out";
  const coverageName = o.coverage === undefined || o.coverage === false ? undefined : o.coverage === true ? DEFAULT_COVERAGE_FILE : o.coverage;
  const coveragePath = coverageName === undefined ? undefined : coverageTarget(outDir, coverageName);
  const off = bug?.enable();
  try {
    const result = check({
      scopes,
      invariants,
      seed,
      ...(runs !== undefined ? { runs } : {}),
      maxSteps,
      ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}),
      ...(o.path ? { path: o.path } : {}),
      ...(onRun ? { onRun } : {}),
      ...(coveragePath ? { coverage: true } : {}),
    });
    const files: string[] = [];
    const coverageFile = coverageName === undefined ? undefined : writeOut(outDir, coverageName, JSON.stringify(result.coverage ?? {}, null, 2) + "\n");
    const ce = result.counterexample;
    let reproduce: string | undefined;
    if (ce) {
      const scope = scopeById(ce.scope)!;
      const origin = {
        seed: ce.seed,
        path: ce.path,
        scope: ce.scope,
        ...(bug ? { bug: bug.id } : {}),
        ...(o.invariant?.length ? { invariants: o.invariant } : {}),
        // fast-check regenerates the run at --path with the same array bounds: keep a --max-steps that was given.
        ...(o.maxSteps !== undefined ? { maxSteps } : {}),
        // The plugins as given: the reproduce command must load them again to know their invariants and bugs.
        ...(o.plugin?.length ? { plugins: o.plugin } : {}),
        // The scope's warm-up (Scope.warmUp) leads the trace: say how long it is, so reports can set it apart.
        ...(ce.warmUpLength ? { warmUpActions: ce.warmUpLength } : {}),
      };
      reproduce = reproduceCommand(origin);
      const description = `${ce.invariant}: ${ce.violations[0]!.message}`;
      const doc = counterexampleTrace({ scenario: scopeScenario(scope, ce.cluster), actions: ce.actions, invariant: ce.invariant, violationAt: ce.violationAt, origin }, description);
      const base = `${ce.scope}-${ce.invariant}-seed${ce.seed}`;
      const traceFile = join(outDir, base, "counterexample.json");
      const scenario = parseScenario(traceJson(doc), traceFile);
      const projectImport = relative(resolve(outDir, base), PROJECT_ROOT).split("\\").join("/") || ".";
      const testDir = resolve(outDir, base);
      const pluginImports = (o.plugin ?? []).map((f) => toImport(relative(testDir, resolve(f))));
      const r = renderCounterexample(doc, scenario, invariants, { traceFile, projectImport, pluginImports });
      files.push(writeOut(outDir, `${base}/counterexample.json`, r.traceJson));
      files.push(writeOut(outDir, `${base}/counterexample.md`, r.markdown));
      files.push(writeOut(outDir, `${base}/counterexample.html`, r.html));
      if (o.emitTest) files.push(writeOut(outDir, `${base}/counterexample.test.ts`, r.vitest));
    }
    return { result, files, ...(coverageFile ? { coverageFile } : {}), ...(reproduce ? { reproduce } : {}) };
  } finally {
    off?.();
  }
}

/**
 * The trace as printed: the warm-up folded into one line, the chosen actions one by one, and the ending (faults
 * stop, time passes, the cluster settles) one by one up to a safety violation in it, or folded into one line when
 * the violation is at convergence. The report files have every action.
 */
function traceLines(ce: Counterexample): string[] {
  const line = (i: number, text: string) => `  ${String(i + 1).padStart(3)}. ${text}`;
  const warm = ce.warmUpLength ?? 0;
  const chosenEnd = warm + ce.chosenLength;
  const out: string[] = [];
  if (warm > 0) out.push(`  ${`1-${warm}`.padStart(3)}. warm-up: the scope's cluster settles (${warm} component actions)`);
  ce.actions.slice(warm, chosenEnd).forEach((a, i) => out.push(line(warm + i, describeAction(a))));
  const ending = ce.actions.length - chosenEnd;
  if (ending === 0) return out;
  if (ce.violationAt <= ce.actions.length) ce.actions.slice(chosenEnd, ce.violationAt).forEach((a, i) => out.push(line(chosenEnd + i, describeAction(a))));
  else out.push(`  ${`${chosenEnd + 1}-${ce.actions.length}`.padStart(3)}. ending: faults stop, time passes, the cluster settles (${ending} actions)`);
  return out;
}

function progress(scope: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((Math.min(done, total) / total) * width);
  process.stderr.write(`\r${scope.padEnd(12)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("run the random checker over the built-in default suite (exit 1 with a shrunk counterexample on a violation)")
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
    .option(
      "--coverage [file]",
      `record the lifecycle chart edges the runs exercised and write them as JSON under --out (default name ${DEFAULT_COVERAGE_FILE}), the format \`kubeprop charts --coverage\` draws; an existing file there is replaced only if it is a coverage file`,
    )
    .action(async (o: CheckCliOptions) => {
      await loadPlugins(o.plugin ?? []);
      const tty = process.stderr.isTTY && !o.json;
      const { result, files, coverageFile, reproduce } = runCheck(o, tty ? progress : undefined);
      if (tty) process.stderr.write("\n");
      const ce = result.counterexample;
      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            ok: result.ok,
            seed: result.seed,
            runs: result.runs,
            steps: result.steps,
            distinctStates: result.distinctStates,
            counterexample: ce ? { invariant: ce.invariant, steps: ce.actions.length, file: files[0] } : null,
          }) + "\n",
        );
      } else {
        const lines = [
          `scopes: ${result.scopes.join(", ")}${o.bug ? ` (bug ${o.bug} switched on)` : ""}`,
          `runs: ${result.runs}, steps: ${result.steps}, distinct states: ${result.distinctStates}, invariants checked: ${result.invariantsChecked.length}${result.interrupted ? " (time budget reached)" : ""}`,
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
  void BUGS;
}
