/**
 * Deciding whether an object is garbage, and collecting it. Follows
 * pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteWorker, attemptToDeleteItem, isDangling,
 * classifyReferences, processDeletingDependentsItem).
 *
 * An owner is "dangling" only when a live GET says so (404, or an object of that name with another uid: the
 * owner was recreated). The graph and the caches may lag: a stale "owner is gone" would delete a dependent
 * whose owner exists (the classic GC race), so neither is trusted for the decision.
 */
import type { OwnerReference } from "../../objects/types.ts";
import type { PropagationPolicy } from "../../apiserver/request.ts";
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from "../../apiserver/delete.ts";
import { blockingDependents, dependentsOf, getNode, type GraphNode } from "./graph.ts";
import { processVirtualDelete } from "./graph-builder.ts";
import { enqueueDelete, park, type GcPass } from "./memory.ts";
import { deleteObject, deleteOwnerReferences, getObject, getOwner, removeFinalizer, unblockOwnerReferences, type ApiOutcome, type WriteOutcome } from "./operations.ts";

/**
 * What became of an item: handled; a virtual delete event was produced (forget); a failure worth retrying
 * (conflicts, server errors: the model's AddRateLimited); a REST mapping error (the item's or an owner's kind
 * is not served: parked until discovery changes); a failure retrying cannot fix.
 */
export type ItemResult = "done" | "virtualDeleted" | "retry" | "unmapped" | "giveUp";

/**
 * Failures the model retries at once. Upstream retries every error with exponential back-off. A REST mapping
 * error (code 0) can only clear when the served resources change: it is parked (memory.ts) until a monitor
 * sync changes them. A refused write would loop forever without back-off here, so it is dropped (a later event
 * on the object brings it back).
 */
const failure = (code: number): ItemResult => (code === 0 ? "unmapped" : code === 409 || code >= 500 ? "retry" : "giveUp");
const fromWrite = (w: WriteOutcome): ItemResult => (w.ok ? "done" : failure(w.code));

type Classified = { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] };

/** isDangling + classifyReferences: solid owners, dangling ones, and ones being deleted in the foreground. */
function classifyReferences(p: GcPass, item: GraphNode, refs: readonly OwnerReference[]): Classified | ItemResult {
  const out: Classified = { solid: [], dangling: [], waiting: [] };
  for (const ref of refs) {
    const { info, out: got } = getOwner(p, ref, item.identity.namespace);
    if (!info) return "unmapped"; // restMappingError
    // A cluster-scoped object cannot be owned by a namespaced one: a marker error, never retried.
    if (item.identity.namespace === "" && info.namespaced) return "giveUp";
    if (!got.ok) {
      if (got.code === 404) {
        out.dangling.push(ref);
        continue;
      }
      return failure(got.code);
    }
    if (got.obj.metadata.uid !== ref.uid) {
      out.dangling.push(ref); // the owner was deleted and recreated under the same name
      continue;
    }
    if (got.obj.metadata.deletionTimestamp && (got.obj.metadata.finalizers ?? []).includes(FINALIZER_FOREGROUND)) out.waiting.push(ref);
    else out.solid.push(ref);
  }
  return out;
}

/** processDeletingDependentsItem: an owner in foreground deletion loses its finalizer once no dependent blocks it. */
function processDeletingDependentsItem(p: GcPass, item: GraphNode): ItemResult {
  const blocking = blockingDependents(p.mem.graph, item);
  if (blocking.length === 0) return fromWrite(removeFinalizer(p, item.identity, FINALIZER_FOREGROUND));
  for (const dep of blocking) if (!dep.deletingDependents) enqueueDelete(p, dep);
  return "done";
}

/** deleteObject's answer: a vanished object is a virtual delete event. */
function afterDelete(p: GcPass, item: GraphNode, r: ApiOutcome): ItemResult {
  if (r.ok) return "done";
  if (r.code === 404) {
    processVirtualDelete(p, item.identity);
    return "virtualDeleted";
  }
  return failure(r.code);
}

/**
 * attemptToDeleteItem: re-reads the item; a missing item (or another one under its name) is a virtual delete
 * event; an owner in foreground deletion is handled by processDeletingDependentsItem; otherwise the item is
 * deleted when none of its owners is solid, or has its dangling references removed when some are.
 */
export function attemptToDeleteItem(p: GcPass, item: GraphNode): ItemResult {
  // Being deleted is a one-way trip: wait for the final deletion, then handle the dependents.
  if (item.beingDeleted && !item.deletingDependents) return "done";
  const latest = getObject(p, item.identity);
  if (!latest.ok) {
    if (latest.code === 404) {
      processVirtualDelete(p, item.identity);
      return "virtualDeleted";
    }
    return failure(latest.code);
  }
  if (latest.obj.metadata.uid !== item.identity.uid) {
    processVirtualDelete(p, item.identity);
    return "virtualDeleted";
  }
  if (item.deletingDependents) return processDeletingDependentsItem(p, item);
  const owners = latest.obj.metadata.ownerReferences ?? [];
  if (owners.length === 0) return "done";
  const c = classifyReferences(p, item, owners);
  if (typeof c === "string") return c;
  const rv = latest.obj.metadata.resourceVersion;
  if (c.solid.length > 0) {
    if (c.dangling.length === 0 && c.waiting.length === 0) return "done";
    // Waiting references must go too, or their owners stay stuck with foregroundDeletion.
    return fromWrite(deleteOwnerReferences(p, item.identity, [...c.dangling, ...c.waiting].map((r) => r.uid)));
  }
  if (c.waiting.length > 0 && dependentsOf(p.mem.graph, item.identity.uid).length > 0) {
    for (const dep of dependentsOf(p.mem.graph, item.identity.uid)) {
      if (dep.deletingDependents) {
        // A possible cycle of foreground deletions: make this item's references non-blocking first.
        const u = unblockOwnerReferences(p, item.identity);
        if (!u.ok) return failure(u.code);
        break;
      }
    }
    // Deleted in the foreground too: its own dependents go first, then it, then its owner.
    return afterDelete(p, item, deleteObject(p, item.identity, rv, owners, "Foreground"));
  }
  const fin = latest.obj.metadata.finalizers ?? [];
  const policy: PropagationPolicy = fin.includes(FINALIZER_ORPHAN) ? "Orphan" : fin.includes(FINALIZER_FOREGROUND) ? "Foreground" : "Background";
  return afterDelete(p, item, deleteObject(p, item.identity, rv, owners, policy));
}

/**
 * attemptToDeleteWorker for a key; returns whether to requeue it. A key queued for a virtual node is dropped
 * when the node left the graph or was observed meanwhile. A virtual node that checks out (it exists) is
 * requeued until a monitor observes it; when no monitor watches its kind (not yet: monitors follow discovery
 * every 30 s), it is parked until the monitored resources change, as is an item with a REST mapping error.
 */
export function attemptToDeleteWorker(p: GcPass, uid: string, queuedVirtual: boolean, monitored: (apiVersion: string, kind: string) => boolean): boolean {
  const n = getNode(p.mem.graph, uid);
  if (!n) return false;
  if (queuedVirtual && !n.virtual) return false;
  const r = attemptToDeleteItem(p, n);
  if (r === "virtualDeleted" || r === "giveUp") return false;
  if (r === "retry") return true;
  const after = getNode(p.mem.graph, uid);
  if (after === undefined) return false;
  if (r === "unmapped") {
    park(p, after);
    return false;
  }
  if (!after.virtual) return false;
  if (monitored(after.identity.apiVersion, after.identity.kind)) return true;
  park(p, after);
  return false;
}
