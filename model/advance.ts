/**
 * Letting time pass the way a discrete-event simulator does: fire each timer at its due time and let every
 * component finish the work it caused before the next timer, up to `seconds` from now. (The raw
 * clock.advance action instead fires all due timers at once without letting components run in between, which
 * is how a stalled control plane looks.)
 */
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import type { Effect } from "./effects.ts";
import { settle } from "./settle.ts";
import { stepWithEffects } from "./step.ts";
import { nextTimer } from "./timers.ts";

export interface AdvanceOptions {
  readonly maxSteps?: number;
  readonly stop?: () => boolean;
  readonly onStep?: (action: Action, state: State, effects: readonly Effect[]) => void;
}

export function advance(state: State, seconds: number, opts: AdvanceOptions = {}): { state: State; steps: number; quiesced: boolean } {
  const until = state.clock.now + seconds;
  const maxSteps = opts.maxSteps ?? 100_000;
  let s = state;
  let steps = 0;
  const take = (a: Action) => {
    const r = stepWithEffects(s, a);
    s = r.state;
    steps++;
    opts.onStep?.(a, s, r.effects);
  };
  for (;;) {
    const r = settle(s, { noTimers: true, maxSteps: maxSteps - steps, ...(opts.stop ? { stop: opts.stop } : {}), ...(opts.onStep ? { onStep: opts.onStep } : {}) });
    s = r.state;
    steps += r.steps;
    if (!r.quiesced || opts.stop?.()) return { state: s, steps, quiesced: false };
    const t = nextTimer(s);
    if (!t || t.due > until) break;
    take({ type: "clock.tick" });
  }
  if (s.clock.now < until) take({ type: "clock.advance", seconds: until - s.clock.now });
  return { state: s, steps, quiesced: true };
}
