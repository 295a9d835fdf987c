/** Reading and replacing one component's state in the cluster state: what a sync handler does to its own cache, queue or memory. */
import type { ComponentState, State } from "../state.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";

/**
 * Component `id`, with its memory typed M: the caller names by the id a component of the kind whose memory is M
 * (its own id, or the fixed id of another component it works with, such as kube-proxy on a node).
 *
 * The one cast from the state's ComponentState<unknown> to a typed component. It is sound as long as the id is
 * right: the component under an id keeps its kind (a restart keeps it), and its memory is always one its kind's
 * behaviour made (initialMemory) or that was written here under the same id (eraseMemory in behavior.ts).
 */
export const componentAt = <M = unknown>(state: State, id: string): ComponentState<M> | undefined => btreeGet(state.components, id) as ComponentState<M> | undefined;

/** The state with component `id` replaced by f(component) (no-op when absent); M as in {@link componentAt}. */
export function updateComponent<M = unknown>(state: State, id: string, f: (c: ComponentState<M>) => ComponentState<M>): State {
  const c = componentAt<M>(state, id);
  if (!c) return state;
  const next = f(c);
  return next === c ? state : { ...state, components: btreeSet<ComponentState>(state.components, id, next) };
}
