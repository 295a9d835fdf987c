/**
 * Replaying a trace (a scenario of raw actions) with the checker's semantics: the invariant monitor after every
 * action (counting disruptions as the checker does) and — when the trace says its violation is at the end — the
 * convergence invariants on the final state. The trace's own config says which cluster ran (a zoo bug's variant
 * included), so a replay needs nothing but the trace and the invariants. `kubeprop replay`, the emitted vitest
 * files and the reports all use this, so they agree with `kubeprop check`.
 */
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Effect } from "../model/effects.ts";
import type { Kinds } from "../model/components/kinds.ts";
import type { Scenario } from "../model/scenario/types.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { initialState } from "../model/scenario/run.ts";
import { stepIn } from "../model/step.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import { monitor } from "../invariants/monitor.ts";

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

export interface ReplayOptions {
  /** Keep every step's states (reports diff them); otherwise only the final state is kept. */
  readonly keepStates?: boolean;
  /** The registry the trace's config resolves with (default: the built-in kinds and user controllers). */
  readonly kinds?: Kinds;
}

export function replayTrace(sc: Scenario, invariants: readonly Invariant[], opts: ReplayOptions = {}): ReplayResult {
  const kinds = opts.kinds ?? KUBEPROP_KINDS;
  const actions = sc.steps.flatMap((st) => (st.kind === "action" ? [st.action] : []));
  let s = initialState(sc, sc.name, kinds);
  const rt = kinds.runtime(s.config);
  const initial = s;
  const steps: ReplayStep[] = [];
  let m = monitor(invariants);
  for (const [i, a] of actions.entries()) {
    const prev = s;
    const r = stepIn(rt, s, a);
    s = r.state;
    steps.push({ index: i + 1, action: a, effects: r.effects, before: opts.keepStates ? prev : initial, after: opts.keepStates ? s : initial });
    const step = m.step(prev, a, s);
    m = step.monitor;
    if (step.violations.length > 0) return { steps, violations: step.violations, violationAt: i + 1, final: s };
  }
  if (sc.expectViolation && sc.expectViolation.step > actions.length) {
    const v = m.atEnd(s);
    if (v.length > 0) return { steps, violations: v, violationAt: actions.length + 1, final: s };
  }
  return { steps, violations: [], final: s };
}
