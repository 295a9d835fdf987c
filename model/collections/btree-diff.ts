/**
 * The keys two versions of a persistent B-tree disagree on, found by walking only the nodes they do not share.
 * Two versions made from one another by a few writes share every node off the written paths, so this costs
 * O(k log n) for k changed keys instead of O(n).
 */
import { btreeRange, type BBranch, type BLeaf, type BNode, type BTree } from "./btree.ts";

const isBranch = <V>(n: BNode<V>): n is BBranch<V> => (n as BBranch<V>).c !== undefined;

/** Keys present in one tree and not the other, or whose values differ (by identity), in no particular order. */
export function btreeChangedKeys<V>(a: BTree<V>, b: BTree<V>): string[] {
  const out: string[] = [];
  if (a.root === b.root) return out;
  if (a.root === null || b.root === null) {
    for (const [k] of btreeRange(a.root === null ? b : a)) out.push(k);
    return out;
  }
  diffNodes(a.root, b.root, out);
  return out;
}

function sameKeys(x: readonly string[], y: readonly string[]): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function diffNodes<V>(x: BNode<V>, y: BNode<V>, out: string[]): void {
  if (x === y) return;
  if (isBranch(x) && isBranch(y) && sameKeys(x.k, y.k)) {
    // Same partition of the key space: children pair up, and only unshared pairs are visited.
    for (let i = 0; i < x.c.length; i++) diffNodes(x.c[i]!, y.c[i]!, out);
    return;
  }
  if (!isBranch(x) && !isBranch(y)) {
    diffLeaves(x, y, out);
    return;
  }
  // The nodes split the keys differently (an insert split a node, a delete merged two): compare their entries.
  diffEntries(entriesOf(x), entriesOf(y), out);
}

function diffLeaves<V>(x: BLeaf<V>, y: BLeaf<V>, out: string[]): void {
  if (sameKeys(x.k, y.k)) {
    for (let i = 0; i < x.k.length; i++) if (x.v[i] !== y.v[i]) out.push(x.k[i]!);
    return;
  }
  diffEntries(
    x.k.map((k, i) => [k, x.v[i]!] as const),
    y.k.map((k, i) => [k, y.v[i]!] as const),
    out,
  );
}

function entriesOf<V>(n: BNode<V>): (readonly [string, V])[] {
  return [...btreeRange({ root: n, size: 0 })];
}

/** Merge of two sorted entry lists. */
function diffEntries<V>(xs: readonly (readonly [string, V])[], ys: readonly (readonly [string, V])[], out: string[]): void {
  let i = 0;
  let j = 0;
  while (i < xs.length || j < ys.length) {
    const kx = i < xs.length ? xs[i]![0] : undefined;
    const ky = j < ys.length ? ys[j]![0] : undefined;
    if (ky === undefined || (kx !== undefined && kx < ky)) {
      out.push(kx!);
      i++;
    } else if (kx === undefined || ky < kx) {
      out.push(ky);
      j++;
    } else {
      if (xs[i]![1] !== ys[j]![1]) out.push(kx);
      i++;
      j++;
    }
  }
}
