/**
 * settle: run every component fairly until nothing is enabled, as a discrete-event simulator does. Round robin
 * over components (each turn a component runs its first enabled action); when no component has work, the clock
 * jumps to the next timer, as long as a one-shot timer (a grace period, a back-off) is pending: periodic timers
 * alone (heartbeats) do not keep settle going. Bounded by maxSteps; reports whether it quiesced.
 */
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import { btreeGet, btreeRange } from "./collections/btree.ts";
import { componentActions } from "./enabled.ts";
import { stepWithEffects } from "./step.ts";
import { hasOneShotTimer, nextTimer } from "./timers.ts";
import type { Effect } from "./effects.ts";

export interface SettleOptions {
  /** Upper bound on actions taken (default 100,000). */
  readonly maxSteps?: number;
  /** Do not fire timers due after this logical time (default: fire every timer until quiescence). */
  readonly until?: number;
  /** Do not fire timers at all: settle only the work that is pending now. */
  readonly noTimers?: boolean;
  /** Checked after every action: settle stops (not quiesced) when it returns true. */
  readonly stop?: () => boolean;
  /** Called after every action (for traces). */
  readonly onStep?: (action: Action, state: State, effects: readonly Effect[]) => void;
}

export interface SettleResult {
  readonly state: State;
  readonly steps: number;
  /** True when nothing was left enabled (within the time bound); false when maxSteps ran out first. */
  readonly quiesced: boolean;
}

export function settle(state: State, opts: SettleOptions = {}): SettleResult {
  const maxSteps = opts.maxSteps ?? 100_000;
  let steps = 0;
  let s = state;
  const take = (a: Action) => {
    const r = stepWithEffects(s, a);
    s = r.state;
    steps++;
    opts.onStep?.(a, s, r.effects);
  };
  const stopped = () => opts.stop?.() === true;
  for (;;) {
    let progressed = false;
    // One round: every component with work takes one action, in id order.
    const ids: string[] = [];
    for (const [id] of btreeRange(s.components)) ids.push(id);
    for (const id of ids) {
      if (steps >= maxSteps || stopped()) return { state: s, steps, quiesced: false };
      const c = btreeGet(s.components, id);
      if (!c) continue;
      const acts = componentActions(s, c);
      if (acts.length === 0) continue;
      // Rotate within the component too: informers first keeps caches fresh before reconciles, as client-go's
      // informers run concurrently with workers and usually win.
      take(acts[0]!);
      progressed = true;
    }
    if (progressed) continue;
    if (opts.noTimers) return { state: s, steps, quiesced: true };
    // Only periodic timers (heartbeats) left: the cluster is quiet.
    const t = nextTimer(s);
    if (!t || !hasOneShotTimer(s) || (opts.until !== undefined && t.due > opts.until)) return { state: s, steps, quiesced: true };
    if (steps >= maxSteps || stopped()) return { state: s, steps, quiesced: false };
    take({ type: "clock.tick" });
  }
}
