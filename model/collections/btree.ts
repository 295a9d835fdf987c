/**
 * A persistent (immutable, path-copying) B+tree from string keys to values, sorted by key.
 *
 * Why not a plain Record: immer copies the whole object it changes, so one flat Record of 10,000 pods
 * costs O(n) per update. Here an update copies one root-to-leaf path of nodes holding at most
 * {@link MAX} entries each, so it is O(log n), and every untouched node is shared with the previous
 * version (structural sharing). Nodes are plain arrays and objects, so a tree is JSON-serializable.
 *
 * Keys are compared as JavaScript strings (UTF-16 code units). The store uses ASCII keys, for which this
 * is the same order as etcd's byte order.
 */
export interface BTree<V> {
  readonly root: BNode<V> | null;
  readonly size: number;
}

/** A leaf holds sorted keys and their values; a branch holds children and the smallest key of each. */
export type BNode<V> = BLeaf<V> | BBranch<V>;
export interface BLeaf<V> {
  readonly k: readonly string[];
  readonly v: readonly V[];
}
export interface BBranch<V> {
  readonly k: readonly string[];
  readonly c: readonly BNode<V>[];
}

const MAX = 32;

const isBranch = <V>(n: BNode<V>): n is BBranch<V> => (n as BBranch<V>).c !== undefined;

const EMPTY: BTree<never> = Object.freeze({ root: null, size: 0 });

/** The empty tree. */
export function btreeEmpty<V>(): BTree<V> {
  return EMPTY as BTree<V>;
}

/** Index of the first key >= key in a sorted array. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** In a branch: the child whose range holds key (the last child whose first key is <= key, else 0). */
function childIndex(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : lo - 1;
}

/** The value at key, or undefined. */
export function btreeGet<V>(t: BTree<V>, key: string): V | undefined {
  let n = t.root;
  while (n !== null) {
    if (isBranch(n)) {
      n = n.c[childIndex(n.k, key)]!;
    } else {
      const i = lowerBound(n.k, key);
      return i < n.k.length && n.k[i] === key ? n.v[i] : undefined;
    }
  }
  return undefined;
}

/** Whether key is present. */
export function btreeHas<V>(t: BTree<V>, key: string): boolean {
  return btreeGet(t, key) !== undefined;
}

function splice<T>(arr: readonly T[], start: number, del: number, ...items: T[]): T[] {
  const out = arr.slice();
  out.splice(start, del, ...items);
  return out;
}

type SetResult<V> = { node: BNode<V>; split?: BNode<V>; added: boolean };

function setIn<V>(n: BNode<V>, key: string, value: V): SetResult<V> {
  if (!isBranch(n)) {
    const i = lowerBound(n.k, key);
    if (i < n.k.length && n.k[i] === key) {
      if (n.v[i] === value) return { node: n, added: false };
      return { node: { k: n.k, v: splice(n.v, i, 1, value) }, added: false };
    }
    const k = splice(n.k, i, 0, key);
    const v = splice(n.v, i, 0, value);
    if (k.length <= MAX) return { node: { k, v }, added: true };
    const h = k.length >>> 1;
    return { node: { k: k.slice(0, h), v: v.slice(0, h) }, split: { k: k.slice(h), v: v.slice(h) }, added: true };
  }
  const ci = childIndex(n.k, key);
  const r = setIn(n.c[ci]!, key, value);
  if (r.node === n.c[ci] && !r.split) return { node: n, added: r.added };
  let k: string[];
  let c: BNode<V>[];
  if (r.split) {
    k = splice(n.k, ci, 1, r.node.k[0]!, r.split.k[0]!);
    c = splice(n.c, ci, 1, r.node, r.split);
  } else {
    k = ci === 0 && key < n.k[0]! ? splice(n.k, 0, 1, key) : (n.k as string[]);
    c = splice(n.c, ci, 1, r.node);
  }
  if (c.length <= MAX) return { node: { k, c }, added: r.added };
  const h = c.length >>> 1;
  return { node: { k: k.slice(0, h), c: c.slice(0, h) }, split: { k: k.slice(h), c: c.slice(h) }, added: r.added };
}

/** A tree with key set to value; returns t itself when nothing changes. */
export function btreeSet<V>(t: BTree<V>, key: string, value: V): BTree<V> {
  if (t.root === null) return { root: { k: [key], v: [value] }, size: 1 };
  const r = setIn(t.root, key, value);
  if (r.node === t.root && !r.split) return t;
  const root: BNode<V> = r.split ? { k: [r.node.k[0]!, r.split.k[0]!], c: [r.node, r.split] } : r.node;
  return { root, size: t.size + (r.added ? 1 : 0) };
}

/** Removal result: the new node (null when it became empty), or the same node when key was absent. */
function deleteIn<V>(n: BNode<V>, key: string): BNode<V> | null {
  if (!isBranch(n)) {
    const i = lowerBound(n.k, key);
    if (i >= n.k.length || n.k[i] !== key) return n;
    if (n.k.length === 1) return null;
    return { k: splice(n.k, i, 1), v: splice(n.v, i, 1) };
  }
  const ci = childIndex(n.k, key);
  const child = n.c[ci]!;
  const r = deleteIn(child, key);
  if (r === child) return n;
  if (r === null) {
    if (n.c.length === 1) return null;
    return { k: splice(n.k, ci, 1), c: splice(n.c, ci, 1) };
  }
  // Merge a small child into its neighbour so that deletes do not leave the tree full of tiny nodes.
  const sibling = ci + 1 < n.c.length ? ci + 1 : ci - 1;
  if (sibling >= 0 && r.k.length + n.c[sibling]!.k.length <= MAX / 2) {
    const [a, b] = sibling > ci ? [r, n.c[sibling]!] : [n.c[sibling]!, r];
    const merged: BNode<V> = isBranch(a)
      ? { k: [...a.k, ...b.k], c: [...a.c, ...(b as BBranch<V>).c] }
      : { k: [...a.k, ...b.k], v: [...a.v, ...(b as BLeaf<V>).v] };
    const at = Math.min(ci, sibling);
    return { k: splice(n.k, at, 2, merged.k[0]!), c: splice(n.c, at, 2, merged) };
  }
  return { k: splice(n.k, ci, 1, r.k[0]!), c: splice(n.c, ci, 1, r) };
}

/** A tree without key; returns t itself when key was absent. */
export function btreeDelete<V>(t: BTree<V>, key: string): BTree<V> {
  if (t.root === null) return t;
  let root = deleteIn(t.root, key);
  if (root === t.root) return t;
  while (root !== null && isBranch(root) && root.c.length === 1) root = root.c[0]!;
  return { root, size: t.size - 1 };
}

/**
 * Entries with start <= key < end (end undefined = to the last key), in key order.
 * Costs O(log n + k) for k entries visited.
 */
export function* btreeRange<V>(t: BTree<V>, start = "", end?: string): Generator<[string, V]> {
  if (t.root === null) return;
  yield* rangeIn(t.root, start, end);
}

function* rangeIn<V>(n: BNode<V>, start: string, end: string | undefined): Generator<[string, V]> {
  if (!isBranch(n)) {
    for (let i = lowerBound(n.k, start); i < n.k.length; i++) {
      const k = n.k[i]!;
      if (end !== undefined && k >= end) return;
      yield [k, n.v[i]!];
    }
    return;
  }
  for (let i = childIndex(n.k, start); i < n.c.length; i++) {
    if (end !== undefined && n.k[i]! >= end && i > 0) return;
    yield* rangeIn(n.c[i]!, start, end);
  }
}

/** The exclusive end of the range of keys that start with prefix (etcd's GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

/** Entries whose key starts with prefix, in key order. */
export function btreePrefix<V>(t: BTree<V>, prefix: string): Generator<[string, V]> {
  return btreeRange(t, prefix, prefixEnd(prefix));
}

/** The first entry with key >= start, or undefined. */
export function btreeFirst<V>(t: BTree<V>, start = ""): [string, V] | undefined {
  for (const e of btreeRange(t, start)) return e;
  return undefined;
}

/** All values in key order. */
export function btreeValues<V>(t: BTree<V>): V[] {
  const out: V[] = [];
  for (const [, v] of btreeRange(t)) out.push(v);
  return out;
}

/** All keys in key order. */
export function btreeKeys<V>(t: BTree<V>): string[] {
  const out: string[] = [];
  for (const [k] of btreeRange(t)) out.push(k);
  return out;
}

/** A tree holding the given entries. */
export function btreeFrom<V>(entries: Iterable<readonly [string, V]>): BTree<V> {
  let t = btreeEmpty<V>();
  for (const [k, v] of entries) t = btreeSet(t, k, v);
  return t;
}

/** The value at key updated by f (f gets undefined when absent; returning undefined deletes). */
export function btreeUpdate<V>(t: BTree<V>, key: string, f: (old: V | undefined) => V | undefined): BTree<V> {
  const old = btreeGet(t, key);
  const nv = f(old);
  if (nv === undefined) return old === undefined ? t : btreeDelete(t, key);
  return btreeSet(t, key, nv);
}
