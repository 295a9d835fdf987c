/**
 * The world actions and who answers them: one fixed table, so step dispatches a fault or an environment change
 * without a registry. The handlers live beside the component that owns that part of the world.
 */
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import type { EffectLog } from "./effects.ts";
import type { Runtime } from "./components/kinds.ts";
import type { WorldActionType, WorldHandler } from "./world/handlers.ts";
import { KUBELET_WORLD_HANDLERS } from "./kubelet/world-handlers.ts";
import { applyMetricsSet } from "./world/metrics.ts";

export const WORLD_HANDLERS: Readonly<Record<WorldActionType, WorldHandler>> = { ...KUBELET_WORLD_HANDLERS, "metrics.set": applyMetricsSet };

/** Applies a world action; an action nobody handles leaves the state unchanged. */
export function applyWorldAction(rt: Runtime, state: State, action: Action, log: EffectLog): State {
  const h = (WORLD_HANDLERS as Readonly<Record<string, WorldHandler>>)[action.type];
  return h ? h(state, action, log, rt) : state;
}
