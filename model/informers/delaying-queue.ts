/**
 * workqueue's delaying queue (k8s.io/client-go/util/workqueue/delaying_queue.go, insert): AddAfter for a key
 * that is already waiting keeps the earlier ready time. enqueueAfter alone moves the timer, so a later AddAfter
 * (an event handler's grace delay) would push back an earlier one (a requeue the controller asked for).
 */
import type { State } from "../state.ts";
import { enqueueAfter, timerIdFor } from "./enqueue-after.ts";
import { getTimer } from "../timers.ts";

/**
 * AddAfter(key, delay) with the delaying queue's "earliest wins" rule. `periodic` marks a wake-up that should
 * not keep settle running (a back-off after an unexpected error); a pending one-shot timer stays one-shot.
 */
export function addAfter(state: State, component: string, key: string, delaySeconds: number, periodic = false): State {
  const due = state.clock.now + Math.max(0, delaySeconds);
  const existing = getTimer(state, timerIdFor(component, key));
  if (existing && existing.action.type === "enqueue" && existing.due <= due) {
    // Keep the earlier time; but a one-shot request must not be lost behind a periodic one.
    if (!existing.periodic || periodic) return state;
    return enqueueAfter(state, component, key, existing.due - state.clock.now, false);
  }
  return enqueueAfter(state, component, key, delaySeconds, periodic);
}
