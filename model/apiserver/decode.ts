/**
 * What the API server's decoding does to a built-in kind's body before anything else sees it
 * (k8s.io/apiserver/pkg/endpoints/handlers/create.go and update.go; rest.go transformDecodeError and
 * fieldValidation): the body is decoded into its Go struct (builtin-schema/strict-decode.ts, driven by the field
 * table generated from generated.proto), then
 * - a value that does not fit its Go type is 400 BadRequest `<Kind> in version "<version>" cannot be handled as a
 *   <Kind>: <decoder error>` (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
 *   type int32`, or resource.Quantity's own ErrFormatWrong/ErrNumeric/ErrSuffix), whatever the directive;
 * - unknown and duplicate fields are strict decoding errors, answered by the field validation directive:
 *   "Strict" is 400 `... cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`;
 *   "Warn" (and no directive: rest.go's fieldValidation defaults to Warn) keeps the object, unknown fields dropped,
 *   and answers each error as a warning (addStrictDecodingWarnings); "Ignore" drops them silently.
 * Kinds without a table (CustomResourceDefinition, custom resources, which crd-schema/decode.ts decodes) pass.
 */
import { foldSecretStringData } from "./secret-string-data.ts";
import type { KObject } from "../objects/types.ts";
import type { ResourceInfo } from "./resources.ts";
import type { FieldValidation } from "./request.ts";
import { badRequest, type Status } from "./status.ts";
import { builtinMessageOf, decodeBuiltin, type BuiltinDecodeOptions } from "./builtin-schema/strict-decode.ts";
import { decodeForWrite, strictErrorsStatus } from "./crd-schema/decode.ts";
import type { CustomResourceSchema } from "./crd-schema/schema.ts";

export interface DecodedWrite {
  readonly object: KObject;
  /** Warnings for the answer (fieldValidation Warn): one per strict decoding error. */
  readonly warnings: readonly string[];
}

/** The 400 of a body whose fields do not decode into their Go types (transformDecodeError). */
export const undecodableStatus = (info: ResourceInfo, why: string): Status =>
  badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${why}`);

/**
 * The body of a create or update of a built-in kind as the decoder hands it on, or the Status refusing it.
 * `duplicates`: the strict-error paths of keys the request's text gave twice.
 */
export function decodeBuiltinWrite(info: ResourceInfo, body: KObject, fieldValidation: FieldValidation | undefined, opts: BuiltinDecodeOptions = {}): DecodedWrite | Status {
  const message = info.crd === undefined ? builtinMessageOf(info.group, info.version, info.kind) : undefined;
  if (message === undefined) return { object: body, warnings: [] };
  const d = decodeBuiltin(message, body as unknown as Record<string, unknown>, opts);
  if (d.typeError !== undefined) return undecodableStatus(info, d.typeError);
  // Conversion to the internal type follows decoding: a Secret's stringData becomes data (secret-string-data.ts).
  const object = foldSecretStringData(info, d.object as unknown as KObject);
  if (d.strictErrors.length === 0 || fieldValidation === "Ignore") return { object, warnings: [] };
  if (fieldValidation === "Strict") return strictErrorsStatus(info, body, d.strictErrors);
  return { object, warnings: d.strictErrors };
}

/**
 * The decode of a create's or update's body: a custom resource's by its schema (crd-schema/decode.ts), a built-in
 * kind's by its Go struct.
 */
export function decodeWrite(
  crs: CustomResourceSchema | undefined,
  info: ResourceInfo,
  body: KObject,
  fieldValidation: FieldValidation | undefined,
  opts: BuiltinDecodeOptions = {},
): DecodedWrite | Status {
  return crs !== undefined ? decodeForWrite(crs, info, body, fieldValidation) : decodeBuiltinWrite(info, body, fieldValidation, opts);
}
