/**
 * workqueue.AddAfter in logical time: a timer that, when it fires, adds the key to the component's queue.
 * Setting it again for the same component and key moves it (one pending timer per key). Periodic timers
 * (heartbeats, resyncs) do not hold settle open; one-shot ones (back-offs, grace periods) do.
 */
import type { State } from "../state.ts";
import { clearTimer, setTimer } from "../timers.ts";

export const timerIdFor = (component: string, key: string) => `${component}|${key}`;

export function enqueueAfter(state: State, component: string, key: string, delaySeconds: number, periodic = false): State {
  return setTimer(state, timerIdFor(component, key), state.clock.now + Math.max(0, delaySeconds), { type: "enqueue", component, key }, periodic);
}

export function cancelEnqueueAfter(state: State, component: string, key: string): State {
  return clearTimer(state, timerIdFor(component, key));
}
