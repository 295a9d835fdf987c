/**
 * The validators of one schema node that look at a value itself (k8s.io/kube-openapi/pkg/validation/validate:
 * type.go typeValidator, validator.go stringValidator / numberValidator / basicCommonValidator, formats.go, and
 * the checks of values.go). The node-level order and the walk into objects and arrays are in validate.ts.
 */
import type { FieldError } from "../../validation/field-error.ts";
import { jsonEqual } from "../common.ts";
import { matchesFormat } from "./formats.ts";
import { goBound, goQuote, invalidValue, tooLongValue, typeInvalid, unsupportedValue } from "./messages.ts";
import type { JSONSchemaProps } from "./schema.ts";

/** The JSON type kube-openapi infers for a decoded value (schemaInfoForType): integers decode as int64. */
export function jsonTypeOf(v: unknown): "null" | "boolean" | "string" | "integer" | "number" | "array" | "object" {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return Array.isArray(v) ? "array" : "object";
}

/** The schema's types (x-kubernetes-int-or-string is integer or string, as ConvertJSONSchemaProps sets it). */
export const schemaTypes = (s: JSONSchemaProps): readonly string[] =>
  s["x-kubernetes-int-or-string"] === true ? ["integer", "string"] : s.type ? [s.type] : [];

/** typeValidator.Validate. */
export function validateType(v: unknown, s: JSONSchemaProps, path: string): FieldError[] {
  const types = schemaTypes(s);
  if (types.length === 0 && !s.format) return [];
  const t = jsonTypeOf(v);
  const fail = (expected: string, got: string) => [typeInvalid(path, got, `${path} in body must be of type ${expected}: ${goQuote(got)}`)];
  if (t === "null") return types.length > 0 && !types.includes("null") && s.nullable !== true ? fail(types.join(","), "null") : [];
  const dataFormat = t === "integer" ? "int64" : t === "number" ? "float64" : "";
  const isIntFloat = t === "integer" && types.includes("number");
  const numeric = types.includes("number") || types.includes("integer");
  if (t !== "string" && t !== "array" && s.format && !(types.includes(t) || dataFormat === s.format || isIntFloat)) {
    return fail(s.format, dataFormat);
  }
  if (!numeric && s.format && (t === "string" || t === "array")) return [];
  return types.includes(t) || isIntFloat ? [] : fail(types.join(","), t);
}

/** stringValidator.Validate: maxLength, then minLength, then pattern; the first failure only. */
export function validateString(v: string, s: JSONSchemaProps, path: string): FieldError[] {
  const length = [...v].length; // utf8.RuneCount
  if (s.maxLength !== undefined && length > s.maxLength) return [tooLongValue(path)];
  if (s.minLength !== undefined && length < s.minLength) return [invalidValue(path, v, `${path} in body should be at least ${s.minLength} chars long`)];
  if (s.pattern !== undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern);
    } catch (e) {
      return [invalidValue(path, v, `${path} in body should match '${s.pattern}, but pattern is invalid: ${(e as Error).message}'`)];
    }
    if (!re.test(v)) return [invalidValue(path, v, `${path} in body should match '${s.pattern}'`)];
  }
  return [];
}

/** formatValidator.Validate (FormatOf): a string not of the format is a type error naming the format. */
export function validateFormat(v: string, s: JSONSchemaProps, path: string): FieldError[] {
  if (!s.format || matchesFormat(s.format, v)) return [];
  return [typeInvalid(path, v, `${path} in body must be of type ${s.format}: ${goQuote(v)}`)];
}

/** swag.IsFloat64AJSONInteger, within its relative epsilon of 1e-9. */
const isJsonInteger = (f: number): boolean => Number.isInteger(f) || (Number.isFinite(f) && Math.abs(f - Math.round(f)) / Math.abs(f) < 1e-9);

/**
 * numberValidator.Validate: multipleOf, minimum, maximum (each reported). Integer data is compared with the
 * bound truncated to an int64 (MinimumNativeType → MinimumInt), as upstream does.
 */
export function validateNumber(v: number, s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const intData = Number.isInteger(v);
  if (s.multipleOf !== undefined) {
    const f = intData ? Math.trunc(s.multipleOf) : s.multipleOf;
    const ok = intData ? f !== 0 && v % f === 0 : isJsonInteger(f < 1 ? (1 / f) * v : v / f);
    if (f < 0) errs.push(invalidValue(path, f, `factor MultipleOf declared for ${path} must be positive: ${goBound(f, intData)}`));
    else if (!ok) errs.push(invalidValue(path, v, `${path} in body should be a multiple of ${goBound(f, intData)}`));
  }
  if (s.minimum !== undefined) {
    const min = intData ? Math.trunc(s.minimum) : s.minimum;
    const ex = s.exclusiveMinimum === true;
    if (ex ? v <= min : v < min) errs.push(invalidValue(path, v, `${path} in body should be greater than ${ex ? "" : "or equal to "}${goBound(min, intData)}`));
  }
  if (s.maximum !== undefined) {
    const max = intData ? Math.trunc(s.maximum) : s.maximum;
    const ex = s.exclusiveMaximum === true;
    if (ex ? v >= max : v > max) errs.push(invalidValue(path, v, `${path} in body should be less than ${ex ? "" : "or equal to "}${goBound(max, intData)}`));
  }
  return errs;
}

/** basicCommonValidator.Validate: a value not among the enum's (a null never is). */
export function validateEnum(v: unknown, s: JSONSchemaProps, path: string): FieldError[] {
  if (!s.enum || s.enum.length === 0) return [];
  if (v !== null && v !== undefined && s.enum.some((e) => e !== null && jsonEqual(v, e))) return [];
  return [unsupportedValue(path, v ?? null, s.enum)];
}
