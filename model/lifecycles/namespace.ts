/**
 * The Namespace chart as the namespace controller calls it: given a namespace and a lifecycle event, the chart
 * state or phase it leads to, from the compiled table. The controller writes a phase only when the chart says so,
 * so a phase the chart does not have (Terminating back to Active) can never come from it. Example, when the
 * controller sees a namespace with a deletionTimestamp:
 *
 *     const phase = nextNamespacePhase(ns, { type: "Delete" });
 *     // "Terminating" from Active; undefined when the event changes nothing (already Terminating)
 */
import type { KObject } from "../objects/types.ts";
import { NAMESPACE_CHART } from "./catalog.ts";
import { namespaceChartState } from "./object-states.ts";
import type { NamespaceLifecycleEvent } from "./namespace.machine.ts";
import { topLevelOf } from "./types.ts";

/** A namespace's status.phase (v1.NamespacePhase), or "gone" once it is removed. */
export type NamespacePhase = "Active" | "Terminating" | "gone";

/** The chart state after `event` (the same state when the event changes nothing there). */
export function nextNamespaceState(ns: KObject, event: NamespaceLifecycleEvent): string {
  return NAMESPACE_CHART.compiled.next(namespaceChartState(ns), event, undefined);
}

/**
 * The phase after `event`, or undefined when the event takes no transition from the namespace's state (the phase
 * stays). A transition between substates of one phase returns that phase.
 */
export function nextNamespacePhase(ns: KObject, event: NamespaceLifecycleEvent): NamespacePhase | undefined {
  const t = NAMESPACE_CHART.compiled.lookup(namespaceChartState(ns), event, undefined);
  return t ? (topLevelOf(t.targetLeaf) as NamespacePhase) : undefined;
}
