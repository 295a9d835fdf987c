/**
 * The CustomResourceDefinition side of the deletion cascade, in the API server. Follows
 * staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition/etcd.go (REST.Delete): the
 * first delete of a CRD does not remove it; one guaranteed update sets its deletionTimestamp, adds the
 * customresourcecleanup.apiextensions.k8s.io finalizer and a Terminating condition (InstanceDeletionPending).
 * The CRD then stays, and its resource stays served, until the CRD finalizer controller (crd-cleanup.ts) has
 * deleted every custom resource and removed the finalizer. Adding the finalizer at delete time rather than at
 * create is what the real registry does: a CRD never shows the finalizer before it is deleted.
 *
 * del() in model/apiserver/delete.ts calls this after its preconditions and admission when the object is a CRD
 * without a deletionTimestamp (the lead wires it: see the report); a CRD already being deleted takes the
 * ordinary path.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { ResourceInfo } from "./resources.ts";
import type { ApiResult } from "./create.ts";
import { timestamp } from "../clock.ts";
import { afterWrite } from "./hooks.ts";
import { writeObject } from "./write.ts";
import { qualified } from "./common.ts";
import { OPTIMISTIC_LOCK_MSG, conflict } from "./status.ts";

/** apiextensions.CustomResourceCleanupFinalizer */
export const CUSTOM_RESOURCE_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

/** A CRD condition (apiextensions.CustomResourceDefinitionCondition). */
export interface CrdCondition {
  readonly type: string;
  readonly status: "True" | "False";
  readonly lastTransitionTime: string;
  readonly reason: string;
  readonly message: string;
}

/** SetCRDCondition: replace the condition of the same type; lastTransitionTime moves only when the status flips. */
export function setCrdCondition(crd: KObject, cond: Omit<CrdCondition, "lastTransitionTime">, now: number): KObject {
  const conditions: CrdCondition[] = [...(crd.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === cond.type);
  const ts = timestamp(now);
  if (i < 0) conditions.push({ ...cond, lastTransitionTime: ts });
  else conditions[i] = { ...cond, lastTransitionTime: conditions[i]!.status === cond.status ? conditions[i]!.lastTransitionTime : ts };
  return { ...crd, status: { ...(crd.status ?? {}), conditions } };
}

/** REST.Delete's first request: mark the CRD for deletion with the cleanup finalizer (one CAS write). */
export function markCustomResourceDefinitionForDeletion(state: State, info: ResourceInfo, crd: KObject, modRevision: number): ApiResult {
  const finalizers = crd.metadata.finalizers ?? [];
  let next: KObject = {
    ...crd,
    metadata: {
      ...crd.metadata,
      deletionTimestamp: crd.metadata.deletionTimestamp ?? timestamp(state.clock.now),
      finalizers: finalizers.includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER) ? finalizers : [...finalizers, CUSTOM_RESOURCE_CLEANUP_FINALIZER],
    },
  };
  next = setCrdCondition(
    next,
    { type: "Terminating", status: "True", reason: "InstanceDeletionPending", message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon" },
    state.clock.now,
  );
  const w = writeObject(state, info, next, modRevision);
  if (!w.ok) return { state, result: conflict(qualified(info), crd.metadata.name!, OPTIMISTIC_LOCK_MSG) };
  return { state: afterWrite(w.state, info, crd, w.object), result: w.object };
}
