/**
 * The patch verb: the patch applied to the stored object by its content type, then written as an update. Follows
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go (PatchResource, patcher.applyPatch, jsonPatcher, smpPatcher,
 * interpretStrategicMergePatchError) and, for custom resources, the patch types the CRD handler serves
 * (apiextensions-apiserver/pkg/apiserver/customresource_handler.go: JSON patch, merge patch, apply).
 *
 * As for an update, a resourceVersion in the patched object is a precondition (409 on a mismatch; a patch that
 * leaves it alone carries the stored one), `subresource: "status"` patches the status subresource, an invalid
 * result is 422, and a patch that changes nothing answers 200 with the stored object.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { existing, qualified, target } from "../common.ts";
import { withWarnings, type ApiResult } from "../create.ts";
import { mergePatch } from "../merge-patch.ts";
import type { PatchType } from "../request.ts";
import { badRequest, isStatus, notFound, status, unknownError, type Status } from "../status.ts";
import { update } from "../update.ts";
import { JSON_PATCH_APPLY_FAILED, jsonPatch } from "./json-patch.ts";
import { patchMetaFor } from "./patch-meta.ts";
import { StrategicMergePatchError, strategicMergePatch } from "./strategic-merge-patch.ts";
import { decodeCustomResource, strictPatchErrorsStatus, strictPatchStatus } from "../crd-schema/decode.ts";
import type { FieldValidation } from "../request.ts";
import { builtinMessageOf, decodeBuiltin } from "../builtin-schema/strict-decode.ts";
import { customResourceSchema } from "../crd-schema/schema.ts";

/** The media type of each patch type (k8s.io/apimachinery/pkg/types/patch.go). */
export const PATCH_MEDIA_TYPES: Readonly<Record<PatchType, string>> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

/** The patch types of a custom resource's handler, in its order (customresource_handler.go's supportedTypes). */
const CUSTOM_RESOURCE_PATCH_TYPES: readonly PatchType[] = ["json", "merge", "apply"];
/** The patch types of a built-in resource (the installer's patch types in apiserver/pkg/endpoints/installer.go). */
const BUILTIN_PATCH_TYPES: readonly PatchType[] = ["json", "merge", "strategic", "apply"];

/** 415 from the Content-Type allowlist (negotiation.NewUnsupportedMediaTypeError). */
export const unsupportedPatchType = (accepted: readonly PatchType[]): Status =>
  status(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted.map((t) => PATCH_MEDIA_TYPES[t]).join(", ")}`);

/** 415 for server-side apply, which kubeprop does not implement (upstream would run the field manager). */
export const SERVER_SIDE_APPLY_UNSUPPORTED =
  "server-side apply (application/apply-patch+yaml) is not supported by kubeprop: use kubectl apply without --server-side, or a merge, strategic merge or JSON patch";

export function patch(
  state: State,
  resource: string,
  namespace: string | undefined,
  name: string,
  body: unknown,
  subresource?: "status",
  patchType: PatchType = "merge",
  fieldValidation?: FieldValidation,
  duplicates?: readonly string[],
): ApiResult {
  const t = target(state, resource, namespace);
  if (isStatus(t)) return { state, result: t };
  const accepted = t.info.crd !== undefined ? CUSTOM_RESOURCE_PATCH_TYPES : BUILTIN_PATCH_TYPES;
  if (!accepted.includes(patchType)) return { state, result: unsupportedPatchType(accepted) };
  if (patchType === "apply") return { state, result: status(415, "UnsupportedMediaType", SERVER_SIDE_APPLY_UNSUPPORTED) };
  if (patchType !== "json" && (typeof body !== "object" || body === null || Array.isArray(body))) {
    return {
      state,
      result: badRequest(patchType === "strategic" ? "json: cannot unmarshal array into Go value of type map[string]interface {}" : "the patch must be a JSON object"),
    };
  }
  const kv = existing(state, t.info, t.namespace, name);
  if (!kv) return { state, result: notFound(qualified(t.info), name) };
  const current = kv.value;

  let patched: unknown;
  if (patchType === "json") {
    const r = jsonPatch(current, body);
    if (!r.ok) return { state, result: r.code === 400 ? badRequest(r.message) : status(422, "Invalid", JSON_PATCH_APPLY_FAILED, { name: "", group: "", kind: "" }) };
    patched = r.document;
  } else if (patchType === "strategic") {
    const meta = patchMetaFor(t.info.group, t.info.kind) ?? {};
    try {
      patched = strategicMergePatch(current as unknown as Record<string, unknown>, body as Record<string, unknown>, meta);
    } catch (e) {
      if (!(e instanceof StrategicMergePatchError)) throw e;
      return { state, result: strategicPatchStatus(e) };
    }
  } else {
    patched = mergePatch(current, body);
  }
  if (typeof patched !== "object" || patched === null || Array.isArray(patched)) {
    return { state, result: badRequest("the patched object is not a JSON object") };
  }
  const obj = patched as KObject;
  const meta = typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {};
  // The resourceVersion the patched object carries is the update's precondition (GuaranteedUpdate); one the
  // patch removed means "no precondition", as the stored one does.
  const withRv: KObject = { ...obj, metadata: { ...meta, resourceVersion: (meta as { resourceVersion?: string }).resourceVersion ?? current.metadata.resourceVersion } };
  // A custom resource's patched object is decoded by its schema; with Strict, unknown fields in it are a 422 naming
  // the patch (patch.go), and the update then prunes what is left to prune.
  const crs = customResourceSchema(state, t.info);
  if (crs !== undefined && fieldValidation === "Strict") {
    const unknown = decodeCustomResource(crs, obj).unknownFields;
    if (unknown.length > 0) return { state, result: strictPatchStatus(patched, unknown) };
  }
  if (crs !== undefined) return update(state, resource, namespace, name, withRv, subresource, fieldValidation === "Strict" ? "Ignore" : fieldValidation);
  // A built-in kind's: the patch's own duplicate fields (in the patch's order), then the unknown fields of the
  // patched object (in the order of JSON marshalled from a map: sorted) are strict errors, answered 422 under
  // Strict and as warnings under Warn or no directive (jsonPatcher.applyPatchToCurrentObject; the strategic merge
  // patcher words them alike). The update then drops the unknown fields and refuses undecodable values.
  const message = builtinMessageOf(t.info.group, t.info.version, t.info.kind);
  if (message === undefined || fieldValidation === "Ignore") return update(state, resource, namespace, name, withRv, subresource, "Ignore");
  const strictErrors = [...(duplicates ?? []).map((p) => `duplicate field "${p}"`), ...decodeBuiltin(message, obj as unknown as Record<string, unknown>, { sortedKeys: true }).strictErrors];
  if (fieldValidation === "Strict" && strictErrors.length > 0) return { state, result: strictPatchErrorsStatus(patched, strictErrors) };
  return withWarnings(update(state, resource, namespace, name, withRv, subresource, "Ignore"), strictErrors);
}

/** interpretStrategicMergePatchError: format errors are 400, lists of lists 422, anything else a plain 500. */
function strategicPatchStatus(e: StrategicMergePatchError): Status {
  switch (e.errorClass) {
    case "BadRequest":
      return badRequest(e.message);
    case "Unprocessable":
      return status(422, "Invalid", JSON_PATCH_APPLY_FAILED, { name: "", group: "", kind: "" });
    default:
      return unknownError(e.message);
  }
}
