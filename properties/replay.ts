/**
 * Replaying a trace (a scenario of raw actions) with the checker's semantics: safety invariants after every
 * action, counting disruptions as the checker does, and — when the trace says its violation is at the end — the
 * convergence invariants on the final state. `kubeprop replay`, the emitted vitest files and the reports all use
 * this, so they agree with `kubeprop check`.
 */
import type { Action } from "../model/actions.ts";
import { isDisruption } from "../model/actions.ts";
export { isDisruption };
import type { State } from "../model/state.ts";
import type { Effect } from "../model/effects.ts";
import type { Scenario } from "../model/scenario/types.ts";
import { initialState } from "../model/scenario/run.ts";
import { stepWithEffects } from "../model/step.ts";
import type { Invariant, Violation } from "../invariants/types.ts";

export interface ReplayStep {
  readonly index: number;
  readonly action: Action;
  readonly effects: readonly Effect[];
  readonly before: State;
  readonly after: State;
}

export interface ReplayResult {
  readonly steps: readonly ReplayStep[];
  readonly violations: readonly Violation[];
  /** 1-based index of the action after which the violations appeared; actions + 1 = at the end (convergence). */
  readonly violationAt?: number;
  readonly final: State;
}

export function replayTrace(sc: Scenario, invariants: readonly Invariant[], opts: { keepStates?: boolean } = {}): ReplayResult {
  const actions = sc.steps.flatMap((st) => (st.kind === "action" ? [st.action] : []));
  let s = initialState(sc);
  const initial = s;
  const steps: ReplayStep[] = [];
  let faults = 0;
  for (const [i, a] of actions.entries()) {
    const prev = s;
    const r = stepWithEffects(s, a);
    s = r.state;
    if (isDisruption(a)) faults++;
    steps.push({ index: i + 1, action: a, effects: r.effects, before: opts.keepStates ? prev : initial, after: opts.keepStates ? s : initial });
    const v: Violation[] = [];
    for (const inv of invariants) if (inv.kind === "safety") v.push(...inv.check(s, prev, { faults }));
    if (v.length > 0) return { steps, violations: v, violationAt: i + 1, final: s };
  }
  if (sc.expectViolation && sc.expectViolation.step > actions.length) {
    const v: Violation[] = [];
    for (const inv of invariants) if (inv.kind === "convergence") v.push(...inv.check(s));
    if (v.length > 0) return { steps, violations: v, violationAt: actions.length + 1, final: s };
  }
  return { steps, violations: [], final: s };
}
