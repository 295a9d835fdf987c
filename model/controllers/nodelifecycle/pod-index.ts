/**
 * The pod informer's "spec.nodeName" indexer (node_lifecycle_controller.go nodeNameKeyIndex,
 * getPodsAssignedToNode), kept in the controller's memory: the model's informer caches are keyed by
 * namespace/name only, and scanning 150,000 cached pods for one node per monitor pass would be O(pods).
 *
 * The index is updated when the controller works a pod's key, so it can lag the cache by the keys still
 * queued; readers therefore re-check each pod's nodeName in the cache, and a pod missing from the index is
 * handled by its own pod key (processPod), which is exactly how Kubernetes covers pods its pass missed.
 */
import { btreeDelete, btreeEmpty, btreeGet, btreePrefix, btreeSet, type BTree } from "../../collections/btree.ts";

export interface PodIndex {
  /** `${node}\u0001${ns/name}` → 1. */
  readonly byNode: BTree<1>;
  /** ns/name → node. */
  readonly nodeOf: BTree<string>;
}

const SEP = "\u0001";

export const emptyPodIndex = (): PodIndex => ({ byNode: btreeEmpty(), nodeOf: btreeEmpty() });

/** Records that pod `key` is on `node` ("" or undefined: on no node, i.e. drop it). */
export function indexPod(ix: PodIndex, key: string, node: string | undefined): PodIndex {
  const old = btreeGet(ix.nodeOf, key);
  if ((old ?? "") === (node ?? "")) return ix;
  let byNode = ix.byNode;
  let nodeOf = ix.nodeOf;
  if (old) byNode = btreeDelete(byNode, `${old}${SEP}${key}`);
  if (node) {
    byNode = btreeSet(byNode, `${node}${SEP}${key}`, 1);
    nodeOf = btreeSet(nodeOf, key, node);
  } else nodeOf = btreeDelete(nodeOf, key);
  return { byNode, nodeOf };
}

/** The keys of the pods indexed on `node`, in key order. */
export function podKeysOnNode(ix: PodIndex, node: string): string[] {
  const prefix = `${node}${SEP}`;
  const out: string[] = [];
  for (const [k] of btreePrefix(ix.byNode, prefix)) out.push(k.slice(prefix.length));
  return out;
}
