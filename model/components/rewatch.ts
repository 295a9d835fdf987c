/**
 * Rewatch: a component's informer set follows the cluster. A kind with a `rewatchPeriod` (model/components/
 * behavior.ts) has a periodic timer whose `informer.rewatch` action evaluates `watches(id, state)` again and
 * starts and stops informers to match, as the garbage collector's Sync resyncs its monitors with discovery
 * (pkg/controller/garbagecollector/garbagecollector.go Sync, resyncMonitors; graph_builder.go syncMonitors).
 *
 * The informer set lives in the component's state (ComponentState.informers) and changes only here, at start
 * and on restart: it is a function of the states the component went through, so replay and fingerprints need
 * nothing from outside the State. The new set is built in the order `watches` gives, so that equal sets are
 * equal data.
 */
import type { ComponentState, InformerState, State } from "../state.ts";
import { componentAt } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import { newInformer } from "../informers/cache.ts";
import type { WatchChange, WatchSpec } from "./behavior.ts";
import type { Runtime } from "./kinds.ts";
import { armRewatch } from "./lifecycle.ts";
import { updateComponent } from "./update.ts";

const sameSpec = (inf: InformerState, w: WatchSpec): boolean => inf.namespace === w.namespace && inf.fieldSelector === w.fieldSelector;

/**
 * The informers for `specs`, keeping the state of those already running with the same spec (cache, revision,
 * synced) and starting the others empty; and what changed. A spec whose namespace or field selector changed is
 * a new informer (removed and added).
 */
export function informersFor(current: Readonly<Record<string, InformerState>>, specs: readonly WatchSpec[]): { informers: Record<string, InformerState>; change: WatchChange } {
  const informers: Record<string, InformerState> = {};
  const added: string[] = [];
  for (const w of specs) {
    const old = current[w.resource];
    if (old && sameSpec(old, w)) informers[w.resource] = old;
    else {
      informers[w.resource] = newInformer(w);
      added.push(w.resource);
    }
  }
  const removed = Object.keys(current).filter((r) => informers[r] === undefined || informers[r] !== current[r]);
  return { informers, change: { added: added.sort(), removed: removed.sort() } };
}

/**
 * The `informer.rewatch` action: re-arms the timer, evaluates `watches` against the state, and when the set
 * changed, runs the kind's onRewatch (with the old informers still in place) and then swaps the informers.
 * A component that cannot reach the API server now (`active` says it cannot watch) cannot ask discovery
 * either: its set stays as it is until the next rewatch.
 */
export function rewatchComponent(rt: Runtime, state: State, id: string, log: EffectLog): State {
  const c = componentAt(state, id);
  if (!c) return state;
  const b = rt.behaviorOf(c);
  let s = armRewatch(rt, state, c);
  if (b.active?.(s, c).watch === false) return s;
  const specs = b.watches(id, s);
  const { change } = informersFor(c.informers, specs);
  if (change.added.length === 0 && change.removed.length === 0) return s;
  if (b.onRewatch) s = b.onRewatch(s, componentAt(s, id)!, change, log);
  // On the component the hook left (its informers are still the ones it was given).
  return updateComponent(s, id, (cur: ComponentState) => ({ ...cur, informers: informersFor(cur.informers, specs).informers }));
}
