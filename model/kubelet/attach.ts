/**
 * Attaching and detaching network disks: the kubelet in kubelet-managed attach mode
 * (--enable-controller-attach-detach=false: the volume manager's reconciler attaches the volumes of its pods
 * and detaches those no pod on the node uses any more, pkg/kubelet/volumemanager/reconciler), with the
 * attach-detach controller's Multi-Attach check (pkg/controller/volume/attachdetach/reconciler/reconciler.go:
 * isMultiAttachAllowed, reportMultiAttachError), which is what stops a ReadWriteOnce disk from being attached
 * to a second node while the first still has it — two nodes writing one ext4 filesystem corrupt it.
 *
 * The disks live in world.disks (the cloud's / the storage backend's record); each machine lists the disks
 * attached to it (Machine.attachedDisks), the kubelet's view of its own block devices. Both are changed here
 * only, together. A disk is in use on a node while a pod sandbox there has it mounted; killing a pod unmounts
 * it (volumes.ts withoutPodDirectory), and the kubelet then detaches it (releaseUnusedDisks). A crashed machine
 * keeps its disks attached (the cloud does not detach a disk from a VM that stopped answering) until it comes
 * back and its kubelet finds them unused.
 */
import type { State } from "../state.ts";
import type { DiskUser, NetworkDisk } from "../world/types.ts";
import { btreeEmpty, btreeGet, btreeRange, btreeSet, type BTree } from "../collections/btree.ts";
import { getMachine, updateMachine } from "../world/machine.ts";
import { diskIdOf } from "./volumes.ts";
import type { DiskRef } from "./volume-sources.ts";

/** The world's disks (empty until the first is used). */
export const worldDisks = (state: State): BTree<NetworkDisk> => state.world.disks ?? btreeEmpty();

/** The disk with this id, if it was ever used. */
export const getDisk = (state: State, id: string): NetworkDisk | undefined => btreeGet(worldDisks(state), id);

/** The pod a disk is attached for. */
export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

const byUser = (a: DiskUser, b: DiskUser): number =>
  a.node < b.node ? -1 : a.node > b.node ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The disk with its users replaced (attachedTo and exclusive follow from them). */
function withUsers(d: NetworkDisk, users: readonly DiskUser[]): NetworkDisk {
  const sorted = [...users].sort(byUser);
  const attachedTo = [...new Set(sorted.map((u) => u.node))].sort();
  return { ...d, users: sorted, attachedTo, exclusive: sorted.some((u) => u.exclusive) };
}

function putDisk(state: State, d: NetworkDisk): State {
  return { ...state, world: { ...state.world, disks: btreeSet(worldDisks(state), d.id, d) } };
}

function setMachineDisks(state: State, node: string, f: (ids: readonly string[]) => readonly string[]): State {
  return updateMachine(state, node, (m) => {
    const cur = m.attachedDisks ?? [];
    const next = f(cur);
    if (next.length === cur.length && next.every((x, i) => x === cur[i])) return m;
    if (next.length > 0) return { ...m, attachedDisks: next };
    const { attachedDisks: _gone, ...rest } = m;
    return rest;
  });
}

/**
 * Why the disk cannot be attached to `node` for `pod` now, as the attach-detach controller's Multi-Attach
 * event says it (reportMultiAttachError; undefined = it can be). It can when no other node has it, or when
 * neither the attachment there nor this one is exclusive. The pods named are only those of the pod's own
 * namespace; others are counted (a namespace's user must not learn other namespaces' pod names).
 */
export function multiAttachError(state: State, node: string, pod: PodRef, ref: DiskRef): string | undefined {
  const d = getDisk(state, ref.id);
  if (!d) return undefined;
  const others = d.attachedTo.filter((n) => n !== node);
  if (others.length === 0) return undefined;
  if (!ref.exclusive && !d.exclusive) return undefined;
  const users = d.users.filter((u) => u.node !== node);
  const prefix = `Multi-Attach error for volume "${ref.displayName}"`;
  if (users.length === 0) return `${prefix} Volume is already exclusively attached to one node and can't be attached to another`;
  const local = users.filter((u) => u.namespace === pod.namespace).map((u) => u.name);
  const otherPods = users.length - local.length;
  let msg: string;
  if (local.length > 0) {
    msg = `Volume is already used by pod(s) ${local.join(", ")}`;
    if (otherPods > 0) msg = `${msg} and ${otherPods} pod(s) in different namespaces`;
  } else {
    msg = `Volume is already used by ${otherPods} pod(s) in different namespaces`;
  }
  return `${prefix} ${msg}`;
}

/**
 * Attaches (and mounts) the disks for a pod that starts on `node`: each disk is recorded in the world (created
 * on first use), attached to the node, and the pod counted as its user. Callers check multiAttachError first.
 */
export function attachDisks(state: State, node: string, pod: PodRef, refs: readonly DiskRef[]): State {
  let s = state;
  for (const ref of refs) {
    const d: NetworkDisk = getDisk(s, ref.id) ?? { id: ref.id, plugin: ref.plugin, attachedTo: [], exclusive: false, users: [], mounts: 0 };
    const user: DiskUser = { node, namespace: pod.namespace, name: pod.name, exclusive: ref.exclusive };
    const users = d.users.filter((u) => !(u.node === node && u.namespace === pod.namespace && u.name === pod.name));
    s = putDisk(s, { ...withUsers(d, [...users, user]), mounts: d.mounts + 1 });
    s = setMachineDisks(s, node, (ids) => (ids.includes(ref.id) ? ids : [...ids, ref.id].sort()));
  }
  return s;
}

/**
 * The kubelet's detach pass over its node: for every disk attached to the machine, its users there are the
 * sandboxes that have it mounted now; a disk no sandbox mounts is detached. Costs nothing on a node without
 * attached disks, and one pass over the node's own sandboxes otherwise.
 */
export function releaseUnusedDisks(state: State, node: string): State {
  const m = getMachine(state, node);
  const attached = m?.attachedDisks;
  if (!m || !attached || attached.length === 0) return state;
  const mountedBy = new Map<string, Set<string>>();
  for (const [, rp] of btreeRange(m.pods)) {
    for (const where of Object.values(rp.volumes)) {
      const id = diskIdOf(where);
      if (id === undefined) continue;
      let pods = mountedBy.get(id);
      if (!pods) mountedBy.set(id, (pods = new Set()));
      pods.add(`${rp.namespace}/${rp.name}`);
    }
  }
  let s = state;
  const detached: string[] = [];
  for (const id of attached) {
    const d = getDisk(s, id);
    if (!d) {
      detached.push(id);
      continue;
    }
    const pods = mountedBy.get(id) ?? new Set<string>();
    const users = d.users.filter((u) => u.node !== node || pods.has(`${u.namespace}/${u.name}`));
    if (users.length !== d.users.length) s = putDisk(s, withUsers(d, users));
    if (!users.some((u) => u.node === node)) detached.push(id);
  }
  if (detached.length === 0) return s;
  return setMachineDisks(s, node, (ids) => ids.filter((id) => !detached.includes(id)));
}
