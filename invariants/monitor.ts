/**
 * The invariant monitor: what every runner (the random checker, the ending, replay, the explorer, the scenario
 * runner) holds a run to. It owns the safety checks after each step and the count of disruptions on the path so
 * far (invariants that hold only in undisturbed runs, such as a rollout's maxUnavailable, see it), and judges
 * convergence at the end. A monitor is an immutable value: a step gives the monitor for the next state, so the
 * explorer can keep one per state and the checker one per run.
 */
import type { Action } from "../model/actions.ts";
import { isDisruption } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { ScenarioObserver } from "../model/scenario/run.ts";
import type { Invariant, Violation } from "./types.ts";

export interface MonitorStep {
  readonly monitor: Monitor;
  /** The safety invariants the step broke (empty when it kept them all). */
  readonly violations: readonly Violation[];
}

export interface Monitor {
  readonly invariants: readonly Invariant[];
  /** Disruptions (faults, pod deletions, readiness flips) on the path so far. */
  readonly disruptions: number;
  /** The safety violations of a state reached without a step (a run's start). */
  start(state: State): readonly Violation[];
  /** Takes the step `prev --action--> next`: the monitor after it and the safety violations it made. */
  step(prev: State, action: Action, next: State): MonitorStep;
  /** The safety violations of `next` after a step, for a path with this monitor's disruptions (no counting). */
  safety(prev: State, next: State): readonly Violation[];
  /** The convergence violations of a final state (faults stopped, time passed, the cluster settled). */
  atEnd(state: State): readonly Violation[];
}

export function monitor(invariants: readonly Invariant[], disruptions = 0): Monitor {
  const safety = invariants.filter((i) => i.kind === "safety");
  const convergence = invariants.filter((i) => i.kind === "convergence");
  const m: Monitor = {
    invariants,
    disruptions,
    start: (state) => safety.flatMap((i) => i.check(state)),
    safety(prev, next) {
      const out: Violation[] = [];
      for (const i of safety) out.push(...i.check(next, prev, { disruptions }));
      return out;
    },
    step(prev, action, next) {
      const after = isDisruption(action) ? monitor(invariants, disruptions + 1) : m;
      return { monitor: after, violations: after.safety(prev, next) };
    },
    atEnd(state) {
      const out: Violation[] = [];
      for (const i of convergence) out.push(...i.check(state));
      return out;
    },
  };
  return m;
}

/**
 * The monitor as the scenario runner's observer (model/scenario/run.ts): safety on the starting state and after
 * every action, disruptions counted along the way. One observer per run (it keeps the run's monitor).
 */
export function monitorObserver(invariants: readonly Invariant[]): ScenarioObserver<Violation> {
  let m = monitor(invariants);
  return {
    start: (state) => m.start(state),
    step(prev, action, next) {
      const r = m.step(prev, action, next);
      m = r.monitor;
      return r.violations;
    },
  };
}
