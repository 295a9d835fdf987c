/**
 * The API server's index of pods by node, as the watch cache keeps it
 * (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go: the "indexed trigger" that pkg/registry/core/pod/storage
 * declares for spec.nodeName, NodeNameTriggerFunc). A kubelet lists and watches pods with the field selector
 * spec.nodeName=<its node>. Without an index each kubelet's watch would read every pod write of the cluster
 * and each relist every pod: O(nodes x pod writes) for the whole cluster, which is what stops a model at a
 * thousand nodes. With it a kubelet reads only the writes that touched its own node.
 *
 * Three parts, all moved by every pod write (model/apiserver/write.ts):
 * - state.api.podNodeRevision: node -> revision of the last write touching it (wakes the kubelet's informer);
 * - state.indexes.podNodeLog: `node \0 revision` -> revision, the store events touching each node (serves the watch);
 * - state.indexes.podsByNode: `node \0 namespace/name` -> storage key, the pods bound to each node now (serves the list).
 * The last two are derived (rebuildPodNodeIndexes computes them from the store alone). The first is not: once
 * compaction drops a node's last pod write, only podNodeRevision remembers it, and a kubelet informer's wake-up
 * compares it with the informer's revision, so it stays in the API server's state, part of a state's identity.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeRange, btreeSet, type BTree } from "../collections/btree.ts";
import { bucketOf, revKey, type StoreEvent, type StoreState } from "../store/store.ts";

/** The derived parts of the index (see the file comment); they live in `State.indexes`. */
export interface PodNodeIndexes {
  /** The store events touching each node's pods, keyed `node \0 revision`, valued by revision. */
  readonly podNodeLog: BTree<number>;
  /** The pods bound to each node now, keyed `node \0 namespace/name`, valued by storage key. */
  readonly podsByNode: BTree<string>;
}

export function podNodeIndexesEmpty(): PodNodeIndexes {
  return { podNodeLog: btreeEmpty(), podsByNode: btreeEmpty() };
}

/** The node a pod is bound to (spec.nodeName), or undefined. */
export const podNodeOf = (o: KObject | undefined): string | undefined => (o?.spec?.nodeName as string | undefined) || undefined;
const podKey = (o: KObject): string => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/** The nodes a pod write from `before` to `after` touches (the old and the new spec.nodeName, once each). */
function touchedNodes(before: KObject | undefined, after: KObject | undefined): string[] {
  const a = podNodeOf(before);
  const b = podNodeOf(after);
  return (a === b ? [a] : [a, b]).filter((n): n is string => n !== undefined);
}

const logEntry = (node: string, revision: number): string => `${node}\0${revKey(revision)}`;

/**
 * The state after a pod write from `before` to `after` (undefined: created or deleted) stored at `storageKey`,
 * which the store just wrote at its current revision. A write that touches no node returns `state` itself.
 */
export function recordPodWrite(state: State, storageKey: string, before: KObject | undefined, after: KObject | undefined): State {
  const nodes = touchedNodes(before, after);
  if (nodes.length === 0) return state;
  const revision = state.store.revision;
  let podNodeRevision = state.api.podNodeRevision;
  let { podNodeLog, podsByNode } = state.indexes;
  for (const n of nodes) {
    podNodeRevision = btreeSet(podNodeRevision, n, revision);
    podNodeLog = btreeSet(podNodeLog, logEntry(n, revision), revision);
  }
  // spec.nodeName is set once (binding) and never changed, but the index does not rely on it.
  const a = podNodeOf(before);
  const b = podNodeOf(after);
  if (a !== undefined && a !== b) podsByNode = btreeDelete(podsByNode, `${a}\0${podKey(before!)}`);
  if (b !== undefined) podsByNode = btreeSet(podsByNode, `${b}\0${podKey(after!)}`, storageKey);
  return { ...state, api: { ...state.api, podNodeRevision }, indexes: { ...state.indexes, podNodeLog, podsByNode } };
}

/** The store events at or after `fromRevision` that touched a pod on `node`, oldest first (at most `limit`, 0 = all). */
export function podEventsOnNode(state: State, node: string, fromRevision: number, limit = 0): StoreEvent<KObject>[] {
  const out: StoreEvent<KObject>[] = [];
  for (const [, rev] of btreeRange(state.indexes.podNodeLog, logEntry(node, fromRevision), `${node}\x01`)) {
    const ev = btreeGet(state.store.log, revKey(rev));
    if (ev) out.push(ev);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/** The storage keys of the pods bound to `node` now, in namespace/name order. */
export function podKeysOnNode(state: State, node: string): string[] {
  const out: string[] = [];
  for (const [, key] of btreeRange(state.indexes.podsByNode, `${node}\0`, `${node}\x01`)) out.push(key);
  return out;
}

/** The state with the log entries below `rev` dropped, as etcd's compaction drops the events they point at. */
export function compactPodNodeLog(state: State, rev: number): State {
  let podNodeLog = state.indexes.podNodeLog;
  // Each node's entries below the cut, from the start of its range: only what goes is visited.
  for (const [node] of btreeRange(state.api.podNodeRevision)) {
    for (const [k] of btreeRange(state.indexes.podNodeLog, `${node}\0`, logEntry(node, rev))) podNodeLog = btreeDelete(podNodeLog, k);
  }
  return podNodeLog === state.indexes.podNodeLog ? state : { ...state, indexes: { ...state.indexes, podNodeLog } };
}

/** The bucket of the pods resource: the pod writes the index follows (write.ts records those of kind Pod). */
const PODS_BUCKET = "/registry/pods/";

/**
 * The derived parts computed from the store alone: the log entries from the pod events the store's log still
 * holds (so, after a compaction, only the retained ones, as compactPodNodeLog keeps), the pods by node from the
 * stored pods. What `State.indexes` must equal after every step.
 */
export function rebuildPodNodeIndexes(store: StoreState<KObject>): PodNodeIndexes {
  let podNodeLog: BTree<number> = btreeEmpty();
  for (const [, ev] of btreeRange(store.log)) {
    if (bucketOf(ev.kv.key) !== PODS_BUCKET) continue;
    // A DELETE event's kv carries the deleted object; the write itself left no pod behind.
    for (const n of touchedNodes(ev.prevKv?.value, ev.type === "PUT" ? ev.kv.value : undefined)) podNodeLog = btreeSet(podNodeLog, logEntry(n, ev.revision), ev.revision);
  }
  let podsByNode: BTree<string> = btreeEmpty();
  for (const [key, kv] of btreeRange(store.kvs, PODS_BUCKET)) {
    if (!key.startsWith(PODS_BUCKET)) break;
    const n = podNodeOf(kv.value);
    if (n !== undefined) podsByNode = btreeSet(podsByNode, `${n}\0${podKey(kv.value)}`, key);
  }
  return { podNodeLog, podsByNode };
}

/** The node a field selector names when it is exactly `spec.nodeName=<node>` (the kubelet's), else undefined. */
export function nodeOfFieldSelector(fieldSelector: string | undefined): string | undefined {
  if (!fieldSelector) return undefined;
  const m = /^spec\.nodeName=([^,=!]+)$/.exec(fieldSelector);
  return m ? m[1] : undefined;
}
