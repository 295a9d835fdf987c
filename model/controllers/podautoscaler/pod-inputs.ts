/**
 * What the replica calculator reads from a Pod object: phase, deletion, the Ready condition with its transition
 * time, the start time, and each container's request for a resource. Follows the fields
 * pkg/controller/podautoscaler/replica_calculator.go reads (groupPods: pod.Status.Phase, DeletionTimestamp,
 * GetPodCondition(Ready), Status.StartTime; calculateRequests: Spec.Containers, Spec.InitContainers with
 * RestartPolicy Always, Spec.Resources).
 */
import type { KObject } from "../../objects/types.ts";
import { fromTimestamp } from "../../clock.ts";
import { parseQuantity } from "../../quantity/index.ts";
import type { CalculatorPod, ContainerRequest, InitContainerRequest, ReadyCondition } from "./replica-calculator.ts";

/** Milli-units of a quantity string (MilliValue), or null when absent or unparsable. */
export function milliOf(q: unknown): number | null {
  if (typeof q === "number") return Math.ceil(q * 1000);
  if (typeof q !== "string") return null;
  try {
    return Number(parseQuantity(q).milliValue());
  } catch {
    return null;
  }
}

/** Logical seconds of a timestamp; a missing one is Go's zero time (before everything). */
const secondsOf = (ts: unknown): number => (typeof ts === "string" ? fromTimestamp(ts) : Number.NEGATIVE_INFINITY);

function readyConditionOf(pod: KObject): ReadyCondition | null {
  const c = (pod.status?.conditions as { type?: string; status?: string; lastTransitionTime?: string }[] | undefined)?.find(
    (x) => x.type === "Ready",
  );
  if (!c) return null;
  const status = c.status === "True" || c.status === "False" ? c.status : "Unknown";
  return { status, lastTransitionTime: secondsOf(c.lastTransitionTime) };
}

/**
 * A Pod as the calculator sees it, with container requests for `resource`.
 * `countUnreadyAsReady` is the bug-zoo switch of kubernetes#72775 (see HpaBugs): every pod is presented as Ready
 * since long before its start, so new, unready pods of a rollout count with whatever usage they report.
 */
export function toCalculatorPod(pod: KObject, resource: string, countUnreadyAsReady = false): CalculatorPod {
  const containers: ContainerRequest[] = ((pod.spec?.containers ?? []) as { name: string; resources?: { requests?: Record<string, unknown> } }[]).map((c) => ({
    name: c.name,
    requestMilli: milliOf(c.resources?.requests?.[resource]),
  }));
  const initContainers: InitContainerRequest[] = (
    (pod.spec?.initContainers ?? []) as { name: string; restartPolicy?: string; resources?: { requests?: Record<string, unknown> } }[]
  ).map((c) => ({ name: c.name, requestMilli: milliOf(c.resources?.requests?.[resource]), restartPolicyAlways: c.restartPolicy === "Always" }));
  const podLevel = milliOf(pod.spec?.resources?.requests?.[resource]);
  const startTime = typeof pod.status?.startTime === "string" ? fromTimestamp(pod.status.startTime) : null;
  return {
    name: pod.metadata.name!,
    phase: typeof pod.status?.phase === "string" ? pod.status.phase : "Pending",
    deleting: pod.metadata.deletionTimestamp !== undefined,
    readyCondition: countUnreadyAsReady
      ? { status: "True", lastTransitionTime: Number.NEGATIVE_INFINITY }
      : readyConditionOf(pod),
    startTime: countUnreadyAsReady ? Number.NEGATIVE_INFINITY : startTime,
    containers,
    initContainers,
    ...(podLevel !== null ? { podLevelRequestMilli: podLevel } : {}),
  };
}
