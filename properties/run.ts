/**
 * One random run in a scope: the random checker's simulation over the cluster model (properties/cluster-model.ts).
 * A run is a list of choices (pairs of numbers, which fast-check generates and shrinks); each choice picks one
 * action among those the model offers in the current state — a component action, a user operation, a fault (while
 * the fault budget lasts) or time passing — so no generated step is wasted on an impossible action. After the last
 * choice the faults stop: crashed nodes recover, partitions heal, time passes and the cluster settles; then the
 * convergence properties are checked (properties/ending.ts).
 */
import type { Action } from "../model/actions.ts";
import { isFault } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Kinds, Runtime } from "../model/components/kinds.ts";
import type { ClusterConfig } from "../model/config.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { settle } from "../model/settle.ts";
import { initialState } from "../model/scenario/run.ts";
import type { Scenario } from "../model/scenario/types.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import type { Scope } from "./scopes/index.ts";
import type { ScopeCluster } from "./scopes/types.ts";
import { fingerprint } from "./fingerprint.ts";
import { runEnding } from "./ending.ts";
import { clusterModel, settleMonitored, WARM_UP_MAX_STEPS, type ClusterModel, type ClusterNode, type Offers } from "./cluster-model.ts";

/** A choice: [category, index]. Category 0-5 picks a component action, 6-7 a user op, 8 time, 9 a fault. */
export type Choice = readonly [number, number];

export interface RunOutcome {
  readonly actions: readonly Action[];
  /** Set when an invariant failed: the first failing ones and the 1-based index of the action after which they failed (actions.length + 1 for convergence). */
  readonly violations: readonly Violation[];
  readonly violationAt?: number;
  readonly steps: number;
  readonly fingerprints: readonly string[];
  /** Number of disruptions on the run's path (faults, pod deletions, readiness flips). */
  readonly disruptions: number;
  /** How many of the actions came from the run itself (warm-up included); the rest are the ending (faults stop, settle). */
  readonly prefixLength: number;
  /** How many leading actions are the scope's warm-up (Scope.warmUp), not chosen: 0 without one. */
  readonly warmUpLength: number;
}

/** The model a scope's runs use: which cluster config (a bug's variant, a user's controller) and registry of kinds. */
export interface RunModel {
  /** The whole cluster config (default: the scope's own, that is the default cluster). */
  readonly config?: ClusterConfig;
  readonly kinds?: Kinds;
}

/** The scenario a run starts from: the scope's cluster (or a generated one) under the model's config. */
export function scopeScenario(scope: Scope, cluster?: ScopeCluster, config?: ClusterConfig): Scenario {
  const c = cluster ?? scope;
  return { name: `scope ${scope.id}`, config: config ?? {}, nodes: c.nodes, objects: c.objects, steps: [] };
}

/**
 * The state a scope's runs start from: its cluster created, then settled when the scope has a warm-up (the
 * explorer starts there; runs record the warm-up's actions themselves).
 */
export function scopeStart(scope: Scope, model: RunModel = {}, cluster?: ScopeCluster): State {
  const kinds = model.kinds ?? BUILTIN_KINDS;
  const s = initialState(scopeScenario(scope, cluster, model.config), undefined, kinds);
  return scope.warmUp ? settle(s, { kinds, maxSteps: WARM_UP_MAX_STEPS }).state : s;
}

const TIME_STEPS = [5, 30];

/** The action a choice picks among what is offered (undefined when nothing is possible). */
export function pickFrom(offers: Offers, choice: Choice): Action | undefined {
  const [cat, idx] = choice;
  const comp = () => offers.components;
  const ops = () => offers.ops;
  const faults = () => offers.faults;
  const time = (): Action[] => TIME_STEPS.map((seconds) => ({ type: "clock.advance", seconds }));
  const order: (() => readonly Action[])[] = cat <= 5 ? [comp, ops, time] : cat <= 7 ? [ops, comp, time] : cat === 8 ? [time] : [faults, comp, ops, time];
  for (const f of order) {
    const list = f();
    if (list.length > 0) return list[idx % list.length];
  }
  return undefined;
}

export interface RunOptions extends RunModel {
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

/** The cluster model of a scope's run: from its bare cluster, the scope's operations and faults offered. */
export function runModel(scope: Scope, opts: RunOptions): ClusterModel {
  const kinds = opts.kinds ?? BUILTIN_KINDS;
  const start = initialState(scopeScenario(scope, opts.cluster, opts.config), undefined, kinds);
  // A generated cluster's operands are the run's: the scope's operations see them.
  const cluster = opts.cluster;
  const offered = cluster ? { ops: (s: State, rt: Runtime) => scope.ops(s, rt, cluster), faults: scope.faults } : scope;
  return clusterModel({ name: `scope ${scope.id}`, start, kinds, invariants: opts.invariants, scope: offered });
}

/**
 * Runs a list of concrete actions from the scope's initial state (used to replay and to shrink). For a scope with
 * a warm-up, the actions include it (opts.warmUpLength says how many they are).
 */
export function runActions(scope: Scope, actions: readonly Action[], opts: RunOptions): RunOutcome {
  return execute(scope, (i) => (i < actions.length ? actions[i] : undefined), false, opts);
}

/** Runs a list of choices. */
export function runChoices(scope: Scope, choices: readonly Choice[], opts: RunOptions): RunOutcome {
  // The fault budget counts injected faults (the checker's bound); the monitor counts every disruption.
  let injected = 0;
  return execute(
    scope,
    (i, n, model) => {
      if (i >= choices.length) return undefined;
      const a = pickFrom(model.offers(n, injected < scope.maxFaults), choices[i]!) ?? null;
      if (a && isFault(a)) injected++;
      return a;
    },
    scope.warmUp === true,
    opts,
  );
}

function execute(scope: Scope, next: (i: number, n: ClusterNode, model: ClusterModel) => Action | undefined | null, warmUp: boolean, opts: RunOptions): RunOutcome {
  const model = runModel(scope, opts);
  let node = model.init()[0]!;
  const actions: Action[] = [];
  const fps: string[] = [];
  let steps = 0;
  let warmUpLength = warmUp ? 0 : (opts.warmUpLength ?? 0);
  const outcome = (violations: readonly Violation[], violationAt: number | undefined, prefixLength: number): RunOutcome => ({
    actions,
    violations,
    ...(violationAt !== undefined ? { violationAt } : {}),
    steps,
    fingerprints: fps,
    disruptions: node.monitor.disruptions,
    prefixLength,
    warmUpLength,
  });
  if (warmUp) {
    // The scope's warm-up: settle, every action recorded and checked like a chosen one (a bug may show already).
    const r = settleMonitored(model, node, (a) => {
      actions.push(a);
      steps++;
    });
    node = r.node;
    warmUpLength = actions.length;
    if (r.violations.length > 0) return outcome(r.violations, actions.length, actions.length);
  }
  if (opts.fingerprints) fps.push(fingerprint(node.s));
  for (let i = 0; ; i++) {
    const a = next(i, node, model);
    if (a === undefined) break;
    if (a === null) continue;
    const r = model.step(node, a);
    node = r.node;
    actions.push(a);
    steps++;
    if (opts.fingerprints) fps.push(fingerprint(node.s));
    if (r.violations.length > 0) return outcome(r.violations, actions.length, actions.length);
  }
  const prefixLength = actions.length;
  if (opts.convergence === false) return outcome([], undefined, prefixLength);
  // Faults stop, time passes, the cluster settles (properties/ending.ts); every action is recorded.
  const e = runEnding(node.s, {
    settleTime: scope.settleTime,
    monitor: node.monitor,
    kinds: model.kinds,
    onStep: (a, next, phase) => {
      actions.push(a);
      steps++;
      if (phase === "settle" && opts.fingerprints) fps.push(fingerprint(next));
    },
    // The ending's states (thousands of heartbeats) are not fingerprinted one by one: only where time lands.
    onTimePassed: (landed) => {
      if (opts.fingerprints) fps.push(fingerprint(landed));
    },
  });
  if (e.violations.length === 0) return outcome([], undefined, prefixLength);
  // A safety violation is at the ending's last action; convergence is judged after it (actions.length + 1).
  return outcome(e.violations, e.kind === "safety" ? actions.length : actions.length + 1, prefixLength);
}
