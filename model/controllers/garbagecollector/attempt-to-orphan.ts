/**
 * Orphaning: an owner deleted with propagationPolicy=Orphan keeps the "orphan" finalizer until the collector
 * has removed the owner's reference from every dependent it knows; then the finalizer goes, and with it the
 * owner. Follows pkg/controller/garbagecollector/garbagecollector.go (attemptToOrphanWorker, orphanDependents).
 *
 * The dependents come from the graph, so a dependent the graph has not observed yet keeps its reference and is
 * collected later as the dependent of a vanished owner: that is upstream's behaviour too.
 */
import { FINALIZER_ORPHAN } from "../../apiserver/delete.ts";
import { dependentsOf, getNode } from "./graph.ts";
import type { GcPass } from "./memory.ts";
import { deleteOwnerReferences, removeFinalizer } from "./operations.ts";

/** attemptToOrphanWorker for an owner uid; returns whether to retry. */
export function attemptToOrphanWorker(p: GcPass, uid: string): boolean {
  const owner = getNode(p.mem.graph, uid);
  if (!owner) return false;
  let failed = false;
  let retryable = true;
  for (const dep of dependentsOf(p.mem.graph, uid)) {
    const r = deleteOwnerReferences(p, dep.identity, [uid]);
    if (!r.ok && r.code !== 404) {
      failed = true;
      if (r.code !== 409 && r.code < 500) retryable = false;
    }
  }
  if (failed) return retryable;
  const f = removeFinalizer(p, owner.identity, FINALIZER_ORPHAN);
  return !f.ok && (f.code === 409 || f.code >= 500);
}
