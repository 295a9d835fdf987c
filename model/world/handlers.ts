/**
 * Handlers of world actions (faults and environment changes: node crash, partition, container crash,
 * readiness, metrics). The component that owns the affected part of the world registers its handler here, so
 * step stays one dispatch and each behaviour lives beside its component (the kubelet owns machines and
 * containers, the metrics source owns metrics).
 */
import type { Action } from "../actions.ts";
import type { State } from "../state.ts";
import type { EffectLog } from "../effects.ts";

export type WorldActionType = "node.crash" | "node.recover" | "node.partition" | "node.heal" | "container.crash" | "pod.readiness" | "metrics.set";
export type WorldHandler = (state: State, action: Action, log: EffectLog) => State;

const HANDLERS = new Map<string, WorldHandler>();

/** Registers the handler of a world action type (static configuration, done at module load). */
export function registerWorldHandler(type: WorldActionType, h: WorldHandler): void {
  HANDLERS.set(type, h);
}

/** Applies a world action; an action nobody handles leaves the state unchanged. */
export function applyWorldAction(state: State, action: Action, log: EffectLog): State {
  const h = HANDLERS.get(action.type);
  return h ? h(state, action, log) : state;
}

/** Whether some component handles this world action type. */
export const hasWorldHandler = (type: string): boolean => HANDLERS.has(type);

/** The world handlers as they are now, and a function that puts them back so (see snapshotBehaviors). */
export function snapshotWorldHandlers(): () => void {
  const saved = new Map(HANDLERS);
  return () => {
    HANDLERS.clear();
    for (const [k, h] of saved) HANDLERS.set(k, h);
  };
}
