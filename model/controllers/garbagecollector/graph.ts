/**
 * The garbage collector's dependency graph: a node per object uid (observed through an informer, or "virtual":
 * only known as somebody's owner), and owner → dependent edges. Plain data in the component's memory, indexed
 * by uid in B-trees so that 150,000 pods cost O(log n) per change.
 * Follows pkg/controller/garbagecollector/graph.go (node, blockingDependents) and graph_builder.go
 * (insertNode, removeNode, addDependentToOwners' graph part, removeDependentFromOwners, referencesDiffs,
 * partitionDependents, referenceLessThan, getAlternateOwnerIdentity).
 */
import type { OwnerReference } from "../../objects/types.ts";
import { btreeDelete, btreeGet, btreePrefix, btreeSet, type BTree } from "../../collections/btree.ts";

/** objectReference: an owner reference's coordinates plus the namespace ("" for cluster scope). */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
}

/** A graph node. */
export interface GraphNode {
  readonly identity: ObjectIdentity;
  /** The object's ownerReferences as last observed. */
  readonly owners: readonly OwnerReference[];
  /** Not observed through an informer yet: known only from a dependent's ownerReference. */
  readonly virtual: boolean;
  readonly beingDeleted: boolean;
  /** Being deleted with the foregroundDeletion finalizer: waiting for its blocking dependents. */
  readonly deletingDependents: boolean;
  /** Whether the last observed version was being deleted with the orphan / foreground finalizer (the event's oldObj). */
  readonly sawOrphanDeletion: boolean;
  readonly sawForegroundDeletion: boolean;
}

export interface Graph {
  /** uidToNode. */
  readonly nodes: BTree<GraphNode>;
  /** `${ownerUid}\u0001${dependentUid}` → 1: each node's dependents set. */
  readonly edges: BTree<1>;
}

const SEP = "\u0001";
const edgeKey = (owner: string, dependent: string) => `${owner}${SEP}${dependent}`;

export const identityEqual = (a: ObjectIdentity, b: ObjectIdentity): boolean =>
  a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.namespace === b.namespace;

/** ownerReferenceMatchesCoordinates: same uid, name, kind and apiVersion. */
export const ownerReferenceMatchesCoordinates = (a: Pick<OwnerReference, "uid" | "name" | "kind" | "apiVersion">, b: Pick<OwnerReference, "uid" | "name" | "kind" | "apiVersion">): boolean =>
  a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion;

export const getNode = (g: Graph, uid: string): GraphNode | undefined => btreeGet(g.nodes, uid);

/** Writes a node (uidToNode.Write). */
export const putNode = (g: Graph, n: GraphNode): Graph => ({ ...g, nodes: btreeSet(g.nodes, n.identity.uid, n) });

/** The uids of a node's dependents, in uid order. */
export function dependentUids(g: Graph, uid: string): string[] {
  const prefix = `${uid}${SEP}`;
  const out: string[] = [];
  for (const [k] of btreePrefix(g.edges, prefix)) out.push(k.slice(prefix.length));
  return out;
}

/** A node's dependents (getDependents). */
export const dependentsOf = (g: Graph, uid: string): GraphNode[] =>
  dependentUids(g, uid)
    .map((d) => btreeGet(g.nodes, d))
    .filter((n): n is GraphNode => n !== undefined);

export const addDependent = (g: Graph, owner: string, dependent: string): Graph => ({ ...g, edges: btreeSet(g.edges, edgeKey(owner, dependent), 1) });
export const deleteDependent = (g: Graph, owner: string, dependent: string): Graph => ({ ...g, edges: btreeDelete(g.edges, edgeKey(owner, dependent)) });

/**
 * removeNode: out of uidToNode and out of its owners' dependents. Its own dependents set goes with it (the Go
 * node carries it), so a later virtual node for the same uid starts with none.
 */
export function removeNode(g: Graph, n: GraphNode): Graph {
  let edges = g.edges;
  for (const o of n.owners) if (btreeGet(g.nodes, o.uid)) edges = btreeDelete(edges, edgeKey(o.uid, n.identity.uid));
  for (const d of dependentUids(g, n.identity.uid)) edges = btreeDelete(edges, edgeKey(n.identity.uid, d));
  return { nodes: btreeDelete(g.nodes, n.identity.uid), edges };
}

/** removeDependentFromOwners. */
export function removeDependentFromOwners(g: Graph, n: GraphNode, owners: readonly OwnerReference[]): Graph {
  let out = g;
  for (const o of owners) if (btreeGet(out.nodes, o.uid)) out = deleteDependent(out, o.uid, n.identity.uid);
  return out;
}

/** blockingDependents: dependents whose reference to this node has blockOwnerDeletion=true. */
export function blockingDependents(g: Graph, n: GraphNode): GraphNode[] {
  return dependentsOf(g, n.identity.uid).filter((d) => d.owners.some((o) => o.uid === n.identity.uid && o.blockOwnerDeletion === true));
}

const refEqual = (a: OwnerReference, b: OwnerReference): boolean =>
  a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.controller === b.controller && a.blockOwnerDeletion === b.blockOwnerDeletion;

/** referencesDiffs: references added, removed, and changed (same uid, different fields). */
export function referencesDiffs(
  old: readonly OwnerReference[],
  next: readonly OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: { oldRef: OwnerReference; newRef: OwnerReference }[] } {
  const oldByUid = new Map(old.map((r) => [r.uid, r] as const));
  const remaining = new Set(oldByUid.keys());
  const added: OwnerReference[] = [];
  const changed: { oldRef: OwnerReference; newRef: OwnerReference }[] = [];
  for (const r of next) {
    const o = oldByUid.get(r.uid);
    if (o && remaining.has(r.uid)) {
      if (!refEqual(o, r)) changed.push({ oldRef: o, newRef: r });
      remaining.delete(r.uid);
    } else added.push(r);
  }
  const removed = [...remaining].sort().map((u) => oldByUid.get(u)!);
  return { added, removed, changed };
}

/**
 * partitionDependents: dependents with a reference matching the identity's coordinates, and dependents with a
 * reference to its uid under other coordinates (or in another namespace than a namespaced owner's).
 */
export function partitionDependents(deps: readonly GraphNode[], match: ObjectIdentity): { matching: GraphNode[]; nonmatching: GraphNode[] } {
  const ownerIsNamespaced = match.namespace.length > 0;
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const dep of deps) {
    let foundMatch = false;
    let foundMismatch = false;
    if (ownerIsNamespaced && match.namespace !== dep.identity.namespace) foundMismatch = true;
    else {
      for (const ref of dep.owners) {
        if (ref.uid !== match.uid) continue;
        if (ownerReferenceMatchesCoordinates(ref, match)) foundMatch = true;
        else foundMismatch = true;
      }
    }
    if (foundMatch) matching.push(dep);
    if (foundMismatch) nonmatching.push(dep);
  }
  return { matching, nonmatching };
}

/** referenceLessThan: kind, apiVersion, namespace, name, uid. */
export function referenceLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  if (a.kind !== b.kind) return a.kind < b.kind;
  if (a.apiVersion !== b.apiVersion) return a.apiVersion < b.apiVersion;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace;
  if (a.name !== b.name) return a.name < b.name;
  return a.uid < b.uid;
}

/**
 * getAlternateOwnerIdentity: another identity the dependents give this uid, the first one following the
 * verified-absent identity (referenceLessThan order), else the first one.
 */
export function getAlternateOwnerIdentity(deps: readonly GraphNode[], absent: ObjectIdentity): ObjectIdentity | undefined {
  const absentIsClusterScoped = absent.namespace.length === 0;
  const keyOf = (i: ObjectIdentity) => [i.apiVersion, i.kind, i.namespace, i.name, i.uid].join("\u0001");
  const seen = new Set<string>([keyOf(absent)]);
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      if (ownerReferenceMatchesCoordinates(ref, absent) && (absentIsClusterScoped || absent.namespace === dep.identity.namespace)) continue;
      let alt: ObjectIdentity = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: dep.identity.namespace };
      // The absent identity shows this apiVersion/kind is cluster-scoped: no namespace.
      if (absentIsClusterScoped && alt.apiVersion === absent.apiVersion && alt.kind === absent.kind) alt = { ...alt, namespace: "" };
      const k = keyOf(alt);
      if (seen.has(k)) continue;
      seen.add(k);
      if (!first || referenceLessThan(alt, first)) first = alt;
      if (referenceLessThan(absent, alt) && (!firstFollowing || referenceLessThan(alt, firstFollowing))) firstFollowing = alt;
    }
  }
  return firstFollowing ?? first;
}
