/** Timers: actions that fall due at a logical time (node heartbeats, grace periods, back-offs). */
import type { Action } from "./actions.ts";
import type { State, TimerEntry, Timers } from "./state.ts";
import { btreeDelete, btreeFirst, btreeGet, btreeSet } from "./collections/btree.ts";

const DUE_WIDTH = 16;
const timerKey = (due: number, id: string) => `${due.toFixed(3).padStart(DUE_WIDTH, "0")}\0${id}`;

function without(t: Timers, id: string): Timers {
  const old = btreeGet(t.byId, id);
  if (old === undefined) return t;
  const entry = btreeGet(t.byDue, old)!;
  return { byDue: btreeDelete(t.byDue, old), byId: btreeDelete(t.byId, id), oneShot: t.oneShot - (entry.periodic ? 0 : 1) };
}

/** Sets (or moves) the timer with this id. */
export function setTimer(state: State, id: string, due: number, action: Action, periodic = false): State {
  const t = without(state.timers, id);
  const k = timerKey(due, id);
  const entry: TimerEntry = periodic ? { due, id, action, periodic } : { due, id, action };
  return {
    ...state,
    timers: { byDue: btreeSet(t.byDue, k, entry), byId: btreeSet(t.byId, id, k), oneShot: t.oneShot + (periodic ? 0 : 1) },
  };
}

/** Cancels the timer with this id, if set. */
export function clearTimer(state: State, id: string): State {
  const t = without(state.timers, id);
  return t === state.timers ? state : { ...state, timers: t };
}

/** The timer with this id, if set. */
export function getTimer(state: State, id: string): TimerEntry | undefined {
  const k = btreeGet(state.timers.byId, id);
  return k === undefined ? undefined : btreeGet(state.timers.byDue, k);
}

/** The earliest timer, if any. */
export function nextTimer(state: State): TimerEntry | undefined {
  return btreeFirst(state.timers.byDue)?.[1];
}

/** Whether a one-shot timer is pending (something will still change on its own). */
export const hasOneShotTimer = (state: State): boolean => state.timers.oneShot > 0;

/** Removes the earliest timer and returns it. */
export function popTimer(state: State): { state: State; timer: TimerEntry | undefined } {
  const first = btreeFirst(state.timers.byDue);
  if (!first) return { state, timer: undefined };
  return { state: clearTimer(state, first[1].id), timer: first[1] };
}
