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
import { stepIn } from "./step.ts";
import type { Kinds } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { hasOneShotTimer, nextTimer } from "./timers.ts";
import type { Effect } from "./effects.ts";
import { buildWakeIndex, wokenBy, type WakeIndex } from "./wake.ts";

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
  /** The registry the state's config is resolved with (default: the built-in kinds). */
  readonly kinds?: Kinds;
}

export interface SettleResult {
  readonly state: State;
  readonly steps: number;
  /** True when nothing was left enabled (within the time bound); false when maxSteps ran out first. */
  readonly quiesced: boolean;
}

export function settle(state: State, opts: SettleOptions = {}): SettleResult {
  const maxSteps = opts.maxSteps ?? 100_000;
  const rt = (opts.kinds ?? BUILTIN_KINDS).runtime(state.config);
  let steps = 0;
  let s = state;
  // The components to look at (model/wake.ts): a component found idle is not looked at again until a step may
  // have given it work. Scanning the round's ids in order with a flag each keeps settle's order exactly: a
  // component woken by a step is looked at later in the same round when its id comes after the stepping one,
  // in the next round otherwise, as when every component is looked at every round.
  // Built at the start of the first round (rebuild), before any step reads it.
  let index: WakeIndex;
  let ids: string[] = [];
  let pos = new Map<string, number>();
  let awake = new Uint8Array(0);
  let rebuild = true;
  const wakeAll = () => awake.fill(1);
  const take = (a: Action) => {
    const prev = s;
    const r = stepIn(rt, s, a);
    s = r.state;
    steps++;
    opts.onStep?.(a, s, r.effects);
    const woken = wokenBy(prev, s, index);
    if (woken === "all") {
      rebuild = true;
      wakeAll();
      return;
    }
    for (const id of woken) {
      const i = pos.get(id);
      if (i !== undefined) awake[i] = 1;
    }
  };
  const stopped = () => opts.stop?.() === true;
  for (;;) {
    let progressed = false;
    if (rebuild) {
      // One round: every component with work takes one action, in id order (ids as the round starts).
      index = buildWakeIndex(rt, s);
      ids = [];
      for (const [id] of btreeRange(s.components)) ids.push(id);
      pos = new Map(ids.map((id, i) => [id, i]));
      awake = new Uint8Array(ids.length).fill(1);
      rebuild = false;
    }
    // As the look at the round's first component would: out of steps, or stopped, before the round begins.
    if (ids.length > 0 && (steps >= maxSteps || stopped())) return { state: s, steps, quiesced: false };
    for (let i = 0; i < ids.length; i++) {
      if (awake[i] === 0) continue;
      if (steps >= maxSteps || stopped()) return { state: s, steps, quiesced: false };
      awake[i] = 0;
      const c = btreeGet(s.components, ids[i]!);
      if (!c) continue;
      const acts = componentActions(rt, s, c);
      if (acts.length === 0) continue;
      // Rotate within the component too: informers first keeps caches fresh before reconciles, as client-go's
      // informers run concurrently with workers and usually win.
      take(acts[0]!);
      // It may have more to do: look again next round.
      awake[i] = 1;
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
