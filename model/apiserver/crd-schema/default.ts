/**
 * Defaulting from the schema's `default` values. Follows
 * k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/algorithm.go (Default) and prunenulls.go
 * (PruneNonNullableNullsWithoutDefaults, which the decoder runs first): a property absent from an object, or
 * null where the schema does not allow null, gets a copy of its default; a null without a default where null is
 * not allowed is dropped. Upstream defaults when a request is decoded and again when an object is read from
 * etcd; the model defaults on write only (create, update, patch), so a stored object that predates a newly added
 * default keeps lacking it until it is written again.
 *
 * Pure: a defaulted copy is returned.
 */
import { isPlainObject, type JSONSchemaProps } from "./schema.ts";

const copy = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** isNonNullableNull: a null where the schema does not say nullable. */
const isNonNullableNull = (x: unknown, s: JSONSchemaProps | undefined): boolean => x === null && s !== undefined && s.nullable !== true;

/** The schema of additionalProperties when it is one (a boolean names none). */
const additionalSchema = (s: JSONSchemaProps): JSONSchemaProps | undefined =>
  typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;

/** Drops nulls the schema does not allow and has no default for (PruneNonNullableNullsWithoutDefaults). */
export function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): unknown {
  if (s === undefined) return x;
  if (Array.isArray(x)) return x.map((v) => pruneNonNullableNulls(v, s.items));
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const prop = s.properties?.[k] ?? additionalSchema(s);
    if (v === null && prop !== undefined && prop.nullable !== true && prop.default === undefined) continue;
    out[k] = pruneNonNullableNulls(v, prop);
  }
  return out;
}

/** Default: fills in the schema's defaults, recursively. */
export function applySchemaDefaults(x: unknown, s: JSONSchemaProps | undefined): unknown {
  if (s === undefined) return x;
  if (Array.isArray(x)) {
    return x.map((v) => applySchemaDefaults(isNonNullableNull(v, s.items) && s.items?.default !== undefined ? copy(s.items.default) : v, s.items));
  }
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = { ...x };
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!(k in out) || isNonNullableNull(out[k], prop)) out[k] = copy(prop.default);
  }
  const extra = additionalSchema(s);
  for (const k of Object.keys(out)) {
    const prop = s.properties?.[k];
    if (prop !== undefined) out[k] = applySchemaDefaults(out[k], prop);
    else if (extra !== undefined) {
      if (isNonNullableNull(out[k], extra) && extra.default !== undefined) out[k] = copy(extra.default);
      out[k] = applySchemaDefaults(out[k], extra);
    }
  }
  return out;
}
