/**
 * The garbage collector's API calls. Follows pkg/controller/garbagecollector/operations.go (apiResource,
 * deleteObject, getObject, removeFinalizer) and patch.go (deleteOwnerRefJSONMergePatch,
 * unblockOwnerReferencesJSONMergePatch).
 *
 * Every decision is re-read from the API server, never from the graph or a cache: the graph lags, and acting
 * on it would delete an object whose owner was just recreated or that just got a new owner. Deletes carry the
 * uid (and the resourceVersion that was read) as preconditions for the same reason.
 */
import type { KObject, OwnerReference } from "../../objects/types.ts";
import type { ResourceInfo } from "../../apiserver/resources.ts";
import type { PropagationPolicy } from "../../apiserver/request.ts";
import { resourceForKind, resourceId } from "../../apiserver/lookup.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { send } from "../../client.ts";
import type { ObjectIdentity } from "./graph.ts";
import type { GcPass } from "./memory.ts";

/** An API answer: the object, or the failure (a Status, or "no such kind" from the REST mapper). */
export type ApiOutcome = { readonly ok: true; readonly obj: KObject } | { readonly ok: false; readonly code: number; readonly status?: Status };

/** The outcome of a write the caller only needs to judge: success, or the failure's HTTP code. */
export interface WriteOutcome {
  readonly ok: boolean;
  /** 200 on success; 0 when the kind is not served (a REST mapping error). */
  readonly code: number;
}

const done = (o: ApiOutcome): WriteOutcome => (o.ok ? { ok: true, code: 200 } : { ok: false, code: o.code });

/** retry.DefaultBackoff.Steps: attempts of removeFinalizer on conflicts. */
export const DEFAULT_BACKOFF_STEPS = 5;

/** The REST mapping of an apiVersion/kind (undefined when the kind is not served: a restMappingError). */
export const apiResource = (p: GcPass, apiVersion: string, kind: string): ResourceInfo | undefined => resourceForKind(p.state, apiVersion, kind);

/** resourceDefaultNamespace: the namespace for a request about `namespace`'s object of a kind. */
const nsFor = (info: ResourceInfo, namespace: string): string | undefined => (info.namespaced ? namespace : undefined);

function outcome(r: { result: KObject | Status }): ApiOutcome {
  return isStatus(r.result) ? { ok: false, code: r.result.code, status: r.result } : { ok: true, obj: r.result };
}

/** getObject: a live GET of an identity (code 0: the kind is not served). */
export function getObject(p: GcPass, id: ObjectIdentity): ApiOutcome {
  const info = apiResource(p, id.apiVersion, id.kind);
  if (!info) return { ok: false, code: 0 };
  const ns = nsFor(info, id.namespace);
  return outcome(send(p.state, p.c.id, { verb: "get", resource: resourceId(info), ...(ns ? { namespace: ns } : {}), name: id.name }, p.log));
}

/** A live GET of an owner reference, from a dependent in `namespace`. */
export function getOwner(p: GcPass, ref: OwnerReference, namespace: string): { info?: ResourceInfo; out: ApiOutcome } {
  const info = apiResource(p, ref.apiVersion, ref.kind);
  if (!info) return { out: { ok: false, code: 0 } };
  const ns = nsFor(info, namespace);
  return { info, out: outcome(send(p.state, p.c.id, { verb: "get", resource: resourceId(info), ...(ns ? { namespace: ns } : {}), name: ref.name }, p.log)) };
}

const sameOwners = (a: readonly OwnerReference[] | undefined, b: readonly OwnerReference[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * deleteObject: DELETE with uid and resourceVersion preconditions. On a conflict, when the live object is the
 * same one and only its resourceVersion moved (its ownerReferences are what the decision was based on), the
 * delete is retried with the uid precondition alone; a gone object answers 404.
 */
export function deleteObject(p: GcPass, id: ObjectIdentity, resourceVersion: string | undefined, owners: readonly OwnerReference[] | undefined, policy: PropagationPolicy): ApiOutcome {
  const info = apiResource(p, id.apiVersion, id.kind);
  if (!info) return { ok: false, code: 0 };
  const ns = nsFor(info, id.namespace);
  const base = { verb: "delete" as const, resource: resourceId(info), ...(ns ? { namespace: ns } : {}), name: id.name, propagationPolicy: policy };
  const r = send(p.state, p.c.id, { ...base, preconditions: { uid: id.uid, ...(resourceVersion ? { resourceVersion } : {}) } }, p.log);
  p.state = r.state;
  const first = outcome(r);
  if (first.ok || first.code !== 409 || !resourceVersion) return first;
  const live = getObject(p, id);
  if (!live.ok) return live.code === 404 ? live : first;
  if (live.obj.metadata.uid === id.uid && live.obj.metadata.resourceVersion !== resourceVersion && sameOwners(live.obj.metadata.ownerReferences, owners)) {
    const again = send(p.state, p.c.id, { ...base, preconditions: { uid: id.uid } }, p.log);
    p.state = again.state;
    return outcome(again);
  }
  return first;
}

/** A JSON merge patch of an object's ownerReferences, conditioned on the resourceVersion just read. */
function patchOwnerReferences(p: GcPass, id: ObjectIdentity, edit: (refs: readonly OwnerReference[]) => OwnerReference[] | undefined): WriteOutcome {
  const info = apiResource(p, id.apiVersion, id.kind);
  if (!info) return { ok: false, code: 0 };
  const live = getObject(p, id);
  if (!live.ok) return done(live);
  // The strategic merge patch upstream carries the dependent's uid as a precondition: another object with the
  // same name is not ours to edit.
  if (live.obj.metadata.uid !== id.uid) return { ok: false, code: 404 };
  const refs = live.obj.metadata.ownerReferences ?? [];
  const next = edit(refs);
  if (next === undefined) return { ok: true, code: 200 };
  const ns = nsFor(info, id.namespace);
  const r = send(
    p.state,
    p.c.id,
    {
      verb: "patch",
      resource: resourceId(info),
      ...(ns ? { namespace: ns } : {}),
      name: id.name,
      patch: { metadata: { resourceVersion: live.obj.metadata.resourceVersion, ownerReferences: next.length > 0 ? next : null } },
    },
    p.log,
  );
  p.state = r.state;
  return done(outcome(r));
}

/** deleteOwnerRefJSONMergePatch: drops the references to the given owner uids. */
export function deleteOwnerReferences(p: GcPass, id: ObjectIdentity, ownerUids: readonly string[]): WriteOutcome {
  return patchOwnerReferences(p, id, (refs) => {
    const next = refs.filter((r) => !ownerUids.includes(r.uid));
    return next.length === refs.length ? undefined : next;
  });
}

/** unblockOwnerReferencesJSONMergePatch: every reference gets blockOwnerDeletion=false (breaks foreground cycles). */
export function unblockOwnerReferences(p: GcPass, id: ObjectIdentity): WriteOutcome {
  return patchOwnerReferences(p, id, (refs) => refs.map((r) => ({ ...r, blockOwnerDeletion: false })));
}

/**
 * removeFinalizer: GET, drop the finalizer, JSON merge patch with the resourceVersion read (RetryOnConflict).
 * A gone object, or one without the finalizer, is success. When the last finalizer of an object being deleted
 * goes, the API server deletes it in the same update.
 */
export function removeFinalizer(p: GcPass, id: ObjectIdentity, finalizer: string): WriteOutcome {
  const info = apiResource(p, id.apiVersion, id.kind);
  if (!info) return { ok: false, code: 0 };
  const ns = nsFor(info, id.namespace);
  let last: ApiOutcome = { ok: false, code: 409 };
  for (let attempt = 0; attempt < DEFAULT_BACKOFF_STEPS; attempt++) {
    // Upstream reads by name only (no uid check), as here.
    const live = getObject(p, id);
    if (!live.ok) return live.code === 404 ? { ok: true, code: 200 } : done(live);
    const finalizers = live.obj.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return { ok: true, code: 200 };
    const next = finalizers.filter((f) => f !== finalizer);
    const r = send(
      p.state,
      p.c.id,
      {
        verb: "patch",
        resource: resourceId(info),
        ...(ns ? { namespace: ns } : {}),
        name: id.name,
        patch: { metadata: { resourceVersion: live.obj.metadata.resourceVersion, finalizers: next.length > 0 ? next : null } },
      },
      p.log,
    );
    p.state = r.state;
    last = outcome(r);
    if (last.ok || last.code !== 409) return done(last);
  }
  return done(last);
}
