/**
 * Pod predicates the controller counts and ranks with. Follows pkg/api/v1/pod/util.go (IsPodReady,
 * GetPodReadyCondition, IsPodAvailable) and pkg/controller/controller_utils.go (IsPodActive, FilterActivePods).
 * Times are logical seconds; condition timestamps are read back with fromTimestamp.
 */
import type { KObject } from "../../objects/types.ts";
import { fromTimestamp } from "../../clock.ts";

/** A pod condition as the API serves it. */
export interface PodCondition {
  readonly type: string;
  readonly status: string;
  readonly lastTransitionTime?: string | null;
  readonly reason?: string;
  readonly message?: string;
}

/** The Ready condition of a pod, if it has one (GetPodReadyCondition). */
export function podReadyCondition(pod: KObject): PodCondition | undefined {
  const conditions: readonly PodCondition[] | undefined = pod.status?.conditions;
  return conditions?.find((c) => c.type === "Ready");
}

/** Whether the pod's Ready condition is True (IsPodReady). */
export function isPodReady(pod: KObject): boolean {
  return podReadyCondition(pod)?.status === "True";
}

/**
 * When the pod last became Ready, in logical seconds, or undefined when it is not Ready or the time is unset
 * (controller_utils.go podReadyTime; undefined stands for Go's zero time).
 */
export function podReadyTime(pod: KObject): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== "True" || !c.lastTransitionTime) return undefined;
  return fromTimestamp(c.lastTransitionTime);
}

/**
 * Whether the pod is available: Ready, and Ready for more than minReadySeconds (IsPodAvailable: the condition's
 * lastTransitionTime + minReadySeconds is strictly before now; minReadySeconds 0 means Ready is enough).
 */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadyTime(pod);
  return since !== undefined && since + minReadySeconds < now;
}

/**
 * The logical time from which a Ready but not yet available pod counts as available (the first whole second
 * after lastTransitionTime + minReadySeconds, since the comparison is strict), or undefined when the pod is
 * not Ready, has no transition time, or minReadySeconds is 0.
 */
export function podAvailableAt(pod: KObject, minReadySeconds: number): number | undefined {
  if (minReadySeconds === 0) return undefined;
  const since = podReadyTime(pod);
  return since === undefined ? undefined : since + minReadySeconds + 1;
}

/** A pod that has not terminated and is not being deleted (IsPodActive). */
export function isPodActive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** The active pods, in the given order (FilterActivePods). */
export function filterActivePods(pods: readonly KObject[]): KObject[] {
  return pods.filter(isPodActive);
}
