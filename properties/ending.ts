/**
 * The end of a run, where convergence is judged (Anvil's ESR: once faults stop, the cluster reaches its desired
 * state and stays there). Crashed machines recover and partitions heal; logical time passes (`settleTime`, each
 * timer fired at its due time with the components' work in between); every informer with a periodic resync
 * takes one; the cluster settles; then the convergence invariants are checked. The safety invariants are
 * checked on every step of the way. The random checker ends every run so, and the explorer every quiet state.
 */
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { advance } from "../model/advance.ts";
import { btreeRange } from "../model/collections/btree.ts";
import type { Kinds } from "../model/components/kinds.ts";
import { stepIn } from "../model/step.ts";
import type { Violation } from "../invariants/types.ts";
import type { Monitor } from "../invariants/monitor.ts";

/** Where in the ending an action was taken: ending faults, time passing, the resyncs, or the final settle. */
export type EndingPhase = "faults" | "time" | "resync" | "settle";

export interface EndingOptions {
  /** Logical time to let pass after the faults stop (a scope's settleTime). */
  readonly settleTime: number;
  /** The monitor of the path so far (its disruptions: safety invariants that allow for faults see them). */
  readonly monitor: Monitor;
  /** The registry the state's config resolves with. */
  readonly kinds: Kinds;
  /** Called after every action of the ending with the state it led to, in order. */
  readonly onStep?: (action: Action, state: State, phase: EndingPhase) => void;
  /** Called once, with the state reached when the settle time has passed (before the resyncs). */
  readonly onTimePassed?: (state: State) => void;
}

export interface EndingResult {
  readonly state: State;
  /** Empty when the ending kept every safety invariant and converged. */
  readonly violations: readonly Violation[];
  /** "safety" when a step of the ending broke a safety invariant (the last action taken is that step). */
  readonly kind?: "safety" | "convergence";
}

/** Upper bound on the ending's actions after each phase (a small cluster settles in a few hundred). */
const ENDING_MAX_STEPS = 20_000;

/** The actions that end the faults: recover crashed machines, heal partitions. */
export function endFaults(s: State): Action[] {
  const out: Action[] = [];
  for (const [name, m] of btreeRange(s.world.machines)) {
    if (!m.up) out.push({ type: "node.recover", node: name });
    else if (m.partitioned) out.push({ type: "node.heal", node: name });
  }
  return out;
}

/** Runs the ending from state `start`: faults stop, time passes, informers resync, the cluster settles. */
export function runEnding(start: State, opts: EndingOptions): EndingResult {
  let s = start;
  const rt = opts.kinds.runtime(start.config);
  // The ending's own actions (recoveries, heals, time, resyncs) are not disruptions: the monitor's count stays.
  let safety: readonly Violation[] = [];
  const check = (prev: State): readonly Violation[] => opts.monitor.safety(prev, s);
  /** One action taken by the ending itself; returns its safety violations. */
  const take = (a: Action, phase: EndingPhase): readonly Violation[] => {
    const prev = s;
    s = stepIn(rt, s, a).state;
    opts.onStep?.(a, s, phase);
    return check(prev);
  };
  /** Lets `seconds` pass (advance settles in between), stopping at the first safety violation. */
  const letTimePass = (seconds: number, phase: EndingPhase) =>
    advance(s, seconds, {
      kinds: opts.kinds,
      maxSteps: ENDING_MAX_STEPS,
      stop: () => safety.length > 0,
      onStep: (a, next) => {
        const prev = s;
        s = next;
        opts.onStep?.(a, s, phase);
        safety = check(prev);
      },
    });
  const broken = (violations: readonly Violation[]): EndingResult => ({ state: s, violations, kind: "safety" });

  for (const a of endFaults(s)) {
    const v = take(a, "faults");
    if (v.length > 0) return broken(v);
  }
  const r = letTimePass(opts.settleTime, "time");
  if (safety.length > 0) return broken(safety);
  opts.onTimePassed?.(s);
  // "Eventually" includes the informers' periodic resync (12-24 h in kube-controller-manager), which makes up
  // for events an informer missed across a relist: take one resync of every component that has one, then settle.
  let quiesced = r.quiesced;
  const resyncs: Action[] = [];
  for (const [id, c] of btreeRange(s.components)) if (rt.behaviorOf(c).resyncPeriod) resyncs.push({ type: "informer.resync", component: id });
  if (resyncs.length > 0) {
    for (const a of resyncs) {
      const v = take(a, "resync");
      if (v.length > 0) return broken(v);
    }
    const r2 = letTimePass(0, "settle");
    if (safety.length > 0) return broken(safety);
    quiesced &&= r2.quiesced;
  }
  const conv: Violation[] = [...opts.monitor.atEnd(s)];
  if (!quiesced) conv.push({ invariant: "settles", objects: [], message: `the cluster did not settle within ${ENDING_MAX_STEPS.toLocaleString("en-US")} actions after the faults stopped` });
  return conv.length > 0 ? { state: s, violations: conv, kind: "convergence" } : { state: s, violations: [] };
}
