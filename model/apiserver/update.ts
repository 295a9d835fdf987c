/**
 * The update verb, main resource and status subresource (the patch verb, patch/patch.ts, ends in it). Follows
 * k8s.io/apiserver/pkg/registry/generic/registry/store.go (Update, GuaranteedUpdate's precondition) and
 * rest/update.go (BeforeUpdate): a resourceVersion in the request must equal the stored one (409 Conflict
 * otherwise); identity metadata is kept; a spec change bumps metadata.generation; an object being deleted whose
 * last finalizer is removed (and whose grace period is zero) is deleted by the update itself
 * (shouldDeleteDuringUpdate).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { mutate, validateAdmission } from "./admission/chain.ts";
import { existing, jsonEqual, qualified, specPart, target } from "./common.ts";
import { withWarnings, type ApiResult } from "./create.ts";
import { applyDefaults } from "./defaults.ts";
import { afterWrite } from "./hooks.ts";
import { apiVersionOf, type ResourceInfo } from "./resources.ts";
import { OPTIMISTIC_LOCK_MSG, badRequest, conflict, invalidStatus, isStatus, notFound } from "./status.ts";
import { decodeWrite } from "./decode.ts";
import { prepareForStatusUpdate, prepareForUpdate } from "./strategy.ts";
import { validateUpdate } from "./validate/index.ts";
import { removeObject, writeObject } from "./write.ts";
import { updateServiceAddresses } from "./service/alloc.ts";
import { serviceAllocatorsOf, withServiceAllocators, type ServiceAllocatorsState } from "./service/allocator-state.ts";
import type { FieldValidation } from "./request.ts";
import { customResourceSchema, type CustomResourceSchema } from "./crd-schema/schema.ts";
import { validateCustomResource, validateCustomResourceStatus } from "./crd-schema/validate-resource.ts";

export function update(
  state: State,
  resource: string,
  namespace: string | undefined,
  name: string,
  body: KObject,
  subresource?: "status" | "finalize",
  fieldValidation?: FieldValidation,
  duplicates?: readonly string[],
): ApiResult {
  const t = target(state, resource, namespace);
  if (isStatus(t)) return { state, result: t };
  const { info } = t;
  if (typeof body !== "object" || body === null || typeof body.metadata !== "object" || body.metadata === null) {
    return { state, result: badRequest("the object has no metadata") };
  }
  // The body is decoded first: a custom resource's by its schema (pruned, defaulted), a built-in kind's by its Go
  // struct (decode.ts); Strict refuses unknown and duplicate fields, Warn answers them as warnings.
  const crs = customResourceSchema(state, info);
  const decoded = decodeWrite(crs, info, body, fieldValidation, duplicates ? { duplicates } : {});
  if (isStatus(decoded)) return { state, result: decoded };
  return withWarnings(updateDecoded(state, t, crs, name, decoded.object, subresource), decoded.warnings);
}

function updateDecoded(
  state: State,
  t: { info: ResourceInfo; namespace: string },
  crs: CustomResourceSchema | undefined,
  name: string,
  input: KObject,
  subresource: "status" | "finalize" | undefined,
): ApiResult {
  const { info } = t;
  if (input.metadata.name && input.metadata.name !== name) {
    return { state, result: badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`) };
  }
  const kv = existing(state, info, t.namespace, name);
  if (!kv) return { state, result: notFound(qualified(info), name) };
  const old = kv.value;
  const rv = input.metadata.resourceVersion;
  if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
    return { state, result: conflict(qualified(info), name, OPTIMISTIC_LOCK_MSG) };
  }
  let next: KObject;
  if (subresource === "status") {
    next = prepareForStatusUpdate(input, old, state.clock.now);
  } else if (subresource === "finalize") {
    // follows pkg/registry/core/namespace/storage/storage.go (FinalizeREST): only spec.finalizers changes.
    if (info.kind !== "Namespace") return { state, result: badRequest(`the finalize subresource exists only on namespaces`) };
    next = { ...old, spec: { ...(old.spec ?? {}), finalizers: [...(input.spec?.finalizers ?? [])] } };
  } else {
    const meta: Record<string, unknown> = {
      ...input.metadata,
      name,
      ...(info.namespaced ? { namespace: t.namespace } : {}),
      uid: input.metadata.uid ?? old.metadata.uid,
      creationTimestamp: input.metadata.creationTimestamp ?? old.metadata.creationTimestamp,
      resourceVersion: old.metadata.resourceVersion,
      deletionTimestamp: old.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds,
      generation: old.metadata.generation,
    };
    for (const k of Object.keys(meta)) if (meta[k] === undefined) delete meta[k];
    next = applyDefaults({ ...input, apiVersion: apiVersionOf(info), kind: info.kind, metadata: meta });
    next = prepareForUpdate(info, next, old);
    // The namespace strategy keeps spec.finalizers on updates: only the finalize subresource changes them.
    if (info.kind === "Namespace") next = { ...next, spec: { ...(next.spec ?? {}), finalizers: old.spec?.finalizers } };
    // A custom resource's generation follows every change but metadata (customresource strategy PrepareForUpdate:
    // with a status subresource the old status is kept, so only the rest counts).
    const tracked = info.crd !== undefined ? nonMetadata : specPart;
    if (info.tracksGeneration && !jsonEqual(tracked(next), tracked(old))) {
      next = { ...next, metadata: { ...next.metadata, generation: (old.metadata.generation ?? 0) + 1 } };
    }
  }
  // BeginUpdate of the Service storage: keep allocated values the client left out (before validation, so that a
  // resubmitted manifest is not "immutable"), allocate and release for a type change; the allocations are kept
  // only if the write succeeds.
  let allocators: ServiceAllocatorsState | undefined;
  if (info.kind === "Service" && info.group === "" && subresource === undefined) {
    const a = updateServiceAddresses(state, old, next);
    if (isStatus(a)) return { state, result: a };
    next = a.service;
    allocators = serviceAllocatorsOf(a.state);
  }
  if (jsonEqual(next, old)) return { state, result: old }; // a no-op update writes nothing (etcd3 store's short cut)

  const attrs = { operation: "UPDATE", resource: info, namespace: t.namespace, name, oldObject: old, ...(subresource ? { subresource } : {}) } as const;
  const mutated = mutate(state, { ...attrs, object: next });
  if (isStatus(mutated)) return { state, result: mutated };
  next = mutated.object ?? next;
  const errs = [
    ...validateUpdate(info, next, old),
    ...(subresource === "status" ? validateCustomResourceStatus(crs, next) : subresource === undefined ? validateCustomResource(crs, next) : []),
  ];
  if (errs.length > 0) return { state, result: invalidStatus(info.group, info.kind, name, errs) };
  // The validating plug-ins see the object once it is valid (store.go: BeforeUpdate, then updateValidation).
  const adm = validateAdmission(state, { ...attrs, object: next });
  if (isStatus(adm)) return { state, result: adm };

  const m = next.metadata;
  const specFinalizersLeft = info.kind === "Namespace" && (next.spec?.finalizers ?? []).length > 0;
  if (m.deletionTimestamp && (m.finalizers ?? []).length === 0 && (m.deletionGracePeriodSeconds ?? 0) === 0 && !specFinalizersLeft) {
    const d = removeObject(allocators ? withServiceAllocators(adm.state, allocators) : adm.state, info, next, kv.modRevision);
    if (!d.ok) return { state, result: conflict(qualified(info), name, OPTIMISTIC_LOCK_MSG) };
    return { state: afterWrite(d.state, info, old, undefined), result: d.object };
  }
  const w = writeObject(allocators ? withServiceAllocators(adm.state, allocators) : adm.state, info, next, kv.modRevision);
  if (!w.ok) return { state, result: conflict(qualified(info), name, OPTIMISTIC_LOCK_MSG) };
  return { state: afterWrite(w.state, info, old, w.object), result: w.object };
}

/** Everything of an object but metadata (copyNonMetadata of the customresource strategy). */
function nonMetadata(o: KObject): Record<string, unknown> {
  const { metadata: _m, ...rest } = o;
  return rest;
}
