/**
 * The scheduler's cache: node infos aggregated from its node and pod informers, plus the pods it assumed at bind
 * time. Follows pkg/scheduler/backend/cache/cache.go (AssumePod, FinishBinding, ForgetPod, AddPod/UpdatePod/
 * RemovePod, AddNode/UpdateNode/RemoveNode with ghost nodes, cleanupAssumedPods) and
 * pkg/scheduler/framework/types.go (NodeInfo.AddPod/RemovePod keep Requested, NonZeroRequested and the pod
 * count incrementally).
 *
 * The informer side is level-triggered: syncPod/syncNode compare what the informer cache holds now with what the
 * scheduler cache accounts for, which gives AddPod/UpdatePod/RemovePod's outcome however many events were
 * delivered in between. Pure functions of plain data.
 */
import type { KObject } from "../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeSet } from "../collections/btree.ts";
import { jsonEqual } from "../apiserver/common.ts";
import { ZERO_RESOURCES, addResources, nodeAllocatable, podNonZeroRequests, podRequests, sameResources, shrinks } from "./resources.ts";
import { readinessTaint } from "./taints.ts";
import { PLUGIN, type CachedPod, type NodeInfo, type SchedulerMemory } from "./types.ts";

/** A fresh scheduler's memory: empty cache and queue. */
export function emptySchedulerMemory(): SchedulerMemory {
  return { nodes: btreeEmpty(), pods: btreeEmpty(), queued: btreeEmpty(), unschedulable: btreeEmpty(), nodeOrder: [], nextStartNodeIndex: 0 };
}

/** A node info with no Node and no pods. */
export function emptyNodeInfo(name: string): NodeInfo {
  return { name, allocatable: ZERO_RESOURCES, allowedPodNumber: 0, requested: ZERO_RESOURCES, nonZeroRequested: { milliCPU: 0, memory: 0 }, podCount: 0 };
}

/** The cache entry of a pod placed on `node` (its requests computed once, here). */
export function cachedPodOf(pod: KObject, node: string): CachedPod {
  return { uid: pod.metadata.uid ?? "", node, requests: podRequests(pod), nonZero: podNonZeroRequests(pod) };
}

function withPod(n: NodeInfo, p: CachedPod, sign: 1 | -1): NodeInfo {
  return {
    ...n,
    requested: addResources(n.requested, p.requests, sign),
    nonZeroRequested: { milliCPU: n.nonZeroRequested.milliCPU + sign * p.nonZero.milliCPU, memory: n.nonZeroRequested.memory + sign * p.nonZero.memory },
    podCount: n.podCount + sign,
  };
}

/** cache.addPod: account for the pod on its node (creating a ghost node info if the node is not known yet). */
export function addPod(mem: SchedulerMemory, key: string, p: CachedPod): SchedulerMemory {
  const n = btreeGet(mem.nodes, p.node) ?? emptyNodeInfo(p.node);
  return { ...mem, nodes: btreeSet(mem.nodes, p.node, withPod(n, p, 1)), pods: btreeSet(mem.pods, key, p) };
}

/** cache.removePod: stop accounting for the pod; a ghost node info goes when its last pod does. */
export function removePod(mem: SchedulerMemory, key: string): SchedulerMemory {
  const p = btreeGet(mem.pods, key);
  if (!p) return mem;
  const n = btreeGet(mem.nodes, p.node);
  let nodes = mem.nodes;
  if (n) {
    const next = withPod(n, p, -1);
    nodes = next.podCount === 0 && !next.node ? btreeDelete(nodes, p.node) : btreeSet(nodes, p.node, next);
  }
  return { ...mem, nodes, pods: btreeDelete(mem.pods, key) };
}

/** IsAssumedPod. */
export const isAssumedPod = (mem: SchedulerMemory, key: string): boolean => btreeGet(mem.pods, key)?.assumed === true;

/**
 * AssumePod: account for the pod on `node` before the bind is confirmed, so the next cycle sees the room as
 * taken. Undefined (an error in Kubernetes) when the cache already has the pod.
 */
export function assumePod(mem: SchedulerMemory, key: string, pod: KObject, node: string): SchedulerMemory | undefined {
  if (btreeGet(mem.pods, key)) return undefined;
  return addPod(mem, key, { ...cachedPodOf(pod, node), assumed: true });
}

/** FinishBinding: the bind request returned; from now the assumption may expire after `ttl` seconds (0 = never). */
export function finishBinding(mem: SchedulerMemory, key: string, now: number, ttl: number): SchedulerMemory {
  const p = btreeGet(mem.pods, key);
  if (!p?.assumed) return mem;
  return { ...mem, pods: btreeSet(mem.pods, key, { ...p, bindingFinished: true, ...(ttl > 0 ? { deadline: now + ttl } : {}) }) };
}

/** ForgetPod: undo AssumePod after a failed bind (only an assumed pod is forgotten). */
export function forgetPod(mem: SchedulerMemory, key: string): SchedulerMemory {
  return isAssumedPod(mem, key) ? removePod(mem, key) : mem;
}

/**
 * cleanupAssumedPods for one pod: an assumed pod whose binding finished and whose deadline passed is dropped.
 * If the informer simply lags more than the TTL, the cache now under-counts the node: the stale-cache over-commit
 * the TTL was removed for (kubernetes#106361).
 */
export function expireAssumedPod(mem: SchedulerMemory, key: string, now: number): SchedulerMemory {
  const p = btreeGet(mem.pods, key);
  if (!p?.assumed || !p.bindingFinished || p.deadline === undefined || now < p.deadline) return mem;
  return removePod(mem, key);
}

export interface PodSyncResult {
  readonly mem: SchedulerMemory;
  /** Room was freed on some node (AssignedPodDelete, or a resize down): unschedulable pods may now fit. */
  readonly freed: boolean;
  /** The entry was an assumption that is now settled (confirmed or dropped): its expiry timer can go. */
  readonly settledAssumption: boolean;
}

/**
 * The pod informer's view of one pod applied to the cache: AddPod (confirming an assumption), UpdatePod or
 * RemovePod. An assumed pod the informer still shows unbound stays assumed: the bind happened, the watch has not
 * delivered it yet.
 */
export function syncPod(mem: SchedulerMemory, key: string, pod: KObject | undefined): PodSyncResult {
  const cur = btreeGet(mem.pods, key);
  const node: string | undefined = pod?.spec?.nodeName || undefined;
  if (!node) {
    if (!cur) return { mem, freed: false, settledAssumption: false };
    if (cur.assumed && pod && pod.metadata.uid === cur.uid) return { mem, freed: false, settledAssumption: false };
    return { mem: removePod(mem, key), freed: true, settledAssumption: cur.assumed === true };
  }
  const entry = cachedPodOf(pod!, node);
  if (!cur) return { mem: addPod(mem, key, entry), freed: false, settledAssumption: false };
  const same = cur.uid === entry.uid && cur.node === entry.node;
  if (same && !cur.assumed && sameResources(cur.requests, entry.requests) && jsonEqual(cur.nonZero, entry.nonZero)) {
    return { mem, freed: false, settledAssumption: false };
  }
  const freed = !same || shrinks(cur.requests, entry.requests);
  return { mem: addPod(removePod(mem, key), key, entry), freed, settledAssumption: cur.assumed === true };
}

/** Index of the first name >= name in a sorted list. */
function lowerBound(names: readonly string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** nodeTree.addNode / removeNode on the sorted name list (copied: the old state keeps its list). */
function withNodeName(order: readonly string[], name: string, present: boolean): readonly string[] {
  const i = lowerBound(order, name);
  const has = order[i] === name;
  if (has === present) return order;
  return present ? [...order.slice(0, i), name, ...order.slice(i)] : [...order.slice(0, i), ...order.slice(i + 1)];
}

/** The plugins that registered for Node Add (VolumeBinding too: volume_binding.go EventsToRegister). */
const ALL_NODE_PLUGINS = [PLUGIN.nodeUnschedulable, PLUGIN.taintToleration, PLUGIN.nodeAffinity, PLUGIN.nodeResourcesFit, PLUGIN.volumeBinding];

/**
 * nodeSchedulingPropertiesChange, as the plugins that registered for each kind of change: spec.unschedulable
 * (NodeUnschedulable), allocatable (NodeResourcesFit), labels (NodeAffinity, and VolumeBinding, whose PVs'
 * node affinity and storage classes' allowed topologies read them), taints (TaintToleration,
 * NodeUnschedulable), and — when the Ready condition stands for its taint — a change of the implied taint.
 * Heartbeats change none of these, so they do not wake unschedulable pods.
 */
export function nodeSchedulingPropertiesChange(oldNode: KObject, newNode: KObject, checkReadyCondition: boolean): string[] {
  const out = new Set<string>();
  if ((oldNode.spec?.unschedulable === true) !== (newNode.spec?.unschedulable === true)) out.add(PLUGIN.nodeUnschedulable);
  if (!jsonEqual(oldNode.status?.allocatable, newNode.status?.allocatable)) out.add(PLUGIN.nodeResourcesFit);
  if (!jsonEqual(oldNode.metadata.labels ?? {}, newNode.metadata.labels ?? {})) {
    out.add(PLUGIN.nodeAffinity);
    out.add(PLUGIN.volumeBinding);
  }
  if (!jsonEqual(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? [])) {
    out.add(PLUGIN.taintToleration);
    out.add(PLUGIN.nodeUnschedulable);
  }
  if (checkReadyCondition && !jsonEqual(readinessTaint(oldNode), readinessTaint(newNode))) out.add(PLUGIN.taintToleration);
  return [...out].sort();
}

/**
 * The node informer's view of one node applied to the cache: AddNode/UpdateNode set the Node and its
 * allocatable; RemoveNode leaves a ghost while pods remain. Returns the plugins whose rejections the change may
 * have lifted (NodeAdd: all of them).
 */
export function syncNode(mem: SchedulerMemory, name: string, node: KObject | undefined, checkReadyCondition: boolean): { mem: SchedulerMemory; plugins: string[] } {
  const cur = btreeGet(mem.nodes, name);
  if (!node) {
    if (!cur?.node) return { mem, plugins: [] };
    const { node: _gone, ...ghost } = cur;
    const nodes = ghost.podCount === 0 ? btreeDelete(mem.nodes, name) : btreeSet(mem.nodes, name, ghost);
    return { mem: { ...mem, nodes, nodeOrder: withNodeName(mem.nodeOrder, name, false) }, plugins: [] };
  }
  if (cur?.node === node) return { mem, plugins: [] };
  const next: NodeInfo = { ...(cur ?? emptyNodeInfo(name)), node, ...nodeAllocatable(node) };
  const plugins = cur?.node ? nodeSchedulingPropertiesChange(cur.node, node, checkReadyCondition) : [...ALL_NODE_PLUGINS];
  const nodeOrder = cur?.node ? mem.nodeOrder : withNodeName(mem.nodeOrder, name, true);
  return { mem: { ...mem, nodes: btreeSet(mem.nodes, name, next), nodeOrder }, plugins };
}
