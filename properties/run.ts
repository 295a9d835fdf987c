/**
 * One random run in a scope. A run is a list of choices (pairs of numbers, which fast-check generates and
 * shrinks); each choice picks one action among those possible in the current state — a component action
 * (enabled), a user operation, a fault (while the fault budget lasts) or time passing — so no generated step is
 * wasted on an impossible action. After the last choice the faults stop: crashed nodes recover, partitions heal,
 * time passes and the cluster settles; then the convergence properties are checked.
 */
import type { Action } from "../model/actions.ts";
import { isDisruption, isFault } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { enabled } from "../model/enabled.ts";
import { stepWithEffects } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { initialState } from "../model/scenario/run.ts";
import type { Scenario } from "../model/scenario/types.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import type { Scope } from "./scopes/index.ts";
import type { ScopeCluster } from "./scopes/types.ts";
import { fingerprint } from "./fingerprint.ts";
import { runEnding, safetyViolations } from "./ending.ts";

/** A choice: [category, index]. Category 0-5 picks a component action, 6-7 a user op, 8 time, 9 a fault. */
export type Choice = readonly [number, number];

export interface RunOutcome {
  readonly actions: readonly Action[];
  /** Set when an invariant failed: the first failing ones and the 1-based index of the action after which they failed (actions.length + 1 for convergence). */
  readonly violations: readonly Violation[];
  readonly violationAt?: number;
  readonly steps: number;
  readonly fingerprints: readonly string[];
  /** Number of faults injected. */
  readonly faults: number;
  /** How many of the actions came from the run itself (warm-up included); the rest are the ending (faults stop, settle). */
  readonly prefixLength: number;
  /** How many leading actions are the scope's warm-up (Scope.warmUp), not chosen: 0 without one. */
  readonly warmUpLength: number;
}

/** The scenario a run starts from: the scope's cluster, or a generated one. */
export function scopeScenario(scope: Scope, cluster?: ScopeCluster): Scenario {
  const c = cluster ?? scope;
  return { name: `scope ${scope.id}`, config: {}, nodes: c.nodes, objects: c.objects, steps: [] };
}

/**
 * The state a scope's runs start from: its cluster created, then settled when the scope has a warm-up (the
 * explorer starts there; runs record the warm-up's actions themselves).
 */
export function scopeStart(scope: Scope, cluster?: ScopeCluster): State {
  const s = initialState(scopeScenario(scope, cluster));
  return scope.warmUp ? settle(s, { maxSteps: WARM_UP_MAX_STEPS }).state : s;
}

const TIME_STEPS = [5, 30];


/** The action a choice picks in state s (undefined when nothing is possible). */
export function pick(scope: Scope, s: State, choice: Choice, faultsLeft: boolean): Action | undefined {
  const [cat, idx] = choice;
  const comp = enabled(s).filter((a) => a.type !== "clock.tick");
  const ops = () => scope.ops(s);
  const faults = () => (faultsLeft ? scope.faults(s) : []);
  const time = (): Action[] => TIME_STEPS.map((seconds) => ({ type: "clock.advance", seconds }));
  const order: (() => Action[])[] =
    cat <= 5 ? [() => comp, ops, time] : cat <= 7 ? [ops, () => comp, time] : cat === 8 ? [time] : [faults, () => comp, ops, time];
  for (const f of order) {
    const list = f();
    if (list.length > 0) return list[idx % list.length];
  }
  return undefined;
}

export interface RunOptions {
  readonly invariants: readonly Invariant[];
  /** Start from this cluster instead of the scope's own (a generated one, see Scope.clusters). */
  readonly cluster?: ScopeCluster;
  /** Count distinct states (costs a hash per step). */
  readonly fingerprints?: boolean;
  /** Check convergence at the end (default true). */
  readonly convergence?: boolean;
  /**
   * For runActions on a scope with a warm-up: how many leading actions are that warm-up (they are replayed as
   * given; runChoices takes the warm-up itself).
   */
  readonly warmUpLength?: number;
}

/** Upper bound on a warm-up's actions (a scope's small cluster settles in a few hundred). */
const WARM_UP_MAX_STEPS = 20_000;

/**
 * Runs a list of concrete actions from the scope's initial state (used to replay and to shrink). For a scope with
 * a warm-up, the actions include it (opts.warmUpLength says how many they are).
 */
export function runActions(scope: Scope, actions: readonly Action[], opts: RunOptions): RunOutcome {
  return execute(scope, (i) => (i < actions.length ? actions[i] : undefined), false, opts);
}

/** Runs a list of choices. */
export function runChoices(scope: Scope, choices: readonly Choice[], opts: RunOptions): RunOutcome {
  let faults = 0;
  return execute(
    scope,
    (i, s) => {
      if (i >= choices.length) return undefined;
      const a = pick(scope, s, choices[i]!, faults < scope.maxFaults) ?? null;
      if (a && isFault(a)) faults++;
      return a;
    },
    scope.warmUp === true,
    opts,
  );
}

function execute(scope: Scope, next: (i: number, s: State) => Action | undefined | null, warmUp: boolean, opts: RunOptions): RunOutcome {
  let s = initialState(scopeScenario(scope, opts.cluster));
  const actions: Action[] = [];
  const fps: string[] = [];
  let faults = 0;
  let steps = 0;
  let warmUpLength = warmUp ? 0 : (opts.warmUpLength ?? 0);
  /** Records an action and the state it led to; returns that step's safety violations. */
  const record = (a: Action, next: State): Violation[] => {
    const prev = s;
    s = next;
    actions.push(a);
    steps++;
    return safetyViolations(opts.invariants, s, prev, faults);
  };
  if (warmUp) {
    // The scope's warm-up: settle, every action recorded and checked like a chosen one (a bug may show already).
    let safety: Violation[] = [];
    const r = settle(s, { maxSteps: WARM_UP_MAX_STEPS, stop: () => safety.length > 0, onStep: (a, next) => (safety = record(a, next)) });
    s = r.state;
    warmUpLength = actions.length;
    if (safety.length > 0) return { actions, violations: safety, violationAt: actions.length, steps, fingerprints: fps, faults, prefixLength: actions.length, warmUpLength };
  }
  if (opts.fingerprints) fps.push(fingerprint(s));
  for (let i = 0; ; i++) {
    const a = next(i, s);
    if (a === undefined) break;
    if (a === null) continue;
    if (isDisruption(a)) faults++;
    const v = record(a, stepWithEffects(s, a).state);
    if (opts.fingerprints) fps.push(fingerprint(s));
    if (v.length > 0) return { actions, violations: v, violationAt: actions.length, steps, fingerprints: fps, faults, prefixLength: actions.length, warmUpLength };
  }
  const prefixLength = actions.length;
  if (opts.convergence === false) return { actions, violations: [], steps, fingerprints: fps, faults, prefixLength, warmUpLength };
  // Faults stop, time passes, the cluster settles (properties/ending.ts); every action is recorded.
  const e = runEnding(s, {
    settleTime: scope.settleTime,
    invariants: opts.invariants,
    faults,
    onStep: (a, next, phase) => {
      s = next;
      actions.push(a);
      steps++;
      if (phase === "settle" && opts.fingerprints) fps.push(fingerprint(s));
    },
    // The ending's states (thousands of heartbeats) are not fingerprinted one by one: only where time lands.
    onTimePassed: (landed) => {
      if (opts.fingerprints) fps.push(fingerprint(landed));
    },
  });
  if (e.violations.length === 0) return { actions, violations: [], steps, fingerprints: fps, faults, prefixLength, warmUpLength };
  // A safety violation is at the ending's last action; convergence is judged after it (actions.length + 1).
  const violationAt = e.kind === "safety" ? actions.length : actions.length + 1;
  return { actions, violations: e.violations, violationAt, steps, fingerprints: fps, faults, prefixLength, warmUpLength };
}
