/** Replacing one component's state in the cluster state: what a sync handler does to its own cache, queue or memory. */
import { componentAt, type ComponentState, type State } from "../state.ts";
import { btreeSet } from "../collections/btree.ts";

/** The state with component `id` replaced by f(component) (no-op when absent); M as in componentAt (model/state.ts). */
export function updateComponent<M = unknown>(state: State, id: string, f: (c: ComponentState<M>) => ComponentState<M>): State {
  const c = componentAt<M>(state, id);
  if (!c) return state;
  const next = f(c);
  return next === c ? state : { ...state, components: btreeSet<ComponentState>(state.components, id, next) };
}
