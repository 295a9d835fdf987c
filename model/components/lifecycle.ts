/** Starting and restarting components: a fresh instance has empty caches, an empty queue and fresh memory. */
import type { ComponentState, State } from "../state.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";
import { newInformer } from "../informers/cache.ts";
import { queueEmpty } from "../informers/workqueue.ts";
import { behaviorOf } from "./registry.ts";
import { setTimer } from "../timers.ts";

export function freshComponent(id: string, kind: string, restarts = 0): ComponentState {
  const b = behaviorOf(kind);
  const informers: Record<string, ReturnType<typeof newInformer>> = {};
  for (const w of b.watches(id)) informers[w.resource] = newInformer(w);
  return { id, kind, informers, queue: queueEmpty(), memory: b.initialMemory(id), restarts };
}

/** Adds a component instance to the state (replacing one with the same id). */
export function addComponent(state: State, id: string, kind: string): State {
  const c = freshComponent(id, kind);
  const s = armResync({ ...state, components: btreeSet(state.components, id, c) }, c);
  return behaviorOf(kind).onStart?.(s, c) ?? s;
}

/** Arms the component's periodic informer resync, if its kind has one. */
export function armResync(state: State, c: ComponentState): State {
  const period = behaviorOf(c.kind).resyncPeriod;
  if (!period) return state;
  return setTimer(state, `${c.id}|resync`, state.clock.now + period, { type: "informer.resync", component: c.id }, true);
}

/** A restart: caches, queue and local memory are lost; the informers relist on their next sync. */
export function restartComponent(state: State, id: string): State {
  const c = btreeGet(state.components, id);
  if (!c) return state;
  const fresh = freshComponent(id, c.kind, c.restarts + 1);
  const s = armResync({ ...state, components: btreeSet(state.components, id, fresh) }, fresh);
  return behaviorOf(c.kind).onStart?.(s, fresh) ?? s;
}

/** The state with component `id` replaced by f(component) (no-op when absent). */
export function updateComponent(state: State, id: string, f: (c: ComponentState) => ComponentState): State {
  const c = btreeGet(state.components, id);
  if (!c) return state;
  const next = f(c);
  return next === c ? state : { ...state, components: btreeSet(state.components, id, next) };
}
