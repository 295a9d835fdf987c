/**
 * The scheduling queue's rules on top of the component's work queue (which plays activeQ): back-off after a
 * failed attempt, unschedulablePods waiting for a cluster event one of their rejecting plugins cares about, and
 * the periodic flush of pods left there too long. Follows pkg/scheduler/backend/queue/scheduling_queue.go
 * (calculateBackoffDuration, MoveAllToActiveOrBackoffQueue, flushUnschedulablePodsLeftover, isPodUpdated,
 * AddUnschedulableIfNotPresent). The back-off queue is a one-shot timer per pod (AddAfter), so `settle` waits for
 * a back-off, while a pod in unschedulablePods waits for an event and lets the cluster quiesce.
 */
import type { KObject } from "../objects/types.ts";
import { btreeDelete, btreeGet, btreeRange } from "../collections/btree.ts";
import type { WorkQueue } from "../informers/workqueue.ts";
import { jsonEqual } from "../apiserver/common.ts";
import { ANY_PLUGIN, DEFAULT_SCHEDULER_NAME, type QueuedPodInfo, type SchedulerMemory } from "./types.ts";

/** DefaultPodInitialBackoffDuration and DefaultPodMaxBackoffDuration (seconds). */
export const POD_INITIAL_BACKOFF_SECONDS = 1;
export const POD_MAX_BACKOFF_SECONDS = 10;
/** DefaultPodMaxInUnschedulablePodsDuration: after this a pod is retried even without an event. */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS = 300;
/** How often flushUnschedulablePodsLeftover runs. */
export const UNSCHEDULABLE_FLUSH_PERIOD_SECONDS = 30;

/** calculateBackoffDuration: 1s doubled per further attempt, at most 10s. */
export function backoffDuration(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_SECONDS;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF_SECONDS - d) return POD_MAX_BACKOFF_SECONDS;
    d += d;
  }
  return d;
}

/** When the pod's back-off ends (getBackoffTime). */
export const backoffExpiry = (info: QueuedPodInfo): number => info.timestamp + backoffDuration(info.attempts);

/** responsibleForPod: pods for this scheduler's profile (schedulerName defaults to default-scheduler). */
export const responsibleForPod = (pod: KObject): boolean => (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME;

/**
 * isPodUpdated: whether an update may have made the pod schedulable — anything but resourceVersion,
 * generation, managedFields, finalizers and status (resource claim statuses aside). The scheduler's own
 * PodScheduled=False write is a status change, so it does not wake the pod it was written for.
 */
export function isPodUpdated(oldPod: KObject, newPod: KObject): boolean {
  const strip = (p: KObject) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, finalizers: _f, ...metadata } = p.metadata as Record<string, unknown>;
    const claims = p.status?.resourceClaimStatuses;
    return { ...p, metadata, status: claims === undefined ? {} : { resourceClaimStatuses: claims } };
  };
  return !jsonEqual(strip(oldPod), strip(newPod));
}

/**
 * MoveAllToActiveOrBackoffQueue's selection: the unschedulable pods whose last rejection came from a plugin that
 * registered for the event (`plugins`), or that any event may help. The pod `except` stays (an assumed pod
 * forgotten after a failed bind does not wake itself).
 */
export function podsToMove(mem: SchedulerMemory, plugins: ReadonlySet<string>, except?: string): string[] {
  const out: string[] = [];
  if (plugins.size === 0) return out;
  for (const [key] of btreeRange(mem.unschedulable)) {
    if (key === except) continue;
    const rejectors = btreeGet(mem.queued, key)?.unschedulablePlugins ?? [ANY_PLUGIN];
    if (rejectors.some((p) => p === ANY_PLUGIN || plugins.has(p))) out.push(key);
  }
  return out;
}

/** flushUnschedulablePodsLeftover's selection: pods in unschedulablePods for longer than the maximum. */
export function leftoverUnschedulablePods(mem: SchedulerMemory, now: number): string[] {
  const out: string[] = [];
  for (const [key, since] of btreeRange(mem.unschedulable)) if (now - since > POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS) out.push(key);
  return out;
}

/** Removes a waiting key from a work queue (the scheduler takes its cache-event keys out in one batch). */
export function queueRemove(q: WorkQueue, key: string): WorkQueue {
  const seq = btreeGet(q.index, key);
  if (seq === undefined) return q;
  return { ...q, order: btreeDelete(q.order, seq), index: btreeDelete(q.index, key) };
}
