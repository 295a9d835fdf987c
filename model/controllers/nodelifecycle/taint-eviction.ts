/**
 * Taint-based eviction: a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them for a while is deleted when the shortest tolerationSeconds runs out, unless the taints go
 * first. Follows pkg/controller/tainteviction/taint_eviction.go (handleNodeUpdate, handlePodUpdate,
 * processPodOnNode, cancelWorkWithEvent, deletePodHandler, addConditionAndDeletePod) and timed_workers.go
 * (TimedWorkerQueue.AddWork, CancelWork, getWrappedWorkerFunc).
 *
 * Scheduled deletions are one-shot timers (workqueue AddAfter): cancelling removes both the timer and the
 * memory entry, and a timer that fires for a cancelled entry finds nothing to do.
 */
import type { KObject } from "../../objects/types.ts";
import { btreeDelete, btreeGet, btreeSet } from "../../collections/btree.ts";
import { cacheGet } from "../../informers/cache.ts";
import { cancelEnqueueAfter, enqueueAfter } from "../../informers/enqueue-after.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { recordEvent } from "../../events/recorder.ts";
import { splitMetaNamespaceKey } from "../../objects/types.ts";
import { NODES, PODS, podsOnNode, type Ctx } from "./context.ts";
import type { Pass } from "./memory.ts";
import { updatePodCondition, type PodCondition } from "./pod-conditions.ts";
import { getMatchingTolerations, getMinTolerationTime, noExecuteTaints, nodeTaints, taintEqual, withDefaultTolerations, type Taint, type Toleration } from "./taints.ts";

/** Work-queue key of a scheduled eviction whose timer fired. */
export const evictKey = (podKey: string) => `evict|${podKey}`;
/** Work-queue key of an eviction due at once (the TimedWorker that starts its goroutine immediately). */
export const evictNowKey = (podKey: string) => `evict-now|${podKey}`;

/** taint_eviction.go `retries`: attempts at deleting an evicted pod. */
export const DELETE_POD_RETRIES = 5;

const podRef = (podKey: string): KObject => {
  const { namespace, name } = splitMetaNamespaceKey(podKey);
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace } };
};

/** The tolerations the controller uses for a pod: its own plus the DefaultTolerationSeconds ones. */
export function effectiveTolerations(pod: KObject, podEvictionTimeout: number): Toleration[] {
  return withDefaultTolerations((pod.spec?.tolerations ?? []) as Toleration[], podEvictionTimeout);
}

const sameTaints = (a: readonly Taint[], b: readonly Taint[]): boolean => a.length === b.length && a.every((t, i) => taintEqual(t, b[i]!));

/** CancelWork (with its event): true when a pending timer was cancelled. */
function cancelWorkWithEvent(p: Pass, ctx: Ctx, podKey: string): void {
  const e = btreeGet(p.mem.evictions, podKey);
  if (!e) return;
  p.mem = { ...p.mem, evictions: btreeDelete(p.mem.evictions, podKey) };
  if (!e.timer) return; // the deletion already ran: nothing to cancel, no event
  p.state = cancelEnqueueAfter(p.state, ctx.c.id, evictKey(podKey));
  p.state = recordEvent(p.state, ctx.c.id, podRef(podKey), { type: "Normal", reason: "TaintManagerEviction", message: `Cancelling deletion of Pod ${podKey}` }, ctx.log);
}

/** AddWork: refused while the pod has an entry (pending, or already deleted and not cancelled since). */
function addWork(p: Pass, ctx: Ctx, podKey: string, createdAt: number, fireAt: number): void {
  if (btreeGet(p.mem.evictions, podKey)) return;
  const delay = fireAt - p.state.clock.now;
  if (delay <= 0) {
    p.mem = { ...p.mem, evictions: btreeSet(p.mem.evictions, podKey, { createdAt, fireAt, timer: false }) };
    p.keys.push(evictNowKey(podKey));
    return;
  }
  p.mem = { ...p.mem, evictions: btreeSet(p.mem.evictions, podKey, { createdAt, fireAt, timer: true }) };
  p.state = enqueueAfter(p.state, ctx.c.id, evictKey(podKey), delay);
}

/**
 * processPodOnNode: not all taints tolerated → delete now; tolerated forever → cancel; otherwise schedule the
 * deletion at the shortest tolerationSeconds, keeping an earlier schedule (an update must not postpone it).
 */
export function processPodOnNode(p: Pass, ctx: Ctx, podKey: string, tolerations: readonly Toleration[], taints: readonly Taint[]): void {
  const now = p.state.clock.now;
  if (taints.length === 0) cancelWorkWithEvent(p, ctx, podKey);
  const { all, used } = getMatchingTolerations(taints, tolerations);
  if (!all) {
    cancelWorkWithEvent(p, ctx, podKey);
    addWork(p, ctx, podKey, now, now);
    return;
  }
  const min = getMinTolerationTime(used);
  if (min < 0) {
    cancelWorkWithEvent(p, ctx, podKey);
    return;
  }
  let start = now;
  const trigger = now + min;
  const scheduled = btreeGet(p.mem.evictions, podKey);
  if (scheduled && scheduled.timer) {
    start = scheduled.createdAt;
    if (start + min < trigger) return;
    cancelWorkWithEvent(p, ctx, podKey);
  }
  addWork(p, ctx, podKey, start, trigger);
}

/**
 * handleNodeUpdate: records the node's NoExecute taints and re-evaluates its pods. Upstream the handler runs
 * only when an update changed those taints; the model compares with what it recorded, which is the same
 * filter for coalesced events.
 */
export function handleNodeUpdate(p: Pass, ctx: Ctx, nodeName: string): void {
  const node = cacheGet(ctx.c, NODES, nodeName);
  if (!node) {
    if (btreeGet(p.mem.taintedNodes, nodeName)) p.mem = { ...p.mem, taintedNodes: btreeDelete(p.mem.taintedNodes, nodeName) };
    return;
  }
  const taints = noExecuteTaints(nodeTaints(node));
  if (sameTaints(btreeGet(p.mem.taintedNodes, nodeName) ?? [], taints)) return;
  p.mem = {
    ...p.mem,
    taintedNodes: taints.length === 0 ? btreeDelete(p.mem.taintedNodes, nodeName) : btreeSet(p.mem.taintedNodes, nodeName, taints),
  };
  // taintedNodes is updated before the pods are read: a pod the index does not have yet is handled by its own
  // update, which reads taintedNodes.
  const pods = podsOnNode(ctx, p.mem, nodeName);
  if (pods.length === 0) return;
  if (taints.length === 0) {
    for (const pod of pods) cancelWorkWithEvent(p, ctx, `${pod.metadata.namespace}/${pod.metadata.name}`);
    return;
  }
  for (const pod of pods) {
    processPodOnNode(p, ctx, `${pod.metadata.namespace}/${pod.metadata.name}`, effectiveTolerations(pod, p.state.config.podEvictionTimeout), taints);
  }
}

/** handlePodUpdate: a deleted pod's eviction is cancelled; a pod on a tainted node is (re)evaluated. */
export function handlePodUpdate(p: Pass, ctx: Ctx, podKey: string): void {
  const pod = cacheGet(ctx.c, PODS, podKey);
  if (!pod) {
    cancelWorkWithEvent(p, ctx, podKey);
    return;
  }
  const nodeName: string | undefined = pod.spec?.nodeName;
  if (!nodeName) return;
  const taints = btreeGet(p.mem.taintedNodes, nodeName);
  if (!taints) return;
  processPodOnNode(p, ctx, podKey, effectiveTolerations(pod, p.state.config.podEvictionTimeout), taints);
}

/**
 * The eviction worker for a pod: a timer's key finds its entry (or nothing, if cancelled); an immediate one
 * always runs. On success the entry stays (the Go map's nil worker) so the pod is not evicted twice; on
 * failure it is dropped so the next node or pod update can schedule it again.
 */
export function runEviction(p: Pass, ctx: Ctx, podKey: string, immediate: boolean): void {
  const entry = btreeGet(p.mem.evictions, podKey);
  if (!immediate && (!entry || !entry.timer)) return;
  const ok = deletePod(p, ctx, podKey);
  const after = btreeGet(p.mem.evictions, podKey) ?? entry;
  if (ok) {
    const createdAt = after?.createdAt ?? p.state.clock.now;
    p.mem = { ...p.mem, evictions: btreeSet(p.mem.evictions, podKey, { createdAt, fireAt: after?.fireAt ?? createdAt, timer: false }) };
  } else if (btreeGet(p.mem.evictions, podKey)) p.mem = { ...p.mem, evictions: btreeDelete(p.mem.evictions, podKey) };
}

/** deletePodHandler: the event, then up to `retries` attempts at addConditionAndDeletePod. */
function deletePod(p: Pass, ctx: Ctx, podKey: string): boolean {
  const { namespace, name } = splitMetaNamespaceKey(podKey);
  p.state = recordEvent(p.state, ctx.c.id, podRef(podKey), { type: "Normal", reason: "TaintManagerEviction", message: `Marking for deletion Pod ${podKey}` }, ctx.log);
  for (let i = 0; i < DELETE_POD_RETRIES; i++) {
    if (addConditionAndDeletePod(p, ctx, namespace, name)) return true;
  }
  return false;
}

/**
 * addConditionAndDeletePod: a live GET, the DisruptionTarget condition (so the pod's owner and users can tell
 * why it went), then a plain delete with the pod's grace period.
 */
function addConditionAndDeletePod(p: Pass, ctx: Ctx, namespace: string, name: string): boolean {
  const got = send(p.state, ctx.c.id, { verb: "get", resource: PODS, namespace, name }, ctx.log);
  if (isStatus(got.result)) return false;
  const pod = got.result;
  const cond: PodCondition = {
    type: "DisruptionTarget",
    status: "True",
    reason: "DeletionByTaintManager",
    message: "Taint manager: deleting due to NoExecute taint",
  };
  const u = updatePodCondition(pod.status?.conditions ?? [], cond, p.state.clock.now);
  if (u.changed) {
    const r = send(p.state, ctx.c.id, { verb: "patch", resource: PODS, namespace, name, subresource: "status", patch: { status: { conditions: u.conditions } } }, ctx.log);
    if (isStatus(r.result)) return false;
    p.state = r.state;
  }
  const d = send(p.state, ctx.c.id, { verb: "delete", resource: PODS, namespace, name }, ctx.log);
  if (isStatus(d.result)) return false;
  p.state = d.state;
  return true;
}
