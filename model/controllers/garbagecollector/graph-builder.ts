/**
 * Folding informer events into the dependency graph and deciding what to check. Follows
 * pkg/controller/garbagecollector/graph_builder.go (processGraphChanges, addDependentToOwners,
 * addUnblockedOwnersToDeleteQueue, processTransitions, startsWaitingForDependentsOrphaned/Deleted,
 * reportInvalidNamespaceOwnerRef, enqueueVirtualDeleteEvent).
 *
 * The model's event for a key is the cache's current object against the uid last observed under that key
 * (informer events coalesce as DeltaFIFO's do); the "old object" of the transitions is the last observed
 * version, remembered on the node.
 */
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { btreeDelete, btreeGet, btreeSet } from "../../collections/btree.ts";
import { cacheGet } from "../../informers/cache.ts";
import { resolveResource } from "../../apiserver/lookup.ts";
import { apiVersionOf } from "../../apiserver/resources.ts";
import { recordEvent } from "../../events/recorder.ts";
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from "../../apiserver/delete.ts";
import {
  addDependent,
  dependentsOf,
  getAlternateOwnerIdentity,
  getNode,
  identityEqual,
  ownerReferenceMatchesCoordinates,
  partitionDependents,
  putNode,
  referencesDiffs,
  removeDependentFromOwners,
  removeNode,
  type GraphNode,
  type ObjectIdentity,
} from "./graph.ts";
import { attemptToOrphanKey, enqueueDelete, type GcPass } from "./memory.ts";

const hasFinalizer = (o: KObject, f: string) => (o.metadata.finalizers ?? []).includes(f);
const beingDeleted = (o: KObject) => o.metadata.deletionTimestamp !== undefined;

/** objectReference.String(). */
const identityString = (i: ObjectIdentity) => `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;

/** reportInvalidNamespaceOwnerRef: a Warning event on the dependent. */
function reportInvalidNamespaceOwnerRef(p: GcPass, n: GraphNode, invalidOwnerUid: string): void {
  const ref = n.owners.find((o) => o.uid === invalidOwnerUid);
  if (!ref) return;
  const invalid: ObjectIdentity = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: n.identity.namespace };
  const obj: KObject = {
    apiVersion: n.identity.apiVersion,
    kind: n.identity.kind,
    metadata: { name: n.identity.name, uid: n.identity.uid, ...(n.identity.namespace ? { namespace: n.identity.namespace } : {}) },
  };
  p.state = recordEvent(p.state, p.c.id, obj, { type: "Warning", reason: "OwnerRefInvalidNamespace", message: `ownerRef ${identityString(invalid)} does not exist in namespace "${n.identity.namespace}"` }, p.log);
}

/**
 * addDependentToOwners: adds n to its owners' dependents; an owner not in the graph gets a virtual node, queued
 * so that attemptToDelete asks the API server whether it exists. A reference that disagrees with an owner
 * already in the graph (namespace or coordinates) queues n itself for verification.
 */
function addDependentToOwners(p: GcPass, n: GraphNode, owners: readonly OwnerReference[]): void {
  let potentiallyInvalid = false;
  for (const owner of owners) {
    let ownerNode = getNode(p.mem.graph, owner.uid);
    const created = !ownerNode;
    if (!ownerNode) {
      ownerNode = {
        identity: { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, namespace: n.identity.namespace },
        owners: [],
        virtual: true,
        beingDeleted: false,
        deletingDependents: false,
        sawOrphanDeletion: false,
        sawForegroundDeletion: false,
      };
      p.mem = { ...p.mem, graph: putNode(p.mem.graph, ownerNode) };
    }
    p.mem = { ...p.mem, graph: addDependent(p.mem.graph, owner.uid, n.identity.uid) };
    if (created) enqueueDelete(p, ownerNode);
    else if (!potentiallyInvalid) {
      const ownerIsNamespaced = ownerNode.identity.namespace.length > 0;
      if (ownerIsNamespaced && ownerNode.identity.namespace !== n.identity.namespace) {
        if (!ownerNode.virtual) reportInvalidNamespaceOwnerRef(p, n, owner.uid);
        potentiallyInvalid = true;
      } else if (!ownerReferenceMatchesCoordinates(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (!ownerIsNamespaced && ownerNode.identity.namespace !== n.identity.namespace && ownerNode.virtual) {
        // A virtual cluster-scoped owner that may really be a missing namespaced object (issue #98040).
        potentiallyInvalid = true;
      }
    }
  }
  if (potentiallyInvalid) enqueueDelete(p, n);
}

/** addUnblockedOwnersToDeleteQueue: an owner waiting for its blocking dependents is rechecked when one lets go. */
function addUnblockedOwnersToDeleteQueue(p: GcPass, removed: readonly OwnerReference[], changed: readonly { oldRef: OwnerReference; newRef: OwnerReference }[]): void {
  for (const ref of removed) {
    if (ref.blockOwnerDeletion !== true) continue;
    const owner = getNode(p.mem.graph, ref.uid);
    if (owner) enqueueDelete(p, owner);
  }
  for (const c of changed) {
    if (c.oldRef.blockOwnerDeletion === true && c.newRef.blockOwnerDeletion !== true) {
      const owner = getNode(p.mem.graph, c.newRef.uid);
      if (owner) enqueueDelete(p, owner);
    }
  }
}

/**
 * processTransitions: deletion starting with the orphan finalizer queues the owner for orphaning; with the
 * foregroundDeletion finalizer it marks the node deletingDependents and queues its dependents and itself.
 */
function processTransitions(p: GcPass, obj: KObject, n: GraphNode, old: { orphan: boolean; foreground: boolean } | undefined): GraphNode {
  if (beingDeleted(obj) && hasFinalizer(obj, FINALIZER_ORPHAN) && !old?.orphan) {
    p.keys.push(attemptToOrphanKey(n.identity.uid));
    return n;
  }
  if (beingDeleted(obj) && hasFinalizer(obj, FINALIZER_FOREGROUND) && !old?.foreground) {
    const marked = { ...n, deletingDependents: true };
    p.mem = { ...p.mem, graph: putNode(p.mem.graph, marked) };
    for (const dep of dependentsOf(p.mem.graph, n.identity.uid)) enqueueDelete(p, dep);
    enqueueDelete(p, marked);
    return marked;
  }
  return n;
}

/** The add/update half of processGraphChanges for an observed object. */
function observeObject(p: GcPass, identity: ObjectIdentity, obj: KObject): void {
  const owners = obj.metadata.ownerReferences ?? [];
  let existing = getNode(p.mem.graph, identity.uid);
  const wasVirtual = existing?.virtual === true;
  if (existing && existing.virtual) {
    // First observation of a node known only as an owner: dependents that named it differently are rechecked.
    if (!identityEqual(identity, existing.identity)) {
      const { nonmatching } = partitionDependents(dependentsOf(p.mem.graph, identity.uid), identity);
      for (const dep of nonmatching) {
        if (identity.namespace.length > 0 && dep.identity.namespace !== identity.namespace) reportInvalidNamespaceOwnerRef(p, dep, identity.uid);
        enqueueDelete(p, dep);
      }
      existing = { ...existing, identity };
    }
    existing = { ...existing, virtual: false };
    p.mem = { ...p.mem, graph: putNode(p.mem.graph, existing) };
  }
  const seen = { orphan: beingDeleted(obj) && hasFinalizer(obj, FINALIZER_ORPHAN), foreground: beingDeleted(obj) && hasFinalizer(obj, FINALIZER_FOREGROUND) };
  if (!existing) {
    const n: GraphNode = {
      identity,
      owners,
      virtual: false,
      beingDeleted: beingDeleted(obj),
      deletingDependents: seen.foreground,
      sawOrphanDeletion: seen.orphan,
      sawForegroundDeletion: seen.foreground,
    };
    p.mem = { ...p.mem, graph: putNode(p.mem.graph, n) };
    addDependentToOwners(p, n, owners);
    // The informer may fold a creation and a deletion into one event: check the transitions too.
    processTransitions(p, obj, n, undefined);
    return;
  }
  const old = wasVirtual ? undefined : { orphan: existing.sawOrphanDeletion, foreground: existing.sawForegroundDeletion };
  const { added, removed, changed } = referencesDiffs(existing.owners, owners);
  let n = existing;
  if (added.length > 0 || removed.length > 0 || changed.length > 0) {
    addUnblockedOwnersToDeleteQueue(p, removed, changed);
    n = { ...n, owners };
    p.mem = { ...p.mem, graph: putNode(p.mem.graph, n) };
    addDependentToOwners(p, n, added);
    p.mem = { ...p.mem, graph: removeDependentFromOwners(p.mem.graph, n, removed) };
  }
  if (beingDeleted(obj)) n = { ...n, beingDeleted: true };
  n = { ...n, sawOrphanDeletion: seen.orphan, sawForegroundDeletion: seen.foreground };
  p.mem = { ...p.mem, graph: putNode(p.mem.graph, n) };
  processTransitions(p, obj, n, old);
}

/** The delete half of processGraphChanges (an observed or a verified virtual deletion that removes the node). */
function removeExistingNode(p: GcPass, existing: GraphNode): void {
  const dependents = dependentsOf(p.mem.graph, existing.identity.uid);
  p.mem = { ...p.mem, graph: removeNode(p.mem.graph, existing) };
  for (const dep of dependents) enqueueDelete(p, dep);
  for (const o of existing.owners) {
    const owner = getNode(p.mem.graph, o.uid);
    // An owner waiting for its dependents: attemptToDelete checks whether this was the last one.
    if (owner && owner.deletingDependents) enqueueDelete(p, owner);
  }
}

/**
 * processGraphChanges for one informer key: the object now in the cache against the uid last observed there.
 * A vanished (or replaced) uid is a delete event; a present object is an add or update.
 */
export function processGraphChange(p: GcPass, resource: string, key: string): void {
  // A key queued by a monitor stopped since: what it had delivered was handled when it stopped (monitors.ts).
  if (p.c.informers[resource] === undefined) return;
  const obsKey = `${resource}\u0001${key}`;
  const known = btreeGet(p.mem.observed, obsKey);
  const obj = cacheGet(p.c, resource, key);
  if (known !== undefined && (!obj || obj.metadata.uid !== known)) {
    const existing = getNode(p.mem.graph, known);
    if (existing) removeExistingNode(p, existing);
    p.mem = { ...p.mem, observed: btreeDelete(p.mem.observed, obsKey) };
  }
  if (!obj || !obj.metadata.uid) return;
  const info = resolveResource(p.state, resource);
  if (!info) return;
  const identity: ObjectIdentity = {
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    name: obj.metadata.name!,
    uid: obj.metadata.uid,
    namespace: obj.metadata.namespace ?? "",
  };
  observeObject(p, identity, obj);
  if (known !== obj.metadata.uid) p.mem = { ...p.mem, observed: btreeSet(p.mem.observed, obsKey, obj.metadata.uid) };
}

/**
 * A virtual delete event (enqueueVirtualDeleteEvent), handled at once: attemptToDelete verified with the API
 * server that `identity` does not exist. A virtual node whose dependents name it differently survives under an
 * alternate identity; an observed node that disagrees with the identity is kept, and only the dependents that
 * used that identity are rechecked.
 */
export function processVirtualDelete(p: GcPass, identity: ObjectIdentity): void {
  const existing = getNode(p.mem.graph, identity.uid);
  if (!existing) return;
  let remove = true;
  if (existing.virtual) {
    const { matching, nonmatching } = partitionDependents(dependentsOf(p.mem.graph, identity.uid), identity);
    if (nonmatching.length > 0) {
      remove = false;
      for (const dep of matching) enqueueDelete(p, dep);
      if (identityEqual(existing.identity, identity)) {
        const replacement = getAlternateOwnerIdentity(nonmatching, identity);
        if (replacement) {
          const n = { ...existing, identity: replacement };
          p.mem = { ...p.mem, graph: putNode(p.mem.graph, n) };
          enqueueDelete(p, n);
        }
      }
    }
  } else if (!identityEqual(existing.identity, identity)) {
    remove = false;
    for (const dep of partitionDependents(dependentsOf(p.mem.graph, identity.uid), identity).matching) enqueueDelete(p, dep);
  }
  if (remove) removeExistingNode(p, existing);
}
