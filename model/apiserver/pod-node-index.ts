/**
 * The API server's index of pods by node, as the watch cache keeps it
 * (k8s.io/apiserver/pkg/storage/cacher/cacher.go: the "indexed trigger" that pkg/registry/core/pod/storage
 * declares for spec.nodeName, NodeNameTriggerFunc). A kubelet lists and watches pods with the field selector
 * spec.nodeName=<its node>. Without an index each kubelet's watch would read every pod write of the cluster
 * and each relist every pod: O(nodes x pod writes) for the whole cluster, which is what stops a model at a
 * thousand nodes. With it a kubelet reads only the writes that touched its own node.
 *
 * Three parts, all moved by every pod write (model/apiserver/write.ts):
 * - podNodeRevision: node -> revision of the last write touching it (wakes the kubelet's informer);
 * - podNodeLog: `node \0 revision` -> revision, the store events touching each node (serves the watch);
 * - podsByNode: `node \0 namespace/name` -> storage key, the pods bound to each node now (serves the list).
 */
import type { ApiServerState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { btreeDelete, btreeGet, btreeRange, btreeSet } from "../collections/btree.ts";
import { revKey, type StoreEvent } from "../store/store.ts";

/** The node a pod is bound to (spec.nodeName), or undefined. */
export const podNodeOf = (o: KObject | undefined): string | undefined => (o?.spec?.nodeName as string | undefined) || undefined;
const podKey = (o: KObject): string => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * The index after a pod write at `revision` (the store's new revision) from `before` to `after` (undefined:
 * created or deleted). A write that touches no node returns `api` itself.
 */
export function recordPodWrite(api: ApiServerState, storageKey: string, before: KObject | undefined, after: KObject | undefined, revision: number): ApiServerState {
  const a = podNodeOf(before);
  const b = podNodeOf(after);
  if (a === undefined && b === undefined) return api;
  let { podNodeRevision, podNodeLog, podsByNode } = api;
  for (const n of a === b ? [a!] : [a, b]) {
    if (n === undefined) continue;
    podNodeRevision = btreeSet(podNodeRevision, n, revision);
    podNodeLog = btreeSet(podNodeLog, `${n}\0${revKey(revision)}`, revision);
  }
  // spec.nodeName is set once (binding) and never changed, but the index does not rely on it.
  if (a !== undefined && a !== b) podsByNode = btreeDelete(podsByNode, `${a}\0${podKey(before!)}`);
  if (b !== undefined) podsByNode = btreeSet(podsByNode, `${b}\0${podKey(after!)}`, storageKey);
  return { ...api, podNodeRevision, podNodeLog, podsByNode };
}

/** The store events at or after `fromRevision` that touched a pod on `node`, oldest first (at most `limit`, 0 = all). */
export function podEventsOnNode(state: State, node: string, fromRevision: number, limit = 0): StoreEvent<KObject>[] {
  const out: StoreEvent<KObject>[] = [];
  for (const [, rev] of btreeRange(state.api.podNodeLog, `${node}\0${revKey(fromRevision)}`, `${node}\x01`)) {
    const ev = btreeGet(state.store.log, revKey(rev));
    if (ev) out.push(ev);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/** The storage keys of the pods bound to `node` now, in namespace/name order. */
export function podKeysOnNode(state: State, node: string): string[] {
  const out: string[] = [];
  for (const [, key] of btreeRange(state.api.podsByNode, `${node}\0`, `${node}\x01`)) out.push(key);
  return out;
}

/** Drops the log entries below `rev`, as etcd's compaction drops the events they point at. */
export function compactPodNodeLog(api: ApiServerState, rev: number): ApiServerState {
  let podNodeLog = api.podNodeLog;
  // Each node's entries below the cut, from the start of its range: only what goes is visited.
  for (const [node] of btreeRange(api.podNodeRevision)) {
    for (const [k] of btreeRange(api.podNodeLog, `${node}\0`, `${node}\0${revKey(rev)}`)) podNodeLog = btreeDelete(podNodeLog, k);
  }
  return podNodeLog === api.podNodeLog ? api : { ...api, podNodeLog };
}

/** The node a field selector names when it is exactly `spec.nodeName=<node>` (the kubelet's), else undefined. */
export function nodeOfFieldSelector(fieldSelector: string | undefined): string | undefined {
  if (!fieldSelector) return undefined;
  const m = /^spec\.nodeName=([^,=!]+)$/.exec(fieldSelector);
  return m ? m[1] : undefined;
}
