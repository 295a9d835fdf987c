/**
 * The endpoints controller's local memory: its staleEndpointsTracker (pkg/controller/endpoint/
 * endpoints_tracker.go). After the controller updates an Endpoints object, its cache still holds the old version
 * for a while; a sync from that stale copy would compute from old data and send an update the API server refuses
 * with a conflict (or, with a no-op webhook, silently keep stale data: kubernetes#126578, #127370). The tracker
 * remembers the resourceVersion it replaced, and a sync that finds that version in the cache is retried later.
 */
import type { KObject } from "../../objects/types.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeSet, type BTree } from "../../collections/btree.ts";

export interface EndpointsControllerMemory {
  /** Endpoints key → the resourceVersion the controller has already replaced. */
  readonly stale: BTree<string>;
}

export const initialEndpointsControllerMemory = (): EndpointsControllerMemory => ({ stale: btreeEmpty() });

/** Stale: remember that `replaced` (as the cache had it) is out of date. */
export function markStale(m: EndpointsControllerMemory, replaced: KObject): EndpointsControllerMemory {
  return { stale: btreeSet(m.stale, metaNamespaceKey(replaced), replaced.metadata.resourceVersion ?? "") };
}

/** IsStale: the cached Endpoints is a version the controller already replaced. */
export function isStale(m: EndpointsControllerMemory, cached: KObject): boolean {
  return btreeGet(m.stale, metaNamespaceKey(cached)) === cached.metadata.resourceVersion;
}

/** Delete: the Service is gone; forget its Endpoints. */
export function forgetStale(m: EndpointsControllerMemory, key: string): EndpointsControllerMemory {
  const stale = btreeDelete(m.stale, key);
  return stale === m.stale ? m : { stale };
}
