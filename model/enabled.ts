/**
 * enabled(state): every component action that can happen now, in a deterministic order (by component id, then
 * informers by resource, then reconcile, then the clock). User requests and faults are not listed: they come
 * from scenarios and generators.
 */
import type { Action } from "./actions.ts";
import type { ComponentState, State } from "./state.ts";
import { btreeRange } from "./collections/btree.ts";
import { informerPending } from "./informers/cache.ts";
import { queueLength } from "./informers/workqueue.ts";
import { nextTimer } from "./timers.ts";
import type { ComponentBehavior } from "./components/behavior.ts";
import type { Runtime } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";

/**
 * Controllers start their workers only after cache.WaitForCacheSync: a worker acting on a cache that has not
 * listed yet would take "absent from my cache" for "absent" (and, e.g., recreate an object that exists).
 */
export function cachesSynced(b: ComponentBehavior, c: ComponentState): boolean {
  if (b.waitForCacheSync === false) return true;
  for (const r in c.informers) if (!c.informers[r]!.synced) return false;
  return true;
}

/** The actions of one component that are enabled. */
export function componentActions(rt: Runtime, state: State, c: ComponentState): Action[] {
  const out: Action[] = [];
  const b = rt.behaviorOf(c);
  const act = b.active?.(state, c) ?? { watch: true, work: true };
  if (act.watch) {
    for (const resource of Object.keys(c.informers).sort()) {
      if (informerPending(state, c.informers[resource]!)) out.push({ type: "informer.sync", component: c.id, resource });
    }
  }
  if (act.work && (queueLength(c.queue) > 0 || b.inFlight?.(c) === true) && cachesSynced(b, c)) out.push({ type: "reconcile", component: c.id });
  return out;
}

/** Every component action enabled now (built-in kinds). */
export function enabled(state: State): Action[] {
  return enabledIn(BUILTIN_KINDS.runtime(state.config), state);
}

/** Every component action enabled now, for a resolved config. */
export function enabledIn(rt: Runtime, state: State): Action[] {
  const out: Action[] = [];
  for (const [, c] of btreeRange(state.components)) out.push(...componentActions(rt, state, c));
  if (nextTimer(state)) out.push({ type: "clock.tick" });
  return out;
}
