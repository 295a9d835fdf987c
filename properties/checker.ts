/**
 * The random checker: for each scope, fast-check generates choice lists (see run.ts), runs them, and checks
 * every safety invariant after every step and the convergence invariants at the end. On a failure,
 * fast-check's shrinking minimizes the choice list, then ddmin minimizes the concrete actions.
 */
import fc from "fast-check";
import type { Action } from "../model/actions.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import { ddmin } from "./shrink.ts";
import { runActions, runChoices, type Choice, type RunModel, type RunOutcome } from "./run.ts";
import type { Scope } from "./scopes/index.ts";
import type { ScopeCluster } from "./scopes/types.ts";
import { eventsSince, mergeEdgeCoverage, normalizeEdgeCoverage, recordLifecycleEdges, type EdgeCoverage } from "../invariants/lifecycles.ts";

export interface CheckOptions {
  readonly scopes: readonly Scope[];
  /** The cluster the runs check (its config, a bug's variant included, and its registry of kinds); default: the default cluster. */
  readonly model?: RunModel;
  readonly invariants: readonly Invariant[];
  readonly seed: number;
  /** Runs per scope; by default each scope's own `runs` (50 when it has none). */
  readonly runs?: number;
  /** Choices per run (upper bound). */
  readonly maxSteps: number;
  /** Stop starting new runs after this many milliseconds of wall time (the outcome of started runs is kept). */
  readonly timeBudgetMs?: number;
  /** Replay one fast-check path (from a report) instead of searching. */
  readonly path?: string;
  /** Called after each run (for progress bars). */
  readonly onRun?: (scope: string, runsDone: number, runsTotal: number) => void;
  /**
   * Record which lifecycle chart edges the runs exercised (invariants/lifecycles.ts EdgeCoverage, summed over the
   * search runs; the runs fast-check makes while shrinking a failure are not counted). Off by default: it reads
   * every step's writes once more.
   */
  readonly coverage?: boolean;
}

export interface Counterexample {
  readonly scope: string;
  readonly invariant: string;
  readonly violations: readonly Violation[];
  /** The shrunk action list (prefix actions and the ending), replayable from the scope's initial state. */
  readonly actions: readonly Action[];
  /** 1-based index of the action after which the violation shows (actions.length + 1 = at convergence). */
  readonly violationAt: number;
  readonly seed: number;
  readonly path: string;
  /** The generated starting cluster, for scopes that generate one (Scope.clusters). */
  readonly cluster?: ScopeCluster;
  /** Length before the ddmin pass (after fast-check's shrinking). */
  readonly unshrunkLength: number;
  /** How many of `actions` the run chose (the rest are the ending: faults stop, time passes, settle). */
  readonly chosenLength: number;
  /** How many leading actions are the scope's warm-up (Scope.warmUp); absent when it has none. */
  readonly warmUpLength?: number;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly seed: number;
  /** The search runs (the failing one included). */
  readonly runs: number;
  /** The runs fast-check made shrinking a failure (0 when nothing failed). */
  readonly shrinkRuns: number;
  /** Actions stepped, by search and shrink runs alike. */
  readonly steps: number;
  readonly distinctStates: number;
  readonly invariantsChecked: readonly string[];
  readonly scopes: readonly string[];
  readonly counterexample: Counterexample | null;
  readonly interrupted: boolean;
  /** The chart edges the runs exercised, when CheckOptions.coverage was set. */
  readonly coverage?: EdgeCoverage;
}

/** Runs per scope when neither the caller nor the scope says. */
export const DEFAULT_RUNS = 50;

/** The default bound on a run's chosen actions (`--max-steps`). */
export const DEFAULT_MAX_STEPS = 12;

/**
 * A run's choices: 1 to maxSteps of them. size "max" makes maxSteps the real bound: with fast-check's default
 * size ("small") an array is never generated longer than 2 x minLength + 10 = 12, whatever maxLength says, so a
 * larger --max-steps would change nothing. At the default of 12 both give the same runs for the same seed.
 */
export const choiceArb = (maxSteps: number): fc.Arbitrary<Choice[]> => fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: maxSteps, size: "max" });

/** Whether an outcome violates the invariant `id`. */
const violates = (o: RunOutcome, id: string) => o.violations.some((v) => v.invariant === id);

export function shrinkActions(scope: Scope, outcome: RunOutcome, invariants: readonly Invariant[], cluster?: ScopeCluster, model: RunModel = {}): RunOutcome {
  const id = outcome.violations[0]!.invariant;
  // The warm-up (Scope.warmUp) stays as it is: only the chosen actions after it are shrunk.
  const warm = outcome.actions.slice(0, outcome.warmUpLength);
  const prefix = outcome.actions.slice(outcome.warmUpLength, outcome.prefixLength);
  const opts = { ...model, invariants, warmUpLength: warm.length, ...(cluster ? { cluster } : {}) };
  const minimal = ddmin(prefix, (cand) => violates(runActions(scope, [...warm, ...cand], opts), id));
  const replayed = runActions(scope, [...warm, ...minimal], opts);
  return violates(replayed, id) ? replayed : outcome;
}

/**
 * A safety "invariant" that never fails and records the chart edges of every step's writes into `sink()`: the way
 * to see each step of a run (the ending's too) without a hook in run.ts.
 */
function edgeRecorder(sink: () => EdgeCoverage | undefined): Invariant {
  return {
    id: "lifecycle-edge-coverage",
    description: "records the lifecycle chart edges a run exercises (never violated)",
    kind: "safety",
    source: "invariants/lifecycles.ts",
    check(state, prev) {
      const into = sink();
      if (into && prev) recordLifecycleEdges(into, eventsSince(state, prev));
      return [];
    },
  };
}

export function check(opts: CheckOptions): CheckResult {
  const started = Date.now();
  let runs = 0;
  let shrinkRuns = 0;
  let steps = 0;
  const seen = new Set<string>();
  let interrupted = false;
  const coverage: EdgeCoverage | undefined = opts.coverage ? {} : undefined;
  let runCoverage: EdgeCoverage | undefined;
  const runInvariants = coverage ? [...opts.invariants, edgeRecorder(() => runCoverage)] : opts.invariants;
  const withCoverage = <R extends object>(r: R): R & { coverage?: EdgeCoverage } => (coverage ? { ...r, coverage: normalizeEdgeCoverage(coverage) } : r);
  for (const [si, scope] of opts.scopes.entries()) {
    let failing: RunOutcome | undefined;
    let scopeRuns = 0;
    const seed = opts.seed + si;
    const left = opts.timeBudgetMs === undefined ? undefined : Math.max(1, opts.timeBudgetMs - (Date.now() - started));
    const numRuns = opts.runs ?? scope.runs ?? DEFAULT_RUNS;
    const predicate = (choices: Choice[], cluster?: ScopeCluster) => {
      // Only the search runs count: once a run failed, the next ones are fast-check shrinking it.
      const shrinking = failing !== undefined;
      runCoverage = coverage && !shrinking ? {} : undefined;
      // Fingerprinting every state costs more than the run itself; the shrink runs revisit the failing run's
      // neighbourhood, so only search runs feed the distinct-state count.
      const o = runChoices(scope, choices, { ...opts.model, invariants: runInvariants, fingerprints: !failing, ...(cluster ? { cluster } : {}) });
      if (coverage && runCoverage) mergeEdgeCoverage(coverage, runCoverage);
      runCoverage = undefined;
      if (shrinking) shrinkRuns++;
      else {
        runs++;
        scopeRuns++;
      }
      steps += o.steps;
      for (const f of o.fingerprints) seen.add(f);
      opts.onRun?.(scope.id, scopeRuns, numRuns);
      if (o.violations.length > 0) {
        failing = o;
        return false;
      }
      return true;
    };
    // A scope without generated clusters keeps the plain choice-list property, so its fast-check paths stay valid.
    const prop = scope.clusters
      ? fc.property(scope.clusters, choiceArb(opts.maxSteps), (cluster: ScopeCluster, choices: Choice[]) => predicate(choices, cluster))
      : fc.property(choiceArb(opts.maxSteps), (choices: Choice[]) => predicate(choices));
    const details = fc.check(prop as fc.IProperty<unknown[]>, {
      seed,
      numRuns,
      ...(opts.path ? { path: opts.path } : {}),
      ...(left !== undefined ? { interruptAfterTimeLimit: left, markInterruptAsFailure: false } : {}),
    });
    if (details.interrupted) interrupted = true;
    if (details.failed && details.counterexample) {
      // Re-run the shrunk counterexample (fast-check's last call may not have been the minimal one).
      const ceArgs = details.counterexample as unknown[];
      const cluster = scope.clusters ? (ceArgs[0] as ScopeCluster) : undefined;
      const minimalChoices = (scope.clusters ? ceArgs[1] : ceArgs[0]) as Choice[];
      const o = runChoices(scope, minimalChoices, { ...opts.model, invariants: opts.invariants, ...(cluster ? { cluster } : {}) });
      const base = o.violations.length > 0 ? o : failing!;
      const shrunk = shrinkActions(scope, base, opts.invariants, cluster, opts.model);
      return withCoverage({
        ok: false,
        seed: opts.seed,
        runs,
        shrinkRuns,
        steps,
        distinctStates: seen.size,
        invariantsChecked: opts.invariants.map((i) => i.id),
        scopes: opts.scopes.map((s) => s.id),
        counterexample: {
          scope: scope.id,
          invariant: shrunk.violations[0]!.invariant,
          violations: shrunk.violations,
          actions: shrunk.actions,
          violationAt: shrunk.violationAt!,
          seed,
          path: details.counterexamplePath ?? "",
          unshrunkLength: base.actions.length,
          chosenLength: shrunk.prefixLength - shrunk.warmUpLength,
          ...(shrunk.warmUpLength > 0 ? { warmUpLength: shrunk.warmUpLength } : {}),
          ...(cluster ? { cluster } : {}),
        },
        interrupted,
      });
    }
    if (opts.timeBudgetMs !== undefined && Date.now() - started >= opts.timeBudgetMs) {
      interrupted = true;
      break;
    }
  }
  return withCoverage({
    ok: true,
    seed: opts.seed,
    runs,
    shrinkRuns,
    steps,
    distinctStates: seen.size,
    invariantsChecked: opts.invariants.map((i) => i.id),
    scopes: opts.scopes.map((s) => s.id),
    counterexample: null,
    interrupted,
  });
}
