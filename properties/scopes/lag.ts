/**
 * A component's own next step, offered by a scope as an operation so that a run takes it within a short list of
 * choices: among the ~30 component actions enabled at any time, the few steps of one component that make a
 * race would rarely line up by chance. Optionally one informer lags: its watch syncs are left out once it has
 * listed (a slow watch, an API server under load), so the worker and the other informers move on without it.
 */
import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { componentActions } from "../../model/enabled.ts";
import type { Runtime } from "../../model/components/kinds.ts";

/**
 * The step component `id` would take next, as settle takes it (its first enabled action: informers before the
 * worker), leaving out the watch syncs of informer `lagging` once it has listed; none when it has nothing to
 * do. A single action, so that a shrunk run keeps choosing it. It is enabled, so this only makes likely an
 * interleaving the checker could pick among the component actions anyway.
 */
export function nextStep(rt: Runtime, state: State, id: string, lagging?: string): Action[] {
  const c = btreeGet(state.components, id);
  if (!c) return [];
  const behind = lagging !== undefined && c.informers[lagging]?.synced === true;
  const next = componentActions(rt, state, c).find((a) => !(behind && a.type === "informer.sync" && a.resource === lagging));
  return next ? [next] : [];
}

/** The sync of informer `resource` of component `id`, when it is enabled (pending events or a list to make). */
export function informerStep(rt: Runtime, state: State, id: string, resource: string): Action[] {
  const c = btreeGet(state.components, id);
  if (!c) return [];
  return componentActions(rt, state, c).filter((a) => a.type === "informer.sync" && a.resource === resource);
}
