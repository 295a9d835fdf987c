/**
 * Pod admission by the kubelet: before a pod it has not admitted yet runs, the kubelet checks that it fits the
 * node next to the pods it already runs, and rejects it otherwise: the pod goes to Failed with reason OutOfcpu,
 * OutOfmemory, OutOfpods, ... and never runs. Follows pkg/kubelet/kubelet.go (HandlePodAdditions: canAdmitPod
 * over filterOutInactivePods(podManager.GetPods()); rejectPod) and pkg/kubelet/lifecycle/predicate.go (Admit →
 * generalFilter → the scheduler's noderesources Fits, with InsufficientResourceError's reason and message).
 *
 * The kubelet counts what it knows runs on its node, which the scheduler may not know yet (or any more): a pod
 * the API force-deleted while its containers still run, a static pod whose mirror pod is missing, a "phantom"
 * pod the API lost (kubernetes#131115). So a pod the scheduler placed correctly by its own view can be rejected.
 * Only pods that may still hold resources count: a pod whose containers have all stopped does not
 * (kubernetes#104560 was the 1.22 regression in which finished pods still counted; PR #104577 fixed it, and
 * PR #108345 narrowed it to pods with running containers).
 */
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { btreeGet, btreeRange } from "../collections/btree.ts";
import { cacheGet, cacheList } from "../informers/cache.ts";
import { recordEvent } from "../events/recorder.ts";
import { reachable } from "../client.ts";
import { timestamp } from "../clock.ts";
import { podQOSClass } from "../objects/qos.ts";
import { addResources, nodeAllocatable, podRequests, ZERO_RESOURCES } from "../scheduler/resources.ts";
import { ERR_REASON_NODE_AFFINITY, insufficientResources } from "../scheduler/filters.ts";
import { podMatchesNodeSelectorAndAffinity } from "../scheduler/node-affinity.ts";
import type { NodeInfo, Resources } from "../scheduler/types.ts";
import { nodeObject } from "../nodes/node-object.ts";
import { getMachine, isRuntimePodRunning } from "../world/machine.ts";
import { NODES, PODS, podKey } from "./keys.ts";
import { isTerminalPhase } from "./pod-status.ts";
import { staticPodsOf } from "../world/static-pods.ts";
import { isKubeletCondition } from "./conditions.ts";
import { markRetry } from "./memory.ts";
import { syncPodStatus } from "./status-manager.ts";
import { kubeletOptionsOf } from "./options.ts";

/** predicate.go: the prefix of the reasons of resource rejections (OutOfcpu, OutOfmemory, OutOfpods, ...). */
export const INSUFFICIENT_RESOURCE_PREFIX = "OutOf";

/** rejectPod: the prefix of a rejected pod's status message. */
export const REJECTED_MESSAGE_PREFIX = "Pod was rejected: ";

/** The outcome of Admit. */
export type AdmitResult = { readonly admit: true } | { readonly admit: false; readonly reason: string; readonly message: string };

/**
 * The pods the kubelet counts at admission (filterOutInactivePods over its pod manager): the pods of this node
 * whose sandbox or containers still run, with their spec (a static pod's manifest, else the cached API pod of
 * that uid; a sandbox the pod manager does not know is not counted). With `countTerminal` (the #104560
 * variant), every Succeeded or Failed pod of the node in the pod manager counts as well.
 */
export function podsCountedAtAdmission(state: State, c: ComponentState, node: string, except: string, countTerminal: boolean): KObject[] {
  const m = getMachine(state, node);
  if (!m) return [];
  const statics = new Map(staticPodsOf(m).map((p) => [p.metadata.uid!, p] as const));
  const out: KObject[] = [];
  const seen = new Set<string>([except]);
  // A node holds at most its pod capacity of sandboxes and of bound pods: both scans are bounded by it.
  for (const [uid, rp] of btreeRange(m.pods)) {
    if (seen.has(uid) || !isRuntimePodRunning(rp)) continue;
    const api = cacheGet(c, PODS, podKey(rp.namespace, rp.name));
    const spec = statics.get(uid) ?? (api?.metadata.uid === uid ? api : undefined);
    if (!spec) continue;
    seen.add(uid);
    out.push(spec);
  }
  if (countTerminal) {
    for (const p of cacheList(c, PODS)) {
      if (p.spec?.nodeName !== node || seen.has(p.metadata.uid!) || !isTerminalPhase(p.status?.phase)) continue;
      seen.add(p.metadata.uid!);
      out.push(p);
    }
  }
  return out;
}

/** The kubelet's Node: its informer's copy, else the Node it would register (getNodeAnyWay). */
function nodeOf(state: State, c: ComponentState, node: string): KObject {
  const cached = cacheGet(c, NODES, node);
  if (cached?.status?.allocatable) return cached;
  const m = getMachine(state, node);
  return nodeObject({ name: node, capacity: m?.capacity ?? {}, ...(m?.labels ? { labels: m.labels } : {}) }, state.clock.now);
}

/** NodeAffinity's predicate name and the reason it gives (nodeaffinity.Name, ErrReasonPod). */
export const NODE_AFFINITY_PREDICATE = "NodeAffinity";

/**
 * predicate.go Admit over generalFilter (scheduler.AdmissionCheck): node resources (Fits) first, then node
 * affinity (spec.nodeSelector and required node affinity); the first failure is the reason. A resource
 * shortage is InsufficientResourceError (reason OutOf<resource>); any other failure is PredicateFailureError
 * (reason: the predicate's name).
 */
export function admitPod(state: State, c: ComponentState, node: string, pod: KObject): AdmitResult {
  const others = podsCountedAtAdmission(state, c, node, pod.metadata.uid!, kubeletOptionsOf(state, c).admissionCountsTerminalPods === true);
  let requested: Resources = ZERO_RESOURCES;
  for (const p of others) requested = addResources(requested, podRequests(p));
  const nodeObj = nodeOf(state, c, node);
  const { allocatable, allowedPodNumber } = nodeAllocatable(nodeObj);
  const info = { name: node, node: nodeObj, allocatable, allowedPodNumber, requested, nonZeroRequested: { milliCPU: 0, memory: 0 }, podCount: others.length } as NodeInfo;
  const first = insufficientResources(podRequests(pod), info)[0];
  if (first) {
    return {
      admit: false,
      reason: `${INSUFFICIENT_RESOURCE_PREFIX}${first.resourceName}`,
      message: `Node didn't have enough resource: ${first.resourceName}, requested: ${first.requested}, used: ${first.used}, capacity: ${first.capacity}`,
    };
  }
  if (!podMatchesNodeSelectorAndAffinity(pod, nodeObj)) {
    return { admit: false, reason: NODE_AFFINITY_PREDICATE, message: `Predicate ${NODE_AFFINITY_PREDICATE} failed: ${ERR_REASON_NODE_AFFINITY}` };
  }
  return { admit: true };
}

/** The conditions of a status that the kubelet does not own (mergePodStatus keeps them). */
function foreignConditions(old: any): { conditions?: unknown[] } {
  const foreign = ((old?.conditions ?? []) as any[]).filter((x) => !isKubeletCondition(x.type));
  return foreign.length > 0 ? { conditions: foreign } : {};
}

/**
 * HandlePodAdditions for a pod the kubelet has not admitted yet (no sandbox of its uid on the machine): admits it
 * (undefined: go on and run it) or rejects it (rejectPod: a Warning event with the reason, and the status
 * phase Failed, reason, "Pod was rejected: <message>"; the kubelet never runs it).
 */
export function rejectIfNotAdmitted(state: State, c: ComponentState, node: string, key: string, pod: KObject, log: EffectLog): ReconcileResult | undefined {
  const m = getMachine(state, node);
  if (!m || btreeGet(m.pods, pod.metadata.uid!) !== undefined) return undefined;
  const r = admitPod(state, c, node, pod);
  if (r.admit) return undefined;
  let s = state;
  if (reachable(s, c.id)) s = recordEvent(s, c.id, pod, { type: "Warning", reason: r.reason, message: r.message }, log);
  const now = s.clock.now;
  const sync = syncPodStatus(
    s,
    c,
    pod,
    (old: any) => ({
      phase: "Failed",
      ...foreignConditions(old),
      message: `${REJECTED_MESSAGE_PREFIX}${r.message}`,
      reason: r.reason,
      startTime: old?.startTime ?? timestamp(now),
      qosClass: podQOSClass(pod.spec),
    }),
    log,
  );
  return { state: markRetry(sync.state, c.id, key, sync.failed) };
}

/** Whether a pod's status says the kubelet rejected it at admission. */
export const isRejectedAtAdmission = (pod: KObject): boolean =>
  pod.status?.phase === "Failed" && typeof pod.status?.message === "string" && pod.status.message.startsWith(REJECTED_MESSAGE_PREFIX);

