/**
 * Informer caches (client-go tools/cache: Reflector + Indexer + shared informer handlers). A cache moves forward
 * only when its informer.sync action runs: it lists once (and again after a 410 Gone or a restart), then
 * applies watch events in order. Handlers see every event, and the component's work queue gets their keys.
 */
import type { ComponentState, InformerState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeFrom, btreeGet, btreeRange, btreeSet, btreeValues, type BTree } from "../collections/btree.ts";
import { list, type ListObject } from "../apiserver/read.ts";
import { watch, type WatchEvent } from "../apiserver/watch.ts";
import { resolveResource } from "../apiserver/lookup.ts";
import { storageKey, storagePrefix, type ResourceInfo } from "../apiserver/resources.ts";
import { isStatus } from "../apiserver/status.ts";
import { nodeOfFieldSelector } from "../apiserver/pod-node-index.ts";
import { nameOfFieldSelector } from "../apiserver/field-selector-name.ts";
import { bucketOf, storeGet, storeLastRevisionIn } from "../store/store.ts";
import { queueAddAll } from "./workqueue.ts";
import type { ComponentBehavior, WatchSpec } from "../components/behavior.ts";
import { buildIndices, indexKeys, updateIndices, type IndexedInformerState, type Indexers } from "./indexer.ts";
import { memoByObject, memoByString } from "../collections/memo.ts";

/** A new, empty informer for a watch spec. */
export function newInformer(w: WatchSpec): InformerState {
  return {
    resource: w.resource,
    ...(w.namespace ? { namespace: w.namespace } : {}),
    ...(w.fieldSelector ? { fieldSelector: w.fieldSelector } : {}),
    revision: 0,
    synced: false,
    expired: false,
    cache: btreeEmpty(),
  };
}

/** What a field selector lets the pending check look at instead of the whole resource. */
type Trigger = { readonly kind: "node"; readonly value: string } | { readonly kind: "name"; readonly value: string } | { readonly kind: "none" };

const NO_TRIGGER: Trigger = { kind: "none" };

/**
 * The trigger a field selector allows, parsed once per selector string (settle asks every informer of every
 * component, every round; the selector strings are the informers' own, so the map lookup hashes nothing new).
 * The selectors the API server serves from an index (pod-node-index.ts, field-selector-name.ts).
 */
const triggerOf = memoByString((fieldSelector): Trigger => {
  const node = nodeOfFieldSelector(fieldSelector);
  const name = nameOfFieldSelector(fieldSelector);
  return node !== undefined ? { kind: "node", value: node } : name !== undefined ? { kind: "name", value: name } : NO_TRIGGER;
});

/** Storage buckets by resource, computed once (a ResourceInfo is a stable object). */
const bucketOfResource = memoByObject((info: ResourceInfo) => bucketOf(storagePrefix(info)));

/** The storage key a name trigger watches: by trigger (one per selector string), resource and namespace. */
const storageKeys = memoByObject((trigger: Trigger & { kind: "name" }) =>
  memoByObject((info: ResourceInfo) => memoByString((namespace) => storageKey(info, namespace === "" ? undefined : namespace, trigger.value))),
);
const storageKeyOf = (trigger: Trigger & { kind: "name" }, info: ResourceInfo, namespace: string | undefined): string => storageKeys(trigger)(info)(namespace ?? "");

/**
 * Whether the informer has something to do: a list to make, or watch events it has not seen. Selective watches
 * are woken only by writes that can concern them, as the API server's watch cache triggers them (an indexed
 * trigger for pods by spec.nodeName; for a single object by name, only writes to that key): without this, every
 * node heartbeat would wake every kubelet's node watch, O(nodes²) informer syncs per heartbeat period.
 */
export function informerPending(state: State, inf: InformerState): boolean {
  const info = resolveResource(state, inf.resource);
  // A resource the API server does not serve (a CRD not yet created, or deleted): the reflector's list or watch
  // fails and it backs off; nothing it could take until the resource is served again (which wakes everyone).
  if (!info) return false;
  if (!inf.synced || inf.expired) return true;
  const trigger = inf.fieldSelector !== undefined ? triggerOf(inf.fieldSelector) : NO_TRIGGER;
  // A kubelet's pod watch is woken only by writes to pods on its node (the watch cache's indexed trigger).
  if (trigger.kind === "node" && inf.resource === "pods") return (btreeGet(state.api.podNodeRevision, trigger.value) ?? 0) > inf.revision;
  if (trigger.kind === "name" && (!info.namespaced || inf.namespace)) {
    // One key can match: pending when it was written after the cache's revision, or when it is gone from the
    // store but still cached (a delete to deliver). A create-and-delete both after the cache's revision is not
    // seen, as a watch started later would not see it.
    const kv = storeGet(state.store, storageKeyOf(trigger, info, inf.namespace));
    if (kv) return kv.modRevision > inf.revision;
    return btreeGet(inf.cache, inf.namespace ? `${inf.namespace}/${trigger.value}` : trigger.value) !== undefined;
  }
  return storeLastRevisionIn(state.store, bucketOfResource(info)) > inf.revision;
}

/** Number of store revisions the informer is behind (0 when up to date). */
export function informerLag(state: State, inf: InformerState): number {
  return Math.max(0, state.store.revision - inf.revision);
}

/** Cached object by namespace/name key. */
export function cacheGet(c: ComponentState, resource: string, key: string): KObject | undefined {
  const inf = c.informers[resource];
  return inf ? btreeGet(inf.cache, key) : undefined;
}

/** Every cached object of a resource, in key order (optionally one namespace). */
export function cacheList(c: ComponentState, resource: string, namespace?: string): KObject[] {
  const inf = c.informers[resource];
  if (!inf) return [];
  if (namespace === undefined) return btreeValues(inf.cache);
  const out: KObject[] = [];
  for (const [, o] of btreeRange(inf.cache, `${namespace}/`, `${namespace}0`)) out.push(o);
  return out;
}

/**
 * The cached objects whose index `indexName` (declared in the component's `indexers` for `resource`) holds
 * `value`, in key order: client-go's Indexer.ByIndex. O(log n + k). An informer that has not listed yet has an
 * empty index; asking for an index the component never declared is a programming error and throws, as ByIndex
 * returns "Index with name ... does not exist".
 */
export function cacheByIndex(c: ComponentState, resource: string, indexName: string, value: string): KObject[] {
  const inf = c.informers[resource] as IndexedInformerState | undefined;
  if (!inf) return [];
  const index = inf.indices?.[indexName];
  if (!index) {
    if (inf.cache.size === 0) return [];
    throw new Error(`informer ${c.id}/${resource}: index with name ${indexName} does not exist`);
  }
  const out: KObject[] = [];
  for (const key of indexKeys(index, value)) {
    const o = btreeGet(inf.cache, key);
    if (o !== undefined) out.push(o);
  }
  return out;
}

/** The indexers a behaviour declares for one resource (none: the informer keeps no indexes). */
function indexersOf(behavior: ComponentBehavior, resource: string): Indexers | undefined {
  const ix = behavior.indexers?.[resource];
  return ix && Object.keys(ix).length > 0 ? ix : undefined;
}

/**
 * Runs one informer step for `resource` of component c: a list when it has none (or after 410), otherwise the
 * pending watch events (at most `limit`, 0 = all). Returns the new component state.
 */
export function syncInformer(
  state: State,
  c: ComponentState,
  resource: string,
  behavior: ComponentBehavior,
  limit = 0,
): ComponentState {
  const inf = c.informers[resource];
  if (!inf) return c;
  const opts = {
    ...(inf.namespace ? { namespace: inf.namespace } : {}),
    ...(inf.fieldSelector ? { fieldSelector: inf.fieldSelector } : {}),
  };
  if (!inf.synced || inf.expired) return relist(state, c, inf, behavior, opts);
  const w = watch(state, resource, inf.revision, { ...opts, limit });
  if (!w.ok) {
    // 410 Gone: the reflector drops the watch and relists on its next run.
    return w.status.code === 410 ? { ...c, informers: { ...c.informers, [resource]: { ...inf, expired: true } } } : c;
  }
  const indexers = indexersOf(behavior, resource);
  let cache = inf.cache;
  let indices = (inf as IndexedInformerState).indices ?? {};
  const keys: string[] = [];
  for (const ev of w.events) {
    const k = metaNamespaceKey(ev.object);
    // The index moves with the cache (thread_safe_store's updateIndices runs under the same lock as the write):
    // an index read between the two would name objects the cache no longer holds, or miss ones it does.
    if (indexers) indices = updateIndices(indices, indexers, k, btreeGet(cache, k), ev.type === "DELETED" ? undefined : ev.object);
    cache = ev.type === "DELETED" ? btreeDelete(cache, k) : btreeSet(cache, k, ev.object);
    keys.push(...behavior.keysFor(resource, ev, c));
  }
  const next: IndexedInformerState = { ...inf, cache, revision: w.revision, ...(indexers ? { indices } : {}) };
  return {
    ...c,
    informers: { ...c.informers, [resource]: next },
    queue: queueAddAll(c.queue, keys),
  };
}

/** List and replace the cache (DeltaFIFO.Replace): handlers see ADDED/MODIFIED for listed objects, DELETED for vanished ones. */
function relist(
  state: State,
  c: ComponentState,
  inf: InformerState,
  behavior: ComponentBehavior,
  opts: { namespace?: string; fieldSelector?: string },
): ComponentState {
  const r = list(state, inf.resource, opts.namespace, undefined, opts.fieldSelector);
  if (isStatus(r.result)) return c;
  const items = (r.result as ListObject).items;
  const cache: BTree<KObject> = btreeFrom(items.map((o) => [metaNamespaceKey(o), o] as const));
  const keys: string[] = [];
  for (const o of items) {
    const old = btreeGet(inf.cache, metaNamespaceKey(o));
    const ev: WatchEvent = old ? { type: "MODIFIED", object: o, oldObject: old } : { type: "ADDED", object: o };
    keys.push(...behavior.keysFor(inf.resource, ev, c));
  }
  for (const [k, o] of btreeRange(inf.cache)) {
    if (btreeGet(cache, k) === undefined) keys.push(...behavior.keysFor(inf.resource, { type: "DELETED", object: o, oldObject: o }, c));
  }
  // Replace rebuilds the indexes from the new items (threadSafeMap.Replace), so nothing of the old list lingers.
  const indexers = indexersOf(behavior, inf.resource);
  const next: IndexedInformerState = {
    ...inf,
    cache,
    revision: Number((r.result as ListObject).metadata.resourceVersion),
    synced: true,
    expired: false,
    ...(indexers ? { indices: buildIndices(indexers, btreeRange(cache)) } : {}),
  };
  return {
    ...c,
    informers: { ...c.informers, [inf.resource]: next },
    queue: queueAddAll(c.queue, keys),
  };
}

/** Resync (sharedIndexInformer's resync): every cached object goes to the handlers again as an update. */
export function resyncInformer(c: ComponentState, resource: string, behavior: ComponentBehavior): ComponentState {
  const inf = c.informers[resource];
  if (!inf || !inf.synced) return c;
  const keys: string[] = [];
  for (const [, o] of btreeRange(inf.cache)) keys.push(...behavior.keysFor(resource, { type: "MODIFIED", object: o, oldObject: o }, c));
  return keys.length ? { ...c, queue: queueAddAll(c.queue, keys) } : c;
}
