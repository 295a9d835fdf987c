/**
 * `kubectl apply` of one object, client-side, as a user's operation: the request kubectl would send given what the
 * API has now. Absent: a create carrying the last-applied-configuration annotation (kubectl's
 * CreateApplyAnnotation). Present: a JSON merge patch from the three-way merge of the configuration last applied
 * (the annotation), the one applied now and the live object (k8s.io/kubectl/pkg/cmd/apply/patcher.go, which for a
 * custom resource calls jsonmergepatch.CreateThreeWayJSONMergePatch, k8s.io/apimachinery/pkg/util/jsonmergepatch/
 * patch.go): additions and changes from live to applied, deletions from last applied to applied. kubectl uses a
 * strategic merge patch for built-in kinds, which merges some lists by key where this replaces them; the model's
 * users apply whole lists, so the result is the same for them.
 */
import type { Action } from "../model/actions.ts";
import type { KObject } from "../model/objects/types.ts";
import { createMergePatch, mergePatch } from "../model/apiserver/merge-patch.ts";
import { userRequests } from "./user-requests.ts";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * A patch's nulls only (keepNull) or everything but its nulls; an emptied sub-object is dropped, an explicitly
 * empty one is a value (jsonmergepatch's keepOrDeleteNullInObj).
 */
export function keepOrDeleteNull(patch: Json, keepNull: boolean): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      if (keepNull) out[k] = null;
    } else if (isObject(v)) {
      if (Object.keys(v).length === 0) {
        if (!keepNull) out[k] = v;
        continue;
      }
      const sub = keepOrDeleteNull(v, keepNull);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (!keepNull) out[k] = v;
  }
  return out;
}

/** jsonmergepatch.CreateThreeWayJSONMergePatch(original, modified, current). */
export function threeWayMergePatch(original: Json, modified: Json, current: Json): Json {
  const addAndChange = keepOrDeleteNull(createMergePatch(current, modified) as Json, false);
  const deletions = keepOrDeleteNull(createMergePatch(original, modified) as Json, true);
  return mergePatch(deletions, addAndChange) as Json;
}

/** The object as kubectl sends it: with its own configuration (without that annotation) in the annotation. */
function withLastApplied(obj: KObject): KObject {
  const { [LAST_APPLIED]: _, ...annotations } = (obj.metadata.annotations ?? {}) as Record<string, string>;
  const { annotations: _all, ...rest } = obj.metadata;
  const metadata = Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest;
  const config = { ...obj, metadata };
  return { ...obj, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: `${JSON.stringify(config)}\n` } } };
}

/** The request `kubectl apply` makes for `obj` when the API has `live`; undefined when nothing would change. */
export function kubectlApply(obj: KObject, live: KObject | undefined): Action | undefined {
  const modified = withLastApplied(obj);
  if (!live) return userRequests.create(modified);
  const annotation = (live.metadata.annotations as Record<string, string> | undefined)?.[LAST_APPLIED];
  let original: Json = {};
  if (annotation !== undefined) {
    try {
      const parsed: unknown = JSON.parse(annotation);
      if (isObject(parsed)) original = parsed;
    } catch {
      // kubectl fails on an annotation it cannot read; a user's operation then makes the two-way patch.
    }
  }
  const patch = threeWayMergePatch(original, modified as unknown as Json, live as unknown as Json);
  if (Object.keys(patch).length === 0) return undefined;
  return userRequests.patch(obj, patch);
}
