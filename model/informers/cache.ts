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
import { storagePrefix } from "../apiserver/resources.ts";
import { isStatus } from "../apiserver/status.ts";
import { bucketOf, storeLastRevisionIn } from "../store/store.ts";
import { queueAddAll } from "./workqueue.ts";
import type { ComponentBehavior, WatchSpec } from "../components/behavior.ts";

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

/** Whether the informer has something to do: a list to make, or watch events it has not seen. */
export function informerPending(state: State, inf: InformerState): boolean {
  if (!inf.synced || inf.expired) return true;
  // A kubelet's pod watch is woken only by writes to pods on its node (the watch cache's indexed trigger).
  if (inf.resource === "pods" && inf.fieldSelector !== undefined) {
    const m = /^spec\.nodeName=([^,]+)$/.exec(inf.fieldSelector);
    if (m) return (btreeGet(state.api.podNodeRevision, m[1]!) ?? 0) > inf.revision;
  }
  const info = resolveResource(state, inf.resource);
  if (!info) return false;
  return storeLastRevisionIn(state.store, bucketOf(storagePrefix(info))) > inf.revision;
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
  let cache = inf.cache;
  const keys: string[] = [];
  for (const ev of w.events) {
    const k = metaNamespaceKey(ev.object);
    cache = ev.type === "DELETED" ? btreeDelete(cache, k) : btreeSet(cache, k, ev.object);
    keys.push(...behavior.keysFor(resource, ev, c));
  }
  return {
    ...c,
    informers: { ...c.informers, [resource]: { ...inf, cache, revision: w.revision } },
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
  return {
    ...c,
    informers: {
      ...c.informers,
      [inf.resource]: { ...inf, cache, revision: Number((r.result as ListObject).metadata.resourceVersion), synced: true, expired: false },
    },
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
