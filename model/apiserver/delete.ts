/**
 * The delete verb. Follows k8s.io/apiserver/pkg/registry/generic/registry/store.go (Delete,
 * updateForGracefulDeletionAndFinalizers, deletionFinalizersForGarbageCollection), rest/delete.go
 * (BeforeDelete), pkg/registry/core/pod/strategy.go (CheckGracefulDelete) and
 * pkg/registry/core/namespace/storage/storage.go (Delete):
 * - preconditions on uid and resourceVersion (409 Conflict);
 * - pods are deleted gracefully: deletionTimestamp = now + grace period, and they stay until the kubelet deletes
 *   them with grace 0; an unscheduled or terminal pod is deleted at once;
 * - propagationPolicy Orphan adds the "orphan" finalizer, Foreground "foregroundDeletion"; an object with
 *   finalizers gets a deletionTimestamp and stays until they are removed;
 * - a namespace with spec.finalizers becomes Terminating instead of going away.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";
import { admit } from "./admission/chain.ts";
import { existing, qualified, target } from "./common.ts";
import type { ApiResult } from "./create.ts";
import { afterWrite } from "./hooks.ts";
import type { PropagationPolicy } from "./request.ts";
import { OPTIMISTIC_LOCK_MSG, badRequest, conflict, isStatus, notFound } from "./status.ts";
import { removeObject, writeObject } from "./write.ts";
import { markCustomResourceDefinitionForDeletion } from "./crd-finalizer.ts";

export const FINALIZER_ORPHAN = "orphan";
export const FINALIZER_FOREGROUND = "foregroundDeletion";

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: PropagationPolicy;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/** The grace period a delete gets: pods only (CheckGracefulDelete); everything else is deleted at once. */
function gracePeriod(obj: KObject, opts: DeleteOptions): number {
  if (obj.kind !== "Pod") return 0;
  const phase = obj.status?.phase;
  if (!obj.spec?.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
  const g = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

/** deletionFinalizersForGarbageCollection: the finalizer set after applying the propagation policy. */
function finalizersFor(obj: KObject, policy: PropagationPolicy | undefined): string[] {
  const current = [...(obj.metadata.finalizers ?? [])];
  if (policy === undefined) return current;
  const without = current.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (policy === "Orphan") return [...without, FINALIZER_ORPHAN];
  if (policy === "Foreground") return [...without, FINALIZER_FOREGROUND];
  return without;
}

export function del(
  state: State,
  resource: string,
  namespace: string | undefined,
  name: string,
  opts: DeleteOptions = {},
): ApiResult {
  const t = target(state, resource, namespace);
  if (isStatus(t)) return { state, result: t };
  const { info } = t;
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    return { state, result: badRequest(`gracePeriodSeconds must be a non-negative integer, got ${opts.gracePeriodSeconds}`) };
  }
  const kv = existing(state, info, t.namespace, name);
  if (!kv) return { state, result: notFound(qualified(info), name) };
  const obj = kv.value;
  const pre = opts.preconditions;
  if (pre?.uid !== undefined && pre.uid !== obj.metadata.uid) {
    return {
      state,
      result: conflict(qualified(info), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`),
    };
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== obj.metadata.resourceVersion) {
    return {
      state,
      result: conflict(
        qualified(info),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
      ),
    };
  }
  const adm = admit(state, { operation: "DELETE", resource: info, namespace: t.namespace, name, oldObject: obj });
  if (isStatus(adm)) return { state, result: adm };
  // apiextensions' CRD REST.Delete: the first delete adds the cleanup finalizer instead of removing the CRD, and
  // the CRD cleanup controller deletes its custom resources before removing it.
  if (info.kind === "CustomResourceDefinition" && info.group === "apiextensions.k8s.io" && !obj.metadata.deletionTimestamp) {
    return markCustomResourceDefinitionForDeletion(state, info, obj, kv.modRevision);
  }

  const now = state.clock.now;
  const finalizers = finalizersFor(obj, opts.propagationPolicy);

  if (info.kind === "Namespace") {
    if (obj.metadata.deletionTimestamp) return { state, result: obj };
    if ((obj.spec?.finalizers ?? []).length > 0 || finalizers.length > 0) {
      const next: KObject = {
        ...obj,
        metadata: { ...obj.metadata, deletionTimestamp: timestamp(now), deletionGracePeriodSeconds: 0, ...(finalizers.length ? { finalizers } : {}) },
        status: { ...(obj.status ?? {}), phase: "Terminating" },
      };
      return commit(state, info, obj, next, kv.modRevision, name);
    }
  }

  // Already being deleted: a pod's grace period may only be shortened (BeforeDelete); otherwise nothing changes.
  if (obj.metadata.deletionTimestamp) {
    const grace = gracePeriod(obj, opts);
    const current = obj.metadata.deletionGracePeriodSeconds ?? 0;
    if (info.kind === "Pod" && grace === 0 && opts.gracePeriodSeconds === 0 && finalizers.length === 0) {
      return remove(state, info, obj, kv.modRevision, name);
    }
    if (info.kind === "Pod" && grace < current) {
      const next: KObject = {
        ...obj,
        metadata: { ...obj.metadata, deletionTimestamp: timestamp(now + grace), deletionGracePeriodSeconds: grace, finalizers },
      };
      return commit(state, info, obj, next, kv.modRevision, name);
    }
    if (finalizers.join("\0") !== (obj.metadata.finalizers ?? []).join("\0")) {
      return commit(state, info, obj, { ...obj, metadata: { ...obj.metadata, finalizers } }, kv.modRevision, name);
    }
    return { state, result: obj };
  }

  const grace = gracePeriod(obj, opts);
  if (grace > 0 || finalizers.length > 0) {
    const meta = {
      ...obj.metadata,
      deletionTimestamp: timestamp(now + grace),
      deletionGracePeriodSeconds: grace,
      ...(info.tracksGeneration ? { generation: (obj.metadata.generation ?? 0) + 1 } : {}),
    };
    if (finalizers.length > 0) (meta as any).finalizers = finalizers;
    else delete (meta as any).finalizers;
    return commit(state, info, obj, { ...obj, metadata: meta }, kv.modRevision, name);
  }
  return remove(state, info, obj, kv.modRevision, name);
}

function commit(state: State, info: any, old: KObject, next: KObject, rev: number, name: string): ApiResult {
  const w = writeObject(state, info, next, rev);
  if (!w.ok) return { state, result: conflict(qualified(info), name, OPTIMISTIC_LOCK_MSG) };
  return { state: afterWrite(w.state, info, old, w.object), result: w.object };
}

function remove(state: State, info: any, obj: KObject, rev: number, name: string): ApiResult {
  const d = removeObject(state, info, obj, rev);
  if (!d.ok) return { state, result: conflict(qualified(info), name, OPTIMISTIC_LOCK_MSG) };
  return { state: afterWrite(d.state, info, obj, undefined), result: d.object };
}
