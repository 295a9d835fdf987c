/**
 * The pod status the kubelet reports. Follows pkg/kubelet/kubelet_pods.go (generateAPIPodStatus,
 * convertStatusToAPIStatus) and pkg/kubelet/status/status_manager.go (updateStatusInternal, mergePodStatus,
 * TerminatePod):
 * - phase from getPhase over app then init container statuses; a phase never leaves Succeeded/Failed once the
 *   API shows it; reason and message are kept while the phase does not change;
 * - conditions not owned by the kubelet are kept in their order, then PodReadyToStartContainers, Initialized,
 *   Ready, ContainersReady, PodScheduled; a condition keeps its lastTransitionTime while its status is unchanged;
 * - hostIP/hostIPs always, podIP/podIPs from the live sandbox (kept from before once the sandbox is gone);
 * - startTime is set by the first status the kubelet writes and never changes;
 * - when the pod has finished terminating, every container without a terminated state is reported terminated
 *   (137, ContainerStatusUnknown) and a non-static pod still Pending or Running becomes Failed (TerminatePod).
 */
import { admitPhaseChange } from "../lifecycles/phases.ts";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KObject } from "../objects/types.ts";
import type { RuntimePod } from "../state.ts";
import { timestamp } from "../clock.ts";
import { podQOSClass } from "../objects/qos.ts";
import { getPhase, isStaticPod, type PodPhase } from "./pod-phase.ts";
import { containerStatuses } from "./container-status.ts";
import {
  containersReadyCondition,
  isKubeletCondition,
  podInitializedCondition,
  podReadyCondition,
  podReadyToStartContainersCondition,
  type PodCondition,
} from "./conditions.ts";

/** What generatePodStatus needs. */
export interface PodStatusInput {
  /** The pod whose spec the kubelet runs (for a static pod, the static pod; its status goes to the mirror pod). */
  readonly specPod: KObject;
  /** The status the API has now (the mirror pod's for a static pod). */
  readonly oldStatus: any;
  /** The pod's sandbox, if the runtime has one. */
  readonly runtime: RuntimePod | undefined;
  readonly hostIP: string;
  readonly now: number;
  /** The pod worker is terminating the pod (deletion): its containers will not be restarted. */
  readonly podIsTerminal: boolean;
  /** Termination is complete (SyncTerminatedPod): TerminatePod's defaults apply. */
  readonly finished: boolean;
  /** A pod sync handler evicts the pod (ShouldEvict: the active deadline): phase Failed with this reason and message. */
  readonly evict?: { readonly reason: string; readonly message: string };
}

const isTerminal = (p: unknown): p is "Succeeded" | "Failed" => p === "Succeeded" || p === "Failed";

const unknownTermination = {
  terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" },
};

/** TerminatePod: every container that is not terminated is reported as terminated with an unknown status. */
function terminateAll(statuses: any[]): any[] {
  return statuses.map((s) => (s.state?.terminated ? s : { ...s, state: unknownTermination }));
}

/** The API status the kubelet wants the pod to have. */
export function generatePodStatus(input: PodStatusInput): any {
  const { specPod, runtime, now } = input;
  const old = input.oldStatus ?? {};
  let initStatuses = containerStatuses(specPod, runtime, old.initContainerStatuses, true);
  let statuses = containerStatuses(specPod, runtime, old.containerStatuses, false);
  if (input.finished) {
    initStatuses = terminateAll(initStatuses);
    statuses = terminateAll(statuses);
  }
  let phase: PodPhase = getPhase(specPod as unknown as Pod, [...statuses, ...initStatuses], input.podIsTerminal);
  if (input.finished && !isStaticPod(specPod as unknown as Pod) && (phase === "Pending" || phase === "Running")) phase = "Failed";
  // generateAPIPodStatus: a sync handler that asks for eviction overrides the phase, reason and message.
  if (input.evict) phase = "Failed";
  // Pods are not allowed to transition out of terminal phases.
  // Phase changes go through the Pod lifecycle chart: a change that is not an edge of the chart (leaving a
  // terminal phase) keeps the old phase.
  phase = admitPhaseChange("pod", old.phase, phase) as typeof phase;

  const foreign = ((old.conditions ?? []) as any[]).filter((c) => !isKubeletCondition(c.type));
  const all = [...initStatuses, ...statuses];
  const generated: PodCondition[] = [podReadyToStartContainersCondition(runtime?.sandboxRunning === true)];
  generated.push(podInitializedCondition(specPod, all, phase));
  generated.push(podReadyCondition(specPod, [...foreign, ...generated], all, phase));
  generated.push(containersReadyCondition(specPod, all, phase));
  generated.push({ type: "PodScheduled", status: "True" });
  const conditions = [...foreign, ...generated.map((c) => stamp(c, old.conditions, now))];

  const sandboxIP = runtime?.sandboxRunning ? runtime.ip : undefined;
  const podIP: string | undefined = sandboxIP ?? old.podIP;
  const keepReason = phase === old.phase;
  const evicted = input.evict && phase === "Failed" ? input.evict : undefined;
  return {
    phase,
    conditions,
    ...(evicted ? { message: evicted.message } : keepReason && old.message ? { message: old.message } : {}),
    ...(evicted ? { reason: evicted.reason } : keepReason && old.reason ? { reason: old.reason } : {}),
    ...(old.nominatedNodeName ? { nominatedNodeName: old.nominatedNodeName } : {}),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(podIP ? { podIP, podIPs: sandboxIP ? [{ ip: sandboxIP }] : old.podIPs ?? [{ ip: podIP }] } : {}),
    startTime: old.startTime ?? timestamp(now),
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    qosClass: old.qosClass ?? podQOSClass(specPod.spec),
  };
}

/** updateLastTransitionTime: a condition keeps its time while its status does not change. */
function stamp(c: PodCondition, oldConditions: readonly any[] | undefined, now: number): any {
  const prev = (oldConditions ?? []).find((o: any) => o.type === c.type);
  const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now);
  return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}

/** Whether two statuses are the same (the status manager's isPodStatusByKubeletEqual, as a whole). */
export const sameStatus = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether the pod's status says it is Ready. */
export const isPodReady = (pod: KObject): boolean => (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");

export { isTerminal as isTerminalPhase };
