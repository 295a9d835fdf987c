/**
 * The pod conditions the kubelet owns. Follows pkg/kubelet/status/generate.go (GenerateContainersReadyCondition,
 * GeneratePodReadyCondition, GeneratePodInitializedCondition, GeneratePodReadyToStartContainersCondition) and
 * pkg/kubelet/types/pod_status.go (PodConditionByKubelet). Conditions carry no lastTransitionTime here; the
 * status manager stamps them (see pod-status.ts).
 */
import type { KObject } from "../objects/types.ts";
import type { PodPhase } from "./pod-phase.ts";
import { hasAnyRegularContainerStarted, isRestartableInitContainer } from "./pod-phase.ts";

/** A pod condition as the generators produce it (times are stamped later). */
export interface PodCondition {
  readonly type: string;
  readonly status: "True" | "False" | "Unknown";
  readonly reason?: string;
  readonly message?: string;
}

/** Condition types the kubelet owns (it overwrites them; others are kept as they are). */
export const KUBELET_CONDITIONS: readonly string[] = ["PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers"];
/** PodConditionByKubelet. */
export const isKubeletCondition = (type: string): boolean => KUBELET_CONDITIONS.includes(type);

const fmtList = (names: string[]) => `[${names.join(" ")}]`;

function terminalContainersReady(phase: PodPhase): PodCondition {
  return { type: "ContainersReady", status: "False", ...(phase === "Failed" ? { reason: "PodFailed" } : phase === "Succeeded" ? { reason: "PodCompleted" } : {}) };
}

/** GenerateContainersReadyCondition: True when every app container and sidecar is ready. */
export function containersReadyCondition(pod: KObject, statuses: readonly any[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = statuses.find((x) => x.name === name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInitContainer(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if (phase === "Succeeded" && unknown.length === 0) return terminalContainersReady(phase);
  if (phase === "Failed") return terminalContainersReady(phase);
  const msgs: string[] = [];
  if (unknown.length > 0) msgs.push(`containers with unknown status: ${fmtList(unknown)}`);
  if (unready.length > 0) msgs.push(`containers with unready status: ${fmtList(unready)}`);
  if (msgs.length > 0) return { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: msgs.join(", ") };
  return { type: "ContainersReady", status: "True" };
}

/** GeneratePodReadyCondition: ContainersReady, then the readiness gates. */
export function podReadyCondition(pod: KObject, conditions: readonly any[], statuses: readonly any[], phase: PodPhase): PodCondition {
  const cr = containersReadyCondition(pod, statuses, phase);
  if (cr.status !== "True") {
    return { type: "Ready", status: cr.status, ...(cr.reason ? { reason: cr.reason } : {}), ...(cr.message ? { message: cr.message } : {}) };
  }
  const msgs: string[] = [];
  for (const rg of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x: any) => x.type === rg.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${rg.conditionType}" does not exist.`);
    else if (c.status !== "True") msgs.push(`the status of pod readiness gate "${rg.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length > 0) return { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: msgs.join(", ") };
  return { type: "Ready", status: "True" };
}

/** GeneratePodInitializedCondition: every init container done (or a regular container already started). */
export function podInitializedCondition(pod: KObject, statuses: readonly any[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    const done = isRestartableInitContainer(c) ? s.started === true : s.ready === true;
    if (!done) incomplete.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return { type: "Initialized", status: "True", reason: "PodCompleted" };
  if (hasAnyRegularContainerStarted(pod.spec ?? { containers: [] }, statuses)) return { type: "Initialized", status: "True" };
  const msgs: string[] = [];
  if (unknown.length > 0) msgs.push(`containers with unknown status: ${fmtList(unknown)}`);
  if (incomplete.length > 0) msgs.push(`containers with incomplete status: ${fmtList(incomplete)}`);
  if (msgs.length > 0) return { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: msgs.join(", ") };
  return { type: "Initialized", status: "True" };
}

/** PodReadyToStartContainers: True while the pod has a ready sandbox with networking configured. */
export function podReadyToStartContainersCondition(sandboxReady: boolean): PodCondition {
  return { type: "PodReadyToStartContainers", status: sandboxReady ? "True" : "False" };
}
