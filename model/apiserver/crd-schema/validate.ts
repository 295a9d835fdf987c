/**
 * Validation of a custom resource against its schema. Follows k8s.io/kube-openapi/pkg/validation/validate
 * (schema.go SchemaValidator.Validate: the validators type, string, format, number, slice, common (enum), object,
 * each run when it applies to the value's kind; a null meets only type and enum; object_validator.go and
 * slice_validator.go for the walk) as k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go
 * (ValidateCustomResource) uses it, its errors turned into field errors as kubeOpenAPIResultToFieldErrors does
 * (messages.ts).
 *
 * Not followed: allOf/anyOf/oneOf/not (a structural schema only restricts with them), x-kubernetes-validations
 * (CEL), x-kubernetes-list-type/map-keys invariants, ratcheting of unchanged invalid values on update, and the
 * apiVersion/kind/metadata checks of an x-kubernetes-embedded-resource (objectmeta.Validate). Upstream walks
 * properties in Go map order (random); the model walks them in the schema's order.
 */
import type { FieldError } from "../../validation/field-error.ts";
import { invalidValue, requiredValue, tooManyValue } from "./messages.ts";
import { childPath, indexPath, isPlainObject, type JSONSchemaProps } from "./schema.ts";
import { jsonTypeOf, validateEnum, validateFormat, validateNumber, validateString, validateType } from "./validate-values.ts";
import { jsonEqual } from "../common.ts";

/** The errors of `value` at `path` ("" for the resource itself) against `schema` (empty when valid). */
export function validateAgainstSchema(value: unknown, schema: JSONSchemaProps, path = ""): FieldError[] {
  const errs: FieldError[] = [...validateType(value, schema, path)];
  const t = jsonTypeOf(value);
  if (t === "null") return [...errs, ...validateEnum(value, schema, path)];
  if (t === "string") errs.push(...validateString(value as string, schema, path), ...validateFormat(value as string, schema, path));
  if (t === "integer" || t === "number") errs.push(...validateNumber(value as number, schema, path));
  if (t === "array") errs.push(...validateArray(value as unknown[], schema, path));
  errs.push(...validateEnum(value, schema, path));
  if (t === "object") errs.push(...validateObject(value as Record<string, unknown>, schema, path));
  return errs;
}

/** schemaSliceValidator.Validate: each item, then minItems, maxItems, uniqueItems. */
function validateArray(v: readonly unknown[], s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.items !== undefined) v.forEach((item, i) => errs.push(...validateAgainstSchema(item, s.items!, indexPath(path, i))));
  if (s.minItems !== undefined && v.length < s.minItems) errs.push(invalidValue(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(tooManyValue(path, v.length));
  if (s.uniqueItems === true && v.some((x, i) => v.slice(0, i).some((y) => jsonEqual(x, y)))) {
    errs.push(invalidValue(path, "", `${path} in body shouldn't contain duplicates`));
  }
  return errs;
}

/**
 * objectValidator.Validate: minProperties/maxProperties (a failure ends the object's checks), fields
 * additionalProperties forbids or validates, the properties, then the required ones.
 */
function validateObject(v: Readonly<Record<string, unknown>>, s: JSONSchemaProps, path: string): FieldError[] {
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (s.minProperties !== undefined && keys.length < s.minProperties) {
    return [invalidValue(path, keys.length, `${path} in body should have at least ${s.minProperties} properties`)];
  }
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) return [tooManyValue(path, keys.length)];
  const errs: FieldError[] = [];
  const props = s.properties ?? {};
  for (const k of keys) {
    if (k in props) continue;
    if (s.additionalProperties === false) errs.push(invalidValue(path, k, `${childPath(path, k)} in body is a forbidden property`));
    else if (isPlainObject(s.additionalProperties)) errs.push(...validateAgainstSchema(v[k], s.additionalProperties as JSONSchemaProps, childPath(path, k)));
  }
  for (const [k, prop] of Object.entries(props)) {
    if (k in v && v[k] !== undefined) errs.push(...validateAgainstSchema(v[k], prop, childPath(path, k)));
  }
  for (const k of s.required ?? []) if (!(k in v) || v[k] === undefined) errs.push(requiredValue(childPath(path, k)));
  return errs;
}
