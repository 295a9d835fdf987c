/**
 * spec.activeDeadlineSeconds: a pod that has been active on its node longer than that fails, with reason
 * DeadlineExceeded. Follows pkg/kubelet/active_deadline.go (pastActiveDeadline, ShouldEvict: measured from
 * status.startTime, which the kubelet's first status write sets; no start time, no deadline) and
 * kubelet_pods.go generateAPIPodStatus (an evicting sync handler makes the phase Failed with its reason and
 * message, after which the pod is terminal and its containers are stopped).
 *
 * The real kubelet notices at its next sync of the pod (ShouldSync makes housekeeping sync it); the model's
 * kubelet sets a timer for the deadline, so the pod fails when its time is up rather than whenever another
 * event happens to sync it. The timer does not hold settle open: letting time pass (advance) reaches it.
 */
import type { KObject } from "../objects/types.ts";
import { fromTimestamp } from "../clock.ts";

/** The reason and message of the eviction (active_deadline.go). */
export const DEADLINE_EXCEEDED = { reason: "DeadlineExceeded", message: "Pod was active on the node longer than the specified deadline" } as const;

/** When the pod started as the kubelet sees it: its status.startTime, or now for the status about to be written. */
const startOf = (status: any, now: number): number => (typeof status?.startTime === "string" ? fromTimestamp(status.startTime) : now);

/** Seconds left before the pod's active deadline (≤ 0: past it), or undefined when it has none. */
export function activeDeadlineRemaining(pod: KObject, status: any, now: number): number | undefined {
  const ads = pod.spec?.activeDeadlineSeconds;
  if (typeof ads !== "number") return undefined;
  return startOf(status, now) + ads - now;
}

/** pastActiveDeadline: the pod has been active for at least activeDeadlineSeconds since status.startTime. */
export function pastActiveDeadline(pod: KObject, status: any, now: number): boolean {
  if (typeof status?.startTime !== "string") return false;
  const left = activeDeadlineRemaining(pod, status, now);
  return left !== undefined && left <= 0;
}
