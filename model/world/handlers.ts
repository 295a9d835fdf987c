/**
 * Handlers of world actions (faults and environment changes: node crash, partition, container crash,
 * readiness, metrics). Each lives beside the component that owns the affected part of the world (the kubelet
 * owns machines and containers, the metrics source owns metrics); model/world-actions.ts is the one table step
 * dispatches through.
 */
import type { Action } from "../actions.ts";
import type { State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import type { Runtime } from "../components/kinds.ts";

export type WorldActionType = "node.crash" | "node.recover" | "node.partition" | "node.heal" | "container.crash" | "pod.readiness" | "probe.set" | "metrics.set";

/** A world action's effect; `rt` for the handlers that restart components (a machine that comes back). */
export type WorldHandler = (state: State, action: Action, log: EffectLog, rt: Runtime) => State;
