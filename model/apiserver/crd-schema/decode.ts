/**
 * What the custom resource handler's decoder does to a body before the registry sees it. Follows
 * k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go (schemaCoercingDecoder.Decode,
 * unstructuredSchemaCoercer.apply, unstructuredDefaulter): metadata is decoded as an ObjectMeta (unknown fields
 * dropped), unknown fields are pruned (unless the CRD preserves them), nulls the schema does not allow are
 * dropped, then the schema's defaults are applied. The paths dropped are what a strict decoder reports.
 *
 * The field validation directive (metav1.FieldValidation*, handlers/create.go and update.go): "Strict" answers the
 * unknown fields with a 400 naming them; "Ignore" prunes them silently; "Warn" (and absent: handlers/rest.go
 * fieldValidation defaults to Warn) prunes them and answers each as a warning.
 */
import type { KObject } from "../../objects/types.ts";
import type { ResourceInfo } from "../resources.ts";
import { badRequest, invalidStatus, type Status } from "../status.ts";
import { invalid } from "../../validation/field-error.ts";
import { applySchemaDefaults, pruneNonNullableNulls } from "./default.ts";
import { pruneObjectMeta } from "./object-meta.ts";
import { pruneUnknownFields } from "./prune.ts";
import { isPlainObject, type CustomResourceSchema } from "./schema.ts";

import type { FieldValidation } from "../request.ts";
export type { FieldValidation };

export interface DecodedCustomResource {
  readonly object: KObject;
  /** The fields dropped: unknown metadata fields first, then the pruned paths sorted (the decoder's order). */
  readonly unknownFields: readonly string[];
}

/** The body as the decoder hands it on: metadata coerced, pruned, nulls dropped, defaulted. */
export function decodeCustomResource(crs: CustomResourceSchema, body: KObject): DecodedCustomResource {
  const meta = pruneObjectMeta(body.metadata);
  let obj: Record<string, unknown> = { ...body, metadata: meta.value };
  let pruned: readonly string[] = [];
  if (!crs.preserveUnknownFields && crs.schema !== undefined) {
    const p = pruneUnknownFields(obj, crs.schema, true);
    pruned = p.unknownFields;
    obj = pruneNonNullableNulls(p.value, crs.schema) as Record<string, unknown>;
  }
  // The root keeps its apiVersion, kind and metadata as decoded, whatever the schema says of them.
  const defaulted = applySchemaDefaults(obj, crs.schema);
  const object = (isPlainObject(defaulted) ? { ...defaulted, apiVersion: body.apiVersion, kind: body.kind, metadata: meta.value } : obj) as KObject;
  return { object, unknownFields: [...meta.unknownFields, ...pruned] };
}

/** The strict decoding error of each unknown field: `unknown field "spec.replicaz"` (sigs.k8s.io/json). */
export const unknownFieldErrors = (unknownFields: readonly string[]): string[] => unknownFields.map((f) => `unknown field "${f}"`);

/** runtime.NewStrictDecodingError(errs).Error(): "strict decoding error: " and the errors joined by ", ". */
export const strictDecodingErrorMessage = (errors: readonly string[]): string => `strict decoding error: ${errors.join(", ")}`;

/** runtime.NewStrictDecodingError(...).Error(): "strict decoding error: unknown field "a", unknown field "b"". */
export const strictDecodingMessage = (unknownFields: readonly string[]): string => strictDecodingErrorMessage(unknownFieldErrors(unknownFields));

/**
 * The 400 of a create or update with fieldValidation=Strict and unknown fields (handlers/rest.go
 * transformDecodeError: `<Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: ...`).
 */
export function strictDecodingStatus(info: ResourceInfo, body: KObject, unknownFields: readonly string[]): Status {
  return strictErrorsStatus(info, body, unknownFieldErrors(unknownFields));
}

/** As strictDecodingStatus, for any strict decoding errors (unknown and duplicate fields). */
export function strictErrorsStatus(info: ResourceInfo, body: KObject, errors: readonly string[]): Status {
  const kind = typeof body.kind === "string" && body.kind ? body.kind : info.kind;
  const apiVersion = typeof body.apiVersion === "string" && body.apiVersion ? body.apiVersion : info.version;
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  return badRequest(`${kind} in version "${version}" cannot be handled as a ${info.kind}: ${strictDecodingErrorMessage(errors)}`);
}

/** JSON with object keys sorted, as Go's encoding/json writes a map (the patched object in a patch error). */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(",")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * The 422 of a patch with fieldValidation=Strict whose patched object has unknown fields (handlers/patch.go,
 * jsonPatcher.applyPatchToCurrentObject: errors.NewInvalid(schema.GroupKind{}, "", field.Invalid("patch", the
 * patched JSON, the strict decoding error))).
 */
export function strictPatchStatus(patched: unknown, unknownFields: readonly string[]): Status {
  return strictPatchErrorsStatus(patched, unknownFieldErrors(unknownFields));
}

/** As strictPatchStatus, for any strict decoding errors (the patch's duplicate fields, the result's unknown ones). */
export function strictPatchErrorsStatus(patched: unknown, errors: readonly string[]): Status {
  return invalidStatus("", "", "", [invalid("patch", sortedJson(patched), strictDecodingErrorMessage(errors))]);
}

/**
 * The custom resource handler's decode of a write's body: the decoded object with the warnings of its unknown
 * fields (Warn, or no directive), or the Status of a strict decode that met unknown fields.
 */
export function decodeForWrite(crs: CustomResourceSchema, info: ResourceInfo, body: KObject, fieldValidation: FieldValidation | undefined): { object: KObject; warnings: readonly string[] } | Status {
  const d = decodeCustomResource(crs, body);
  if (fieldValidation === "Strict" && d.unknownFields.length > 0) return strictDecodingStatus(info, body, d.unknownFields);
  return { object: d.object, warnings: fieldValidation === "Ignore" ? [] : unknownFieldErrors(d.unknownFields) };
}
