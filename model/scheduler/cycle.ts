/**
 * What one reconcile of the scheduler does: apply the pending cache events, then run one scheduling cycle for a
 * pod key — schedule (PreFilter, filter, score), assume, bind, or record why not. Follows pkg/scheduler/schedule_one.go
 * (ScheduleOne, schedulingCycle, bindingCycle, handleBindingCycleError, handleSchedulingFailure, updatePod,
 * skipPodSchedule) and pkg/scheduler/backend/queue/scheduling_queue.go for where a failed pod waits.
 *
 * Binding is synchronous here (one reconcile is one atomic step), so FinishBinding follows the bind at once.
 */
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { WorkQueue } from "../informers/workqueue.ts";
import { queueAdd } from "../informers/workqueue.ts";
import { btreeDelete, btreeGet, btreePrefix, btreeSet } from "../collections/btree.ts";
import { cacheGet } from "../informers/cache.ts";
import { cancelEnqueueAfter, enqueueAfter, timerIdFor } from "../informers/enqueue-after.ts";
import { getTimer } from "../timers.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { recordEvent } from "../events/recorder.ts";
import { timestamp } from "../clock.ts";
import { splitMetaNamespaceKey } from "../objects/types.ts";
import { assumePod, expireAssumedPod, finishBinding, forgetPod, isAssumedPod, syncNode, syncPod } from "./cache.ts";
import { truncateMessage } from "./fit-error.ts";
import { CACHE_EVENT_PREFIXES, FLUSH_UNSCHEDULABLE_KEY, NODE_EVENT_PREFIX, POD_EVENT_PREFIX, PVC_EVENT_PREFIX, expireKey } from "./keys.ts";
import { UNSCHEDULABLE_FLUSH_PERIOD_SECONDS, backoffDuration, backoffExpiry, leftoverUnschedulablePods, podsToMove, queueRemove, responsibleForPod } from "./queue.ts";
import { scheduleOne } from "./schedule-one.ts";
import { ANY_PLUGIN, PLUGIN, type SchedulerMemory, type SchedulerOptions } from "./types.ts";
import { PVCS, claimChangeMayHelp } from "./volume-binding.ts";

/** The working set of one reconcile: the state, the scheduler's memory and its queue, changed in place. */
export interface Cycle {
  state: State;
  mem: SchedulerMemory;
  queue: WorkQueue;
  readonly c: ComponentState;
  readonly log: EffectLog;
  readonly opts: SchedulerOptions;
}

/** Moves pods from unschedulablePods back to the active queue (the back-off check happens when they are popped). */
function activate(cy: Cycle, keys: readonly string[]): void {
  for (const k of keys) {
    cy.mem = { ...cy.mem, unschedulable: btreeDelete(cy.mem.unschedulable, k) };
    cy.queue = queueAdd(cy.queue, k);
  }
}

/** MoveAllToActiveOrBackoffQueue for an event the given plugins registered for. */
export function moveAllToActiveOrBackoffQueue(cy: Cycle, plugins: ReadonlySet<string>, except?: string): void {
  activate(cy, podsToMove(cy.mem, plugins, except));
}

/**
 * The informer event handlers' cache work: every pending node, pod and expiry key is taken out of the queue and
 * applied, then unschedulable pods a change may help are moved. Doing all of them before any scheduling cycle
 * is what kube-scheduler's handlers achieve by running as events arrive.
 */
export function applyCacheEvents(cy: Cycle, popped: string): void {
  const pending: string[] = [];
  for (const prefix of CACHE_EVENT_PREFIXES) {
    if (popped.startsWith(prefix)) pending.push(popped);
    for (const [k] of btreePrefix(cy.queue.index, prefix)) pending.push(k);
  }
  if (pending.length === 0) return;
  for (const k of pending) cy.queue = queueRemove(cy.queue, k);
  const plugins = new Set<string>();
  const claims: string[] = [];
  for (const k of pending) {
    if (k.startsWith(NODE_EVENT_PREFIX)) {
      const name = k.slice(NODE_EVENT_PREFIX.length);
      const r = syncNode(cy.mem, name, cacheGet(cy.c, "nodes", name), cy.opts.checkNodeReadyCondition);
      cy.mem = r.mem;
      for (const p of r.plugins) plugins.add(p);
    } else if (k.startsWith(POD_EVENT_PREFIX)) {
      const podKey = k.slice(POD_EVENT_PREFIX.length);
      const r = syncPod(cy.mem, podKey, cacheGet(cy.c, "pods", podKey));
      cy.mem = r.mem;
      if (r.freed) plugins.add(PLUGIN.nodeResourcesFit);
      if (r.settledAssumption) cy.state = cancelEnqueueAfter(cy.state, cy.c.id, expireKey(podKey));
    } else if (k.startsWith(PVC_EVENT_PREFIX)) {
      claims.push(k.slice(PVC_EVENT_PREFIX.length));
    } else {
      cy.mem = expireAssumedPod(cy.mem, k.slice(k.indexOf(":") + 1), cy.state.clock.now);
    }
  }
  moveAllToActiveOrBackoffQueue(cy, plugins);
  for (const claim of claims) activate(cy, podsWaitingForClaim(cy, claim));
}

/**
 * The PVC event's MoveAllToActiveOrBackoffQueue with VolumeBinding's queueing hint: only the unschedulable pods
 * of the claim's namespace that VolumeBinding rejected and that name the claim.
 */
function podsWaitingForClaim(cy: Cycle, claimKey: string): string[] {
  const { namespace, name } = splitMetaNamespaceKey(claimKey);
  const out: string[] = [];
  for (const [key] of btreePrefix(cy.mem.unschedulable, `${namespace}/`)) {
    const rejectors = btreeGet(cy.mem.queued, key)?.unschedulablePlugins ?? [ANY_PLUGIN];
    if (!rejectors.some((p) => p === ANY_PLUGIN || p === PLUGIN.volumeBinding)) continue;
    const pod = cacheGet(cy.c, "pods", key);
    if (pod && claimChangeMayHelp(pod, namespace, name)) out.push(key);
  }
  return out;
}

/** flushUnschedulablePodsLeftover, re-armed while pods wait in unschedulablePods. */
export function flushUnschedulableLeftover(cy: Cycle): void {
  activate(cy, leftoverUnschedulablePods(cy.mem, cy.state.clock.now));
  if (cy.mem.unschedulable.size > 0) cy.state = enqueueAfter(cy.state, cy.c.id, FLUSH_UNSCHEDULABLE_KEY, UNSCHEDULABLE_FLUSH_PERIOD_SECONDS, true);
}

/** The pod leaves the scheduling queue: no back-off, no unschedulable entry, no pending retry timer. */
function forgetQueuedPod(cy: Cycle, key: string): void {
  cy.mem = { ...cy.mem, queued: btreeDelete(cy.mem.queued, key), unschedulable: btreeDelete(cy.mem.unschedulable, key) };
  cy.state = cancelEnqueueAfter(cy.state, cy.c.id, key);
}

/**
 * updatePod's condition part: PodScheduled=False with the reason and message, written only when it changes
 * (podutil.UpdatePodCondition), so a pod that stays unschedulable causes no write and no event loop. The write
 * carries the cached resourceVersion: a stale copy is refused (409) rather than overwriting a newer status —
 * kube-scheduler's strategic-merge patch has no such precondition.
 */
function setPodScheduledFalse(cy: Cycle, pod: KObject, reason: string, message: string): void {
  const conditions: any[] = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c?.type === "PodScheduled");
  const old = i >= 0 ? conditions[i] : undefined;
  if (old && old.status === "False" && old.reason === reason && old.message === message && (old.lastProbeTime ?? null) === null) return;
  const next = {
    type: "PodScheduled",
    status: "False",
    lastProbeTime: null,
    lastTransitionTime: old?.status === "False" ? old.lastTransitionTime : timestamp(cy.state.clock.now),
    reason,
    message,
  };
  const updated = i >= 0 ? conditions.map((c, j) => (j === i ? next : c)) : [...conditions, next];
  const r = send(cy.state, cy.c.id, { verb: "update", resource: "pods", namespace: pod.metadata.namespace!, name: pod.metadata.name!, subresource: "status", object: { ...pod, status: { ...(pod.status ?? {}), conditions: updated } } }, cy.log);
  if (!isStatus(r.result)) cy.state = r.state;
}

/**
 * handleSchedulingFailure: remember the attempt, park the pod (unschedulablePods when plugins rejected it,
 * back-off when it was an error), record a FailedScheduling event and set the PodScheduled condition.
 */
function handleSchedulingFailure(cy: Cycle, pod: KObject, key: string, attempts: number, reason: "Unschedulable" | "SchedulerError", message: string, plugins: readonly string[]): void {
  const now = cy.state.clock.now;
  cy.mem = { ...cy.mem, queued: btreeSet(cy.mem.queued, key, { attempts, timestamp: now, unschedulablePlugins: plugins }) };
  if (plugins.length === 0) {
    // No plugin to wait for (an API error): back off and retry.
    cy.state = enqueueAfter(cy.state, cy.c.id, key, backoffDuration(attempts));
  } else {
    cy.mem = { ...cy.mem, unschedulable: btreeSet(cy.mem.unschedulable, key, now) };
    if (!getTimer(cy.state, timerIdFor(cy.c.id, FLUSH_UNSCHEDULABLE_KEY))) {
      cy.state = enqueueAfter(cy.state, cy.c.id, FLUSH_UNSCHEDULABLE_KEY, UNSCHEDULABLE_FLUSH_PERIOD_SECONDS, true);
    }
  }
  cy.state = recordEvent(cy.state, cy.c.id, pod, { type: "Warning", reason: "FailedScheduling", message: truncateMessage(message) }, cy.log);
  setPodScheduledFalse(cy, pod, reason, message);
}

/** The binding cycle: bind through pods/binding; on success FinishBinding, on failure ForgetPod and retry. */
function bind(cy: Cycle, pod: KObject, key: string, node: string, attempts: number): void {
  const { namespace, name } = splitMetaNamespaceKey(key);
  if (cy.opts.assume) {
    const assumed = assumePod(cy.mem, key, pod, node);
    if (!assumed) {
      handleSchedulingFailure(cy, pod, key, attempts, "SchedulerError", `pod ${key} is in the cache, so can't be assumed`, []);
      return;
    }
    cy.mem = assumed;
  }
  const binding: KObject = {
    apiVersion: "v1",
    kind: "Binding",
    metadata: { name, namespace, uid: pod.metadata.uid },
    target: { apiVersion: "v1", kind: "Node", name: node },
  };
  const r = send(cy.state, cy.c.id, { verb: "create", resource: "pods", namespace, name, subresource: "binding", object: binding }, cy.log);
  cy.state = r.state;
  if (isStatus(r.result)) {
    // handleBindingCycleError: forgetting the assumed pod frees its room, as an assigned pod's deletion would.
    if (cy.opts.assume) {
      cy.mem = forgetPod(cy.mem, key);
      moveAllToActiveOrBackoffQueue(cy, new Set([PLUGIN.nodeResourcesFit]), key);
    }
    handleSchedulingFailure(cy, pod, key, attempts, "SchedulerError", r.result.message, []);
    return;
  }
  if (cy.opts.assume) {
    const ttl = cy.opts.assumedPodTTLSeconds;
    cy.mem = finishBinding(cy.mem, key, cy.state.clock.now, ttl);
    if (ttl > 0) cy.state = enqueueAfter(cy.state, cy.c.id, expireKey(key), ttl);
  }
  cy.mem = { ...cy.mem, queued: btreeDelete(cy.mem.queued, key) };
  cy.state = recordEvent(cy.state, cy.c.id, pod, { type: "Normal", reason: "Scheduled", message: `Successfully assigned ${namespace}/${name} to ${node}` }, cy.log);
}

/** ScheduleOne for the pod with this key, as the scheduler's caches show it. */
export function schedulePodKey(cy: Cycle, key: string): void {
  // Popped: the pod is no longer in unschedulablePods, whatever happens next.
  cy.mem = { ...cy.mem, unschedulable: btreeDelete(cy.mem.unschedulable, key) };
  const pod = cacheGet(cy.c, "pods", key);
  if (!pod || pod.spec?.nodeName || !responsibleForPod(pod)) return forgetQueuedPod(cy, key);
  if (pod.metadata.deletionTimestamp) {
    // skipPodSchedule, case 1.
    cy.state = recordEvent(cy.state, cy.c.id, pod, { type: "Warning", reason: "FailedScheduling", message: `skip schedule deleting pod: ${key}` }, cy.log);
    return forgetQueuedPod(cy, key);
  }
  // skipPodSchedule, case 2: an update raced with its last cycle; its bind is under way.
  if (isAssumedPod(cy.mem, key)) return;
  const now = cy.state.clock.now;
  const info = btreeGet(cy.mem.queued, key);
  if (info && now < backoffExpiry(info)) {
    // Still backing off: wait in the back-off queue (a one-shot timer) rather than in activeQ.
    cy.state = enqueueAfter(cy.state, cy.c.id, key, backoffExpiry(info) - now);
    return;
  }
  const result = scheduleOne(cy.mem, pod, cy.opts, (ns, name) => cacheGet(cy.c, PVCS, `${ns}/${name}`));
  cy.mem = { ...cy.mem, nextStartNodeIndex: result.nextStartNodeIndex };
  const attempts = (info?.attempts ?? 0) + 1;
  if (result.kind === "unschedulable") return handleSchedulingFailure(cy, pod, key, attempts, "Unschedulable", result.message, result.unschedulablePlugins);
  bind(cy, pod, key, result.node, attempts);
}
