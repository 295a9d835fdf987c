/** Starting and restarting components: a fresh instance has empty caches, an empty queue and fresh memory. */
import type { ComponentState, State } from "../state.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";
import { newInformer } from "../informers/cache.ts";
import { queueEmpty } from "../informers/workqueue.ts";
import { setTimer } from "../timers.ts";
import type { Runtime } from "./kinds.ts";

/** A fresh instance: its informers are what `watches` says against the cluster as it is at its start. */
export function freshComponent(rt: Runtime, state: State, id: string, kind: string, restarts = 0): ComponentState {
  const b = rt.behaviorOf({ id, kind });
  const informers: Record<string, ReturnType<typeof newInformer>> = {};
  for (const w of b.watches(id, state)) informers[w.resource] = newInformer(w);
  return { id, kind, informers, queue: queueEmpty(), memory: b.initialMemory(id), restarts };
}

/** Arms the timers a started instance runs, then its kind's onStart. */
function started(rt: Runtime, state: State, c: ComponentState): State {
  const s = armRewatch(rt, armResync(rt, { ...state, components: btreeSet(state.components, c.id, c) }, c), c);
  return rt.behaviorOf(c).onStart?.(s, c) ?? s;
}

/** Adds a component instance to the state (replacing one with the same id). */
export function addComponent(rt: Runtime, state: State, id: string, kind: string): State {
  return started(rt, state, freshComponent(rt, state, id, kind));
}

/** Arms the component's periodic informer resync, if its kind has one. */
export function armResync(rt: Runtime, state: State, c: ComponentState): State {
  const period = rt.behaviorOf(c).resyncPeriod;
  if (!period) return state;
  return setTimer(state, `${c.id}|resync`, state.clock.now + period, { type: "informer.resync", component: c.id }, true);
}

/** Arms the component's periodic rewatch (model/components/rewatch.ts), if its kind has one. */
export function armRewatch(rt: Runtime, state: State, c: ComponentState): State {
  const period = rt.behaviorOf(c).rewatchPeriod;
  if (!period) return state;
  return setTimer(state, `${c.id}|rewatch`, state.clock.now + period, { type: "informer.rewatch", component: c.id }, true);
}

/** A restart: caches, queue and local memory are lost; the informers relist on their next sync. */
export function restartComponent(rt: Runtime, state: State, id: string): State {
  const c = btreeGet(state.components, id);
  if (!c) return state;
  return started(rt, state, freshComponent(rt, state, id, c.kind, c.restarts + 1));
}
