/**
 * The transition function: step(state, action) is the only way the cluster changes. Pure and deterministic.
 * An action that is not enabled (a reconcile with an empty queue, a sync of an unknown component) leaves the
 * state unchanged, so any action list can be replayed.
 */
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import { btreeGet, btreeSet } from "./collections/btree.ts";
import { EffectLog, type Effect } from "./effects.ts";
import { send } from "./client.ts";
import { armResync, restartComponent } from "./components/lifecycle.ts";
import { rewatchComponent } from "./components/rewatch.ts";
import type { Runtime } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { resyncInformer, syncInformer } from "./informers/cache.ts";
import { queueAdd, queuePop } from "./informers/workqueue.ts";
import { forgetFailures, rateLimitedFailure } from "./informers/rate-limiter.ts";
import { addAfter } from "./informers/delaying-queue.ts";
import { storeCompact } from "./store/store.ts";
import { nextTimer, popTimer } from "./timers.ts";
import { applyWorldAction } from "./world-actions.ts";
import { cachesSynced } from "./enabled.ts";
import { applyConnect } from "./proxy/connect.ts";
import { compactPodNodeLog } from "./apiserver/pod-node-index.ts";

export interface StepResult {
  readonly state: State;
  readonly effects: readonly Effect[];
}

/**
 * step with the requests and notes it produced, the state's config resolved with the built-in kinds (a cluster
 * running a kind of its own steps with `stepIn(kinds.runtime(state.config), ...)`, or model/cluster.ts).
 */
export function stepWithEffects(state: State, action: Action): StepResult {
  return stepIn(BUILTIN_KINDS.runtime(state.config), state, action);
}

/** The next state (built-in kinds). */
export function step(state: State, action: Action): State {
  return apply(BUILTIN_KINDS.runtime(state.config), state, action, undefined);
}

/** The next state, with the requests and notes it produced, for a resolved config. */
export function stepIn(rt: Runtime, state: State, action: Action): StepResult {
  const log = new EffectLog();
  const next = apply(rt, state, action, log);
  return { state: next, effects: log.effects };
}

function apply(rt: Runtime, state: State, action: Action, log: EffectLog | undefined): State {
  switch (action.type) {
    case "api":
      return send(state, action.client, action.request, log).state;
    case "informer.sync": {
      const c = btreeGet(state.components, action.component);
      if (!c || !c.informers[action.resource]) return state;
      const b = rt.behaviorOf(c);
      if (b.active?.(state, c).watch === false) return state;
      const next = syncInformer(state, c, action.resource, b, action.limit ?? 0);
      return next === c ? state : { ...state, components: btreeSet(state.components, c.id, next) };
    }
    case "informer.resync": {
      const c = btreeGet(state.components, action.component);
      if (!c) return state;
      const b = rt.behaviorOf(c);
      let next = c;
      for (const r of action.resource ? [action.resource] : Object.keys(c.informers).sort()) next = resyncInformer(next, r, b);
      const s = next === c ? state : { ...state, components: btreeSet(state.components, c.id, next) };
      return armResync(rt, s, next);
    }
    case "informer.rewatch":
      return rewatchComponent(rt, state, action.component, log ?? new EffectLog());
    case "reconcile": {
      const c = btreeGet(state.components, action.component);
      if (!c) return state;
      const b = rt.behaviorOf(c);
      if (b.active?.(state, c).work === false || !cachesSynced(b, c)) return state;
      // A sync in flight goes on (it requeues its own key if it fails): the worker takes no new key meanwhile.
      if (b.inFlight?.(c) && b.resume) return b.resume(state, c, log ?? new EffectLog()).state;
      const { key, queue } = queuePop(c.queue);
      if (key === undefined) return state;
      const popped = { ...c, queue };
      const before = { ...state, components: btreeSet(state.components, c.id, popped) };
      const r = b.reconcile(before, popped, key, log ?? new EffectLog());
      const after = btreeGet(r.state.components, c.id);
      if (!after) return r.state;
      if (!r.requeue) {
        // Forget: a sync that succeeded clears the key's failures.
        const queue = forgetFailures(after.queue, key);
        return queue === after.queue ? r.state : { ...r.state, components: btreeSet(r.state.components, c.id, { ...after, queue }) };
      }
      // AddRateLimited (model/informers/rate-limiter.ts): a sub-second back-off brings the key straight back, a
      // longer one through a one-shot timer.
      const limited = rateLimitedFailure(after.queue, key);
      const requeued = { ...after, queue: limited.delay < 1 ? queueAdd(limited.queue, key) : limited.queue };
      const s = { ...r.state, components: btreeSet(r.state.components, c.id, requeued) };
      return limited.delay < 1 ? s : addAfter(s, c.id, key, limited.delay);
    }
    case "clock.advance": {
      if (!(action.seconds >= 0)) return state;
      const until = state.clock.now + action.seconds;
      let s = state;
      for (let t = nextTimer(s); t && t.due <= until; t = nextTimer(s)) {
        const popped = popTimer(s);
        s = apply(rt, { ...popped.state, clock: { now: Math.max(popped.state.clock.now, t.due) } }, t.action, log);
      }
      return { ...s, clock: { now: until } };
    }
    case "clock.tick": {
      const popped = popTimer(state);
      if (!popped.timer) return state;
      const s = { ...popped.state, clock: { now: Math.max(state.clock.now, popped.timer.due) } };
      return apply(rt, s, popped.timer.action, log);
    }
    case "component.restart":
      return restartComponent(rt, state, action.component);
    case "store.compact": {
      const rev = action.revision ?? state.store.revision;
      const r = storeCompact(state.store, rev);
      return r.ok ? compactPodNodeLog({ ...state, store: r.store }, rev) : state;
    }
    case "enqueue": {
      const c = btreeGet(state.components, action.component);
      if (!c) return state;
      const queue = queueAdd(c.queue, action.key);
      return queue === c.queue ? state : { ...state, components: btreeSet(state.components, c.id, { ...c, queue }) };
    }
    case "connect":
      return applyConnect(state, action, log ?? new EffectLog());
    default:
      return applyWorldAction(rt, state, action, log ?? new EffectLog());
  }
}
