/**
 * Informer indexes, as client-go's cache.Indexer (staging/src/k8s.io/client-go/tools/cache/index.go and
 * thread_safe_store.go: Indexers, IndexFunc, storeIndex.updateIndices, ByIndex). A component declares named
 * index functions per resource (`ComponentBehavior.indexers`); the informer keeps, per index, a persistent
 * B-tree whose keys are `indexValue \0 ns/name`, updated with every event that changes the cache. Asking for the
 * objects with one index value is then a range read, O(log n + k), instead of a scan of the whole cache.
 *
 * Why a B-tree of composite keys rather than client-go's map of sets: the index is part of the state, which is
 * immutable JSON data; an update copies one root-to-leaf path and shares the rest with the previous state, as the
 * cache itself does. Keys are sorted, so ByIndex answers in ns/name order: deterministic, unlike Go's sets.
 */
import type { InformerState } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeRange, btreeSet, type BTree } from "../collections/btree.ts";

/** IndexFunc: the index values of an object (none: the object is not in this index). */
export type IndexFunc = (obj: KObject) => readonly string[];

/** Indexers: index functions by index name (cache.Indexers). */
export type Indexers = Readonly<Record<string, IndexFunc>>;

/**
 * One index: `indexValue \0 ns/name` → `ns/name`. Values are the cache keys, so an update of an object whose
 * index values did not change leaves the index untouched (same tree, nothing copied).
 */
export type Index = BTree<string>;

/** The indexes of one informer, by index name (cache.Indices). */
export type Indices = Readonly<Record<string, Index>>;

/**
 * An informer with its indexes. The field is optional so that informers of components that declare no indexers
 * (and states built before indexes existed) stay as they are.
 */
export interface IndexedInformerState extends InformerState {
  readonly indices?: Indices;
}

/** Separates the index value from the object key: below every character an index value or a key may hold. */
const SEP = "\0";

/** The B-tree key of one (index value, object key) entry. */
export const indexEntryKey = (value: string, objectKey: string): string => `${value}${SEP}${objectKey}`;

/**
 * The distinct values an index function gives for an object, in first-seen order (client-go dedups them with
 * a set: an object is in an index value's set once however often the function names that value).
 */
function valuesOf(f: IndexFunc, obj: KObject | undefined): readonly string[] {
  if (obj === undefined) return [];
  const vs = f(obj);
  if (vs.length <= 1) return vs;
  return [...new Set(vs)];
}

/**
 * storeIndex.updateIndices for one object: drops the entries of its old values that are gone and adds those of
 * its new values (old undefined: an add; new undefined: a delete). Returns `indices` itself when nothing
 * changed, so an unchanged index keeps sharing every node with the previous state.
 */
export function updateIndices(indices: Indices, indexers: Indexers, objectKey: string, oldObj: KObject | undefined, newObj: KObject | undefined): Indices {
  let out: Record<string, Index> | undefined;
  for (const name of Object.keys(indexers)) {
    const f = indexers[name]!;
    const before = valuesOf(f, oldObj);
    const after = valuesOf(f, newObj);
    // The common case (a status update): same single value before and after, nothing to do.
    if (before.length === after.length && before.every((v, i) => v === after[i])) continue;
    let idx = indices[name] ?? btreeEmpty<string>();
    for (const v of before) if (!after.includes(v)) idx = btreeDelete(idx, indexEntryKey(v, objectKey));
    for (const v of after) if (!before.includes(v)) idx = btreeSet(idx, indexEntryKey(v, objectKey), objectKey);
    if (idx !== indices[name]) (out ??= { ...indices })[name] = idx;
  }
  return out ?? indices;
}

/** The indexes of a freshly listed cache (the Replace of a relist rebuilds them, as client-go's does). */
export function buildIndices(indexers: Indexers, entries: Iterable<readonly [string, KObject]>): Indices {
  const names = Object.keys(indexers);
  const out: Record<string, Index> = {};
  for (const name of names) out[name] = btreeEmpty<string>();
  for (const [key, obj] of entries) {
    for (const name of names) {
      for (const v of valuesOf(indexers[name]!, obj)) out[name] = btreeSet(out[name]!, indexEntryKey(v, key), key);
    }
  }
  return out;
}

/** The object keys an index holds for one value, in key order (IndexKeys). */
export function indexKeys(index: Index, value: string): string[] {
  const out: string[] = [];
  for (const [, key] of btreeRange(index, value + SEP, value + "\x01")) out.push(key);
  return out;
}

/** The number of (value, object) entries of an index: every object once per value it has. */
export const indexSize = (index: Index): number => index.size;
