/**
 * Where an API object is in its chart, read from the object alone: status.phase gives the top-level state, and
 * conditions, container states, deletionTimestamp and finalizers give the substate where the object shows it.
 * Also the guard inputs an object's spec gives. Pure functions of one object.
 */
import type { KObject } from "../objects/types.ts";
import type { PodGuardContext, RestartPolicy } from "./pod.machine.ts";
import type { PvGuardContext, ReclaimPolicy } from "./pv.machine.ts";
import { CONFIG_MIRROR_ANNOTATION, CONFIG_SOURCE_ANNOTATION } from "../objects/kubelet-annotations.ts";


const conditionStatus = (obj: KObject, type: string): string | undefined =>
  ((obj.status?.conditions ?? []) as { type?: string; status?: string }[]).find((c) => c.type === type)?.status;

/** The guard inputs of a pod: restart policy (default Always), regular init containers, static pod. */
export function podGuardContext(pod: KObject): PodGuardContext {
  const spec = pod.spec ?? {};
  const annotations = pod.metadata.annotations ?? {};
  const source = annotations[CONFIG_SOURCE_ANNOTATION];
  return {
    restartPolicy: (spec.restartPolicy ?? "Always") as RestartPolicy,
    hasInitContainers: ((spec.initContainers ?? []) as { restartPolicy?: string }[]).some((c) => c.restartPolicy !== "Always"),
    staticPod: annotations[CONFIG_MIRROR_ANNOTATION] !== undefined || (source !== undefined && source !== "api"),
  };
}

/**
 * The Pod chart state a pod is in: status.phase, refined by deletionTimestamp (terminating), spec.nodeName and
 * the PodReadyToStartContainers and Initialized conditions (Pending substates), a container waiting in
 * CrashLoopBackOff and the Ready condition (Running substates).
 */
export function podChartState(pod: KObject): string {
  const phase: string = pod.status?.phase ?? "Pending";
  if (phase !== "Pending" && phase !== "Running") return phase;
  if (phase === "Pending") {
    if (!pod.spec?.nodeName) return "Pending.unscheduled";
    if (pod.metadata.deletionTimestamp) return "Pending.scheduled.terminating";
    if (conditionStatus(pod, "PodReadyToStartContainers") !== "True") return "Pending.scheduled.creatingSandbox";
    if (podGuardContext(pod).hasInitContainers && conditionStatus(pod, "Initialized") !== "True") return "Pending.scheduled.initializing";
    return "Pending.scheduled.creatingContainers";
  }
  if (pod.metadata.deletionTimestamp) return "Running.terminating";
  const statuses = (pod.status?.containerStatuses ?? []) as { state?: { waiting?: { reason?: string } } }[];
  if (statuses.some((s) => s.state?.waiting?.reason === "CrashLoopBackOff")) return "Running.crashLoopBackOff";
  return conditionStatus(pod, "Ready") === "True" ? "Running.ready" : "Running.notReady";
}

/** The guard inputs of a PersistentVolume: its reclaim policy (the API default is Retain). */
export function pvGuardContext(pv: KObject): PvGuardContext {
  return { reclaimPolicy: (pv.spec?.persistentVolumeReclaimPolicy ?? "Retain") as ReclaimPolicy };
}

/** The PersistentVolume chart state: status.phase, and for Released the reclaim step its policy runs. */
export function pvChartState(pv: KObject): string {
  const phase: string = pv.status?.phase ?? "Pending";
  if (phase !== "Released") return phase;
  const policy = pvGuardContext(pv).reclaimPolicy;
  return policy === "Recycle" ? "Released.recycling" : policy === "Delete" ? "Released.deleting" : "Released.retained";
}

/** The Namespace chart state: Active, or Terminating before / after the "kubernetes" finalizer is removed. */
export function namespaceChartState(ns: KObject): string {
  const phase: string = ns.status?.phase ?? "Active";
  if (phase !== "Terminating") return phase;
  return ((ns.spec?.finalizers ?? []) as string[]).includes("kubernetes") ? "Terminating.deletingContent" : "Terminating.finalizing";
}

/** The Node Ready chart state: the Ready condition's status (Unknown when the node has none). */
export function nodeReadyChartState(node: KObject): string {
  const s = conditionStatus(node, "Ready");
  return s === "True" || s === "False" ? s : "Unknown";
}

/** The rollout chart state of a Deployment, from its Progressing condition's reason. */
export function deploymentRolloutChartState(d: KObject): string {
  const reason = ((d.status?.conditions ?? []) as { type?: string; reason?: string }[]).find((c) => c.type === "Progressing")?.reason;
  if (reason === "ProgressDeadlineExceeded") return "failed";
  if (reason === "NewReplicaSetAvailable") return "complete";
  return "progressing";
}

/** status.phase, or undefined when the object has none. */
export const statusPhase = (obj: KObject): string | undefined => (typeof obj.status?.phase === "string" ? obj.status.phase : undefined);
