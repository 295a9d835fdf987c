/**
 * The scheduler's informer event handlers as work-queue keys. Follows pkg/scheduler/eventhandlers.go
 * (addAllEventHandlers): assigned pods feed the cache, unassigned pods of this scheduler feed the scheduling
 * queue (updatePodInSchedulingQueue skips a same-resourceVersion update and an assumed pod; Update leaves a pod
 * in unschedulablePods unless isPodUpdated), nodes feed the cache, added or updated PersistentVolumeClaims wake
 * the pods VolumeBinding rejected for them. Cache updates become "~" keys applied at the
 * start of the next reconcile (see keys.ts), since a handler here can only add keys.
 */
import type { WatchEvent } from "../apiserver/watch.ts";
import { btreeGet } from "../collections/btree.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { nodeEventKey, podEventKey, pvcEventKey } from "./keys.ts";
import { PVCS } from "./volume-binding.ts";
import { isPodUpdated, responsibleForPod } from "./queue.ts";
import type { SchedulerMemory } from "./types.ts";

/** The keys one watch event adds to the scheduler's queue. */
export function schedulerKeysFor(resource: string, ev: WatchEvent, mem: SchedulerMemory): string[] {
  if (resource === "nodes") return [nodeEventKey(ev.object.metadata.name!)];
  // VolumeBinding registered for PVC Add and Update only: a deleted claim helps no pod.
  if (resource === PVCS) return ev.type === "DELETED" ? [] : [pvcEventKey(metaNamespaceKey(ev.object))];
  if (resource !== "pods") return [];
  const pod = ev.object;
  const old = ev.oldObject;
  const key = metaNamespaceKey(pod);
  const keys: string[] = [];
  const cached = btreeGet(mem.pods, key);
  // Assigned pods (or ones the cache accounts for, e.g. assumed) go to the cache.
  if (pod.spec?.nodeName || old?.spec?.nodeName || cached) keys.push(podEventKey(key));
  if (ev.type === "DELETED" || pod.spec?.nodeName) {
    // Gone or bound: it leaves the scheduling queue (only worth a key if the queue knows it).
    if (btreeGet(mem.queued, key) || btreeGet(mem.unschedulable, key) !== undefined) keys.push(key);
    return keys;
  }
  if (!responsibleForPod(pod)) return keys;
  if (ev.type === "MODIFIED" && old) {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return keys;
    if (cached?.assumed) return keys;
    if (btreeGet(mem.unschedulable, key) !== undefined && !isPodUpdated(old, pod)) return keys;
  }
  keys.push(key);
  return keys;
}
