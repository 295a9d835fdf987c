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
import { stepIn } from "./step.ts";
import type { Kinds } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { nextTimer } from "./timers.ts";

export interface AdvanceOptions {
  readonly maxSteps?: number;
  readonly stop?: () => boolean;
  readonly onStep?: (action: Action, state: State, effects: readonly Effect[]) => void;
  /** The registry the state's config is resolved with (default: the built-in kinds). */
  readonly kinds?: Kinds;
}

export function advance(state: State, seconds: number, opts: AdvanceOptions = {}): { state: State; steps: number; quiesced: boolean } {
  const until = state.clock.now + seconds;
  const maxSteps = opts.maxSteps ?? 100_000;
  const kinds = opts.kinds ?? BUILTIN_KINDS;
  const rt = kinds.runtime(state.config);
  let s = state;
  let steps = 0;
  const take = (a: Action) => {
    const r = stepIn(rt, s, a);
    s = r.state;
    steps++;
    opts.onStep?.(a, s, r.effects);
  };
  for (;;) {
    const r = settle(s, { kinds, noTimers: true, maxSteps: maxSteps - steps, ...(opts.stop ? { stop: opts.stop } : {}), ...(opts.onStep ? { onStep: opts.onStep } : {}) });
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
