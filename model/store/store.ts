/**
 * The etcd model: a multi-version key-value store with one global revision.
 *
 * Follows etcd's documented MVCC semantics (etcd server/mvcc/kvstore.go, api/mvccpb/kv.proto):
 * - the store starts at revision 1; every successful put or delete increments the global revision by one;
 * - each key carries create_revision (revision of its creation), mod_revision (of its last write) and version
 *   (writes since creation, reset by delete);
 * - a put or delete may carry a mod_revision precondition (the compare of a Txn, as Kubernetes' GuaranteedUpdate
 *   uses): when it does not hold, nothing changes and the caller sees the current key-value;
 * - every write appends an event to the watch log; a watch from revision r replays the events with
 *   revision >= r; after compaction at revision c, a watch or a read from a revision < c fails with
 *   ErrCompacted ("mvcc: required revision has been compacted").
 *
 * Reads are served at the current revision; a read at an older, not yet compacted revision is answered from the
 * current data (the model keeps no per-key history besides the event log), which is what Kubernetes' API server
 * does for resourceVersion="" and "0" lists. Pure: every function returns a new store.
 */
import { btreeDelete, btreeEmpty, btreeGet, btreeRange, btreeSet, prefixEnd, type BTree } from "../collections/btree.ts";
import { bucketOf, revKey } from "./keys.ts";
import { indexEvent, storeIndexesEmpty, unindexEvent, type StoreIndexes } from "./log-indexes.ts";

export { bucketOf, revKey } from "./keys.ts";
export { rebuildStoreIndexes, type StoreIndexes } from "./log-indexes.ts";

/** A stored key-value, as etcd's mvccpb.KeyValue. */
export interface KeyValue<V = unknown> {
  readonly key: string;
  readonly value: V;
  readonly createRevision: number;
  readonly modRevision: number;
  readonly version: number;
}

/** A watch event, as etcd's mvccpb.Event. */
export interface StoreEvent<V = unknown> {
  readonly type: "PUT" | "DELETE";
  /** For PUT the new key-value; for DELETE the key with modRevision = the delete's revision. */
  readonly kv: KeyValue<V>;
  /** The key-value before this event (etcd's prev_kv), absent on creation. */
  readonly prevKv?: KeyValue<V>;
  readonly revision: number;
}

export interface StoreState<V = unknown> {
  /** The current global revision. */
  readonly revision: number;
  /** Revisions below this one have been compacted away. */
  readonly compactRevision: number;
  readonly kvs: BTree<KeyValue<V>>;
  /** The watch log, keyed by zero-padded revision. */
  readonly log: BTree<StoreEvent<V>>;
  /**
   * The revision of the newest write per bucket (a handful of resources, so a small record). Not an index of the
   * log: once compaction drops a bucket's newest write the log no longer knows it, and an informer's wake-up
   * compares it with the informer's revision, so it is part of the store's identity.
   */
  readonly bucketRevision: Readonly<Record<string, number>>;
  /**
   * Derived indexes of `log` (the events by bucket and by key, log-indexes.ts): rebuildable from the log alone
   * (rebuildStoreIndexes), never part of a state's identity — the fingerprint drops this field whole.
   */
  readonly indexes: StoreIndexes<V>;
  /**
   * The bytes the live keys take, as etcd's quota charges them (kvOverhead + key + value, quota.ts costPut): the
   * size of a compacted, defragmented backend. A function of kvs; the space quota (space-quota.ts) reads it.
   */
  readonly sizeBytes: number;
}

/** The error etcd gives for a read or watch below the compaction point. */
export const ERR_COMPACTED = "mvcc: required revision has been compacted";
/** The error etcd gives for a read at a revision it has not reached. */
export const ERR_FUTURE_REV = "mvcc: required revision is a future revision";

/** etcd's estimate of a key's metadata (server/etcdserver/quota.go kvOverhead). */
export const KV_OVERHEAD_BYTES = 256;

/** What etcd's quota charges a put of value at key (quota.go costPut: kvOverhead + len(key) + len(value)); JSON stands for the value's encoding. */
export const kvCost = (key: string, value: unknown): number => KV_OVERHEAD_BYTES + key.length + (JSON.stringify(value)?.length ?? 0);

/** An empty store at revision 1, as a fresh etcd. */
export function storeEmpty<V>(): StoreState<V> {
  return {
    revision: 1,
    compactRevision: 0,
    kvs: btreeEmpty(),
    log: btreeEmpty(),
    bucketRevision: {},
    indexes: storeIndexesEmpty(),
    sizeBytes: 0,
  };
}

/** The key-value at key, or undefined. */
export function storeGet<V>(s: StoreState<V>, key: string): KeyValue<V> | undefined {
  return btreeGet(s.kvs, key);
}

export type RangeResult<V> = { ok: true; kvs: KeyValue<V>[]; revision: number } | { ok: false; error: string };

/**
 * Key-values with key <= k < rangeEnd, sorted by key (etcd Range). `atRevision` (0 = current) fails with
 * ErrCompacted below the compaction point and ErrFutureRev above the current revision. `limit` 0 = no limit.
 */
export function storeRange<V>(
  s: StoreState<V>,
  key: string,
  rangeEnd: string | undefined,
  opts: { atRevision?: number; limit?: number } = {},
): RangeResult<V> {
  const at = opts.atRevision ?? 0;
  if (at > 0 && at < s.compactRevision) return { ok: false, error: ERR_COMPACTED };
  if (at > s.revision) return { ok: false, error: ERR_FUTURE_REV };
  const out: KeyValue<V>[] = [];
  const limit = opts.limit ?? 0;
  for (const [, kv] of btreeRange(s.kvs, key, rangeEnd)) {
    out.push(kv);
    if (limit > 0 && out.length >= limit) break;
  }
  return { ok: true, kvs: out, revision: s.revision };
}

/** Key-values under a prefix (etcd's WithPrefix). */
export function storeRangePrefix<V>(s: StoreState<V>, prefix: string, opts: { atRevision?: number; limit?: number } = {}) {
  return storeRange(s, prefix, prefixEnd(prefix), opts);
}

/** A write's outcome: the new store and key-value, or a failed precondition with the current key-value. */
export type WriteResult<V> =
  | { ok: true; store: StoreState<V>; kv: KeyValue<V>; prevKv?: KeyValue<V> }
  | { ok: false; store: StoreState<V>; current?: KeyValue<V> };

function appendEvent<V>(s: StoreState<V>, kvs: BTree<KeyValue<V>>, ev: StoreEvent<V>): StoreState<V> {
  const added = ev.type === "PUT" ? kvCost(ev.kv.key, ev.kv.value) : 0;
  const removed = ev.prevKv ? kvCost(ev.prevKv.key, ev.prevKv.value) : 0;
  return {
    revision: ev.revision,
    compactRevision: s.compactRevision,
    kvs,
    log: btreeSet(s.log, revKey(ev.revision), ev),
    bucketRevision: { ...s.bucketRevision, [bucketOf(ev.kv.key)]: ev.revision },
    indexes: indexEvent(s.indexes, ev),
    sizeBytes: s.sizeBytes + added - removed,
  };
}

/**
 * Put value at key. `ifModRevision`: the write happens only if the key's current mod_revision equals it
 * (0 = the key must not exist), as in a Txn `If(ModRevision(key) == r).Then(Put)`.
 */
export function storePut<V>(s: StoreState<V>, key: string, value: V, opts: { ifModRevision?: number } = {}): WriteResult<V> {
  const prev = btreeGet(s.kvs, key);
  if (opts.ifModRevision !== undefined && (prev?.modRevision ?? 0) !== opts.ifModRevision) {
    return { ok: false, store: s, current: prev };
  }
  const rev = s.revision + 1;
  const kv: KeyValue<V> = {
    key,
    value,
    createRevision: prev ? prev.createRevision : rev,
    modRevision: rev,
    version: prev ? prev.version + 1 : 1,
  };
  const ev: StoreEvent<V> = prev ? { type: "PUT", kv, prevKv: prev, revision: rev } : { type: "PUT", kv, revision: rev };
  const store = appendEvent(s, btreeSet(s.kvs, key, kv), ev);
  return prev ? { ok: true, store, kv, prevKv: prev } : { ok: true, store, kv };
}

/**
 * Delete key. With `ifModRevision` the delete happens only if the key's mod_revision equals it. Deleting a
 * missing key succeeds without a new revision only when no precondition was given (etcd: deleted = 0).
 */
export function storeDelete<V>(s: StoreState<V>, key: string, opts: { ifModRevision?: number } = {}): WriteResult<V> {
  const prev = btreeGet(s.kvs, key);
  if (opts.ifModRevision !== undefined && (prev?.modRevision ?? 0) !== opts.ifModRevision) {
    return { ok: false, store: s, current: prev };
  }
  if (!prev) return { ok: false, store: s };
  const rev = s.revision + 1;
  const kv: KeyValue<V> = { key, value: prev.value, createRevision: 0, modRevision: rev, version: 0 };
  const store = appendEvent(s, btreeDelete(s.kvs, key), { type: "DELETE", kv, prevKv: prev, revision: rev });
  return { ok: true, store, kv, prevKv: prev };
}

export type WatchResult<V> = { ok: true; events: StoreEvent<V>[] } | { ok: false; error: string };

/**
 * Events with revision >= fromRevision on keys under `prefix`, oldest first, at most `limit` (0 = all).
 * Fails with ErrCompacted when fromRevision is below the compaction point, as an etcd watch does.
 */
export function storeWatch<V>(s: StoreState<V>, prefix: string, fromRevision: number, limit = 0): WatchResult<V> {
  if (fromRevision < s.compactRevision) return { ok: false, error: ERR_COMPACTED };
  const events: StoreEvent<V>[] = [];
  const bucket = bucketOf(prefix);
  // Only a prefix that names a whole bucket (two full path segments) can be served from that bucket's log.
  const useBucket = bucket.endsWith("/") && bucket.split("/").length === 4;
  const iter = useBucket
    ? btreeRange(s.indexes.logByBucket, bucket + "\0" + revKey(fromRevision), bucket + "\x01")
    : btreeRange(s.log, revKey(fromRevision));
  for (const [, ev] of iter) {
    if (!ev.kv.key.startsWith(prefix)) continue;
    events.push(ev);
    if (limit > 0 && events.length >= limit) break;
  }
  return { ok: true, events };
}

/**
 * Events with revision >= fromRevision on exactly `key`, oldest first, at most `limit` (0 = all); ErrCompacted
 * below the compaction point, as storeWatch.
 */
export function storeWatchKey<V>(s: StoreState<V>, key: string, fromRevision: number, limit = 0): WatchResult<V> {
  if (fromRevision < s.compactRevision) return { ok: false, error: ERR_COMPACTED };
  const events: StoreEvent<V>[] = [];
  for (const [, ev] of btreeRange(s.indexes.logByKey, key + "\0" + revKey(fromRevision), key + "\x01")) {
    events.push(ev);
    if (limit > 0 && events.length >= limit) break;
  }
  return { ok: true, events };
}

/** The revision of the newest write under a watch bucket (0 if none). O(1): watchers poll it to know if they lag. */
export function storeLastRevisionIn<V>(s: StoreState<V>, bucket: string): number {
  return s.bucketRevision[bucket] ?? 0;
}

/**
 * Compact at revision rev (etcd Compact): drop log events below rev; later watches and reads from a revision
 * below rev fail with ErrCompacted. Compacting at or below the current compaction point changes nothing; above
 * the current revision is an error (ErrFutureRev) and changes nothing.
 */
export function storeCompact<V>(s: StoreState<V>, rev: number): { ok: boolean; store: StoreState<V>; error?: string } {
  if (rev > s.revision) return { ok: false, store: s, error: ERR_FUTURE_REV };
  if (rev <= s.compactRevision) return { ok: false, store: s, error: ERR_COMPACTED };
  let log = s.log;
  let indexes = s.indexes;
  for (const [k, ev] of btreeRange(s.log, "", revKey(rev))) {
    log = btreeDelete(log, k);
    indexes = unindexEvent(indexes, ev);
  }
  return { ok: true, store: { ...s, compactRevision: rev, log, indexes } };
}
