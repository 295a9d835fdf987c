/** Replacing one component's state in the cluster state: what a sync handler does to its own cache, queue or memory. */
import type { ComponentState, State } from "../state.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";

/** The state with component `id` replaced by f(component) (no-op when absent). */
export function updateComponent(state: State, id: string, f: (c: ComponentState) => ComponentState): State {
  const c = btreeGet(state.components, id);
  if (!c) return state;
  const next = f(c);
  return next === c ? state : { ...state, components: btreeSet(state.components, id, next) };
}
