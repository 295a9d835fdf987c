/** Invariants of pod volumes: network disks in the world (model/kubelet/attach.ts). */
import type { Invariant, Violation } from "./types.ts";
import type { BNode, BTree } from "../model/collections/btree.ts";
import { btreeGet } from "../model/collections/btree.ts";
import type { NetworkDisk } from "../model/world/types.ts";

const isBranch = <V>(n: BNode<V>): n is Extract<BNode<V>, { c: unknown }> => (n as { c?: unknown }).c !== undefined;

/** Every entry of a subtree. */
function* entriesOf<V>(n: BNode<V>): Generator<[string, V]> {
  if (isBranch(n)) {
    for (const child of n.c) yield* entriesOf(child);
    return;
  }
  for (let i = 0; i < n.k.length; i++) yield [n.k[i]!, n.v[i]!];
}

/**
 * The entries of `next` whose value is not the one `prev` holds under the same key (added or changed), found
 * by skipping every subtree the two versions share: a step that changes one disk costs O(log n), not O(n).
 */
export function* changedEntries<V>(next: BTree<V>, prev: BTree<V> | undefined): Generator<[string, V]> {
  if (!next.root) return;
  if (!prev || !prev.root) {
    yield* entriesOf(next.root);
    return;
  }
  const old = prev;
  function* walk(n: BNode<V>, o: BNode<V> | undefined): Generator<[string, V]> {
    if (n === o) return;
    if (o && isBranch(n) && isBranch(o)) {
      // Children are matched by their first key; an unmatched or reshaped child is compared entry by entry.
      const byFirstKey = new Map<string, BNode<V>>();
      for (let i = 0; i < o.c.length; i++) byFirstKey.set(o.k[i]!, o.c[i]!);
      for (let i = 0; i < n.c.length; i++) yield* walk(n.c[i]!, byFirstKey.get(n.k[i]!));
      return;
    }
    for (const [k, v] of entriesOf(n)) if (btreeGet(old, k) !== v) yield [k, v];
  }
  yield* walk(next.root, old.root ?? undefined);
}

/**
 * A ReadWriteOnce disk (a GCE PD, an EBS volume, an iSCSI LUN or RBD image mounted read-write, a PV whose access
 * modes allow one node only) is attached to at most one node: two nodes with one ext4 filesystem mounted
 * read-write corrupt it. Checked on the disks the last step changed.
 */
export const rwoDiskSingleNode: Invariant = {
  id: "rwo-disk-single-node",
  description: "a ReadWriteOnce network disk is attached to at most one node",
  kind: "safety",
  source:
    "pkg/controller/volume/attachdetach/reconciler/reconciler.go (isMultiAttachAllowed, reportMultiAttachError); PersistentVolume access modes (ReadWriteOnce: mounted read-write by a single node)",
  check(state, prev) {
    const disks: BTree<NetworkDisk> | undefined = state.world.disks;
    if (!disks || disks === prev?.world.disks) return [];
    const out: Violation[] = [];
    for (const [id, d] of changedEntries(disks, prev?.world.disks)) {
      if (!d.exclusive || d.attachedTo.length <= 1) continue;
      const users = d.users.map((u) => `Pod ${u.namespace}/${u.name}`);
      out.push({ invariant: this.id, objects: [`Disk ${id}`, ...users], message: `ReadWriteOnce disk ${id} is attached to ${d.attachedTo.length} nodes: ${d.attachedTo.join(", ")}` });
    }
    return out;
  },
};
