/**
 * The Pod chart as the kubelet and the controllers call it: given a pod (or a chart state) and a lifecycle event,
 * the next chart state or phase, from the compiled table. Example, in the kubelet when PLEG reports a container
 * exit:
 *
 *     const phase = nextPodPhase(pod, { type: "ContainerDied", exitCode: 1, lastRunning: true, allSucceeded: false });
 *     // "Failed" for restartPolicy Never, "Running" (CrashLoopBackOff) for Always and OnFailure,
 *     // undefined when the event changes nothing for this pod
 */
import type { KObject } from "../objects/types.ts";
import { POD_CHART } from "./catalog.ts";
import { podChartState, podGuardContext } from "./object-states.ts";
import { DEFAULT_POD_CONTEXT, type PodGuardContext, type PodLifecycleEvent } from "./pod.machine.ts";
import { topLevelOf } from "./types.ts";

/** A pod's status.phase (v1.PodPhase). */
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** Leaf states of the Pod chart. */
export type PodChartState =
  | "Pending.unscheduled"
  | "Pending.scheduled.creatingSandbox"
  | "Pending.scheduled.initializing"
  | "Pending.scheduled.creatingContainers"
  | "Pending.scheduled.terminating"
  | "Running.notReady"
  | "Running.ready"
  | "Running.crashLoopBackOff"
  | "Running.terminating"
  | "Succeeded"
  | "Failed"
  | "Unknown"
  | "gone";

const isPodObject = (x: KObject | PodChartState): x is KObject => typeof x === "object";

/**
 * The chart state after `event`: from a pod object (its state and guard inputs are read from it) or from a
 * chart state with explicit guard inputs. The same state when the event changes nothing there.
 */
export function nextPodState(current: KObject | PodChartState, event: PodLifecycleEvent, context?: PodGuardContext): PodChartState {
  const leaf = isPodObject(current) ? podChartState(current) : current;
  const ctx = context ?? (isPodObject(current) ? podGuardContext(current) : DEFAULT_POD_CONTEXT);
  return POD_CHART.compiled.next(leaf, event, ctx) as PodChartState;
}

/**
 * The phase after `event`, or "gone" when the pod is removed, or undefined when the event takes no transition
 * (the phase stays). Transitions between substates of one phase return that phase.
 */
export function nextPodPhase(current: KObject | PodChartState, event: PodLifecycleEvent, context?: PodGuardContext): PodPhase | "gone" | undefined {
  const leaf = isPodObject(current) ? podChartState(current) : current;
  const ctx = context ?? (isPodObject(current) ? podGuardContext(current) : DEFAULT_POD_CONTEXT);
  const t = POD_CHART.compiled.lookup(leaf, event, ctx);
  return t ? (topLevelOf(t.targetLeaf) as PodPhase | "gone") : undefined;
}

export { podChartState, podGuardContext };
