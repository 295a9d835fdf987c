/**
 * The store's derived indexes of its watch log: the same events keyed by bucket and by key, so that a watch on
 * one resource, or on one object, reads only its own events instead of the whole log. The API server gets the
 * same effect from one watch cache per resource (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go,
 * watch_cache.go), which the model does not keep apart from etcd.
 *
 * Derived: both are a function of the log alone (rebuildStoreIndexes), moved by every append and compaction in
 * store.ts. So they are never part of a state's identity: the fingerprint drops `StoreState.indexes` whole.
 */
import { btreeDelete, btreeEmpty, btreeRange, btreeSet, type BTree } from "../collections/btree.ts";
import type { StoreEvent } from "./store.ts";
import { bucketOf, revKey } from "./keys.ts";

export interface StoreIndexes<V> {
  /** The log's events keyed by `bucket \0 revision`, so a watch on one resource reads only its own events. */
  readonly logByBucket: BTree<StoreEvent<V>>;
  /**
   * The log's events keyed by `key \0 revision`, so a watch on one key (an informer with metadata.name=..., such
   * as a kubelet's watch of its own Node) reads only that key's events, not its whole resource's.
   */
  readonly logByKey: BTree<StoreEvent<V>>;
}

export function storeIndexesEmpty<V>(): StoreIndexes<V> {
  return { logByBucket: btreeEmpty(), logByKey: btreeEmpty() };
}

const bucketEntry = (ev: StoreEvent<unknown>): string => `${bucketOf(ev.kv.key)}\0${revKey(ev.revision)}`;
const keyEntry = (ev: StoreEvent<unknown>): string => `${ev.kv.key}\0${revKey(ev.revision)}`;

/** The indexes with an event appended to the log. */
export function indexEvent<V>(ix: StoreIndexes<V>, ev: StoreEvent<V>): StoreIndexes<V> {
  return { logByBucket: btreeSet(ix.logByBucket, bucketEntry(ev), ev), logByKey: btreeSet(ix.logByKey, keyEntry(ev), ev) };
}

/** The indexes with an event compacted out of the log. */
export function unindexEvent<V>(ix: StoreIndexes<V>, ev: StoreEvent<V>): StoreIndexes<V> {
  return { logByBucket: btreeDelete(ix.logByBucket, bucketEntry(ev)), logByKey: btreeDelete(ix.logByKey, keyEntry(ev)) };
}

/** The indexes computed from the log alone (as it is after any compaction): what `StoreState.indexes` must equal. */
export function rebuildStoreIndexes<V>(log: BTree<StoreEvent<V>>): StoreIndexes<V> {
  let ix = storeIndexesEmpty<V>();
  for (const [, ev] of btreeRange(log)) ix = indexEvent(ix, ev);
  return ix;
}
