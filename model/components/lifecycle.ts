/** Starting and restarting components: a fresh instance has empty caches, an empty queue and fresh memory. */
import type { ComponentState, State } from "../state.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";
import { newInformer } from "../informers/cache.ts";
import { queueEmpty } from "../informers/workqueue.ts";
import { setTimer } from "../timers.ts";
import type { Runtime } from "./kinds.ts";

export function freshComponent(rt: Runtime, id: string, kind: string, restarts = 0): ComponentState {
  const b = rt.behaviorOf({ id, kind });
  const informers: Record<string, ReturnType<typeof newInformer>> = {};
  for (const w of b.watches(id)) informers[w.resource] = newInformer(w);
  return { id, kind, informers, queue: queueEmpty(), memory: b.initialMemory(id), restarts };
}

/** Adds a component instance to the state (replacing one with the same id). */
export function addComponent(rt: Runtime, state: State, id: string, kind: string): State {
  const c = freshComponent(rt, id, kind);
  const s = armResync(rt, { ...state, components: btreeSet(state.components, id, c) }, c);
  return rt.behaviorOf(c).onStart?.(s, c) ?? s;
}

/** Arms the component's periodic informer resync, if its kind has one. */
export function armResync(rt: Runtime, state: State, c: ComponentState): State {
  const period = rt.behaviorOf(c).resyncPeriod;
  if (!period) return state;
  return setTimer(state, `${c.id}|resync`, state.clock.now + period, { type: "informer.resync", component: c.id }, true);
}

/** A restart: caches, queue and local memory are lost; the informers relist on their next sync. */
export function restartComponent(rt: Runtime, state: State, id: string): State {
  const c = btreeGet(state.components, id);
  if (!c) return state;
  const fresh = freshComponent(rt, id, c.kind, c.restarts + 1);
  const s = armResync(rt, { ...state, components: btreeSet(state.components, id, fresh) }, fresh);
  return rt.behaviorOf(fresh).onStart?.(s, fresh) ?? s;
}
