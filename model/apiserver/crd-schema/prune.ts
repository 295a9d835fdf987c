/**
 * Pruning of unknown fields. Follows k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go
 * (PruneWithOptions, prune, skipPrune): a field the schema does not name is dropped, unless its object is
 * x-kubernetes-preserve-unknown-fields; an x-kubernetes-embedded-resource object, and the resource's root, keep
 * apiVersion, kind and metadata. The dropped fields' paths are returned sorted (what the strict decoder reports as
 * `unknown field "spec.replicaz"`); the root's own apiVersion/kind/metadata are never reported.
 *
 * Pure: the input is not changed, a pruned copy is returned.
 */
import { childPath, indexPath, isPlainObject, type JSONSchemaProps } from "./schema.ts";

export interface Pruned<T> {
  readonly value: T;
  /** The paths of the dropped fields, sorted ("spec.replicaz", "spec.ports[0].nmae"). */
  readonly unknownFields: readonly string[];
}

const META_FIELDS: ReadonlySet<string> = new Set(["apiVersion", "kind", "metadata"]);

/** Prunes `obj` against `schema`; `isResourceRoot` marks the resource itself (its type and object meta are kept). */
export function pruneUnknownFields<T>(obj: T, schema: JSONSchemaProps | undefined, isResourceRoot: boolean): Pruned<T> {
  const s: JSONSchemaProps = isResourceRoot ? { ...(schema ?? {}), "x-kubernetes-embedded-resource": true } : (schema ?? {});
  const unknown: string[] = [];
  const value = prune(obj, isResourceRoot || schema !== undefined ? s : undefined, "", unknown) as T;
  return { value, unknownFields: [...unknown].sort() };
}

/**
 * The schema additionalProperties gives a value: null when there is none; undefined (no schema: nested fields
 * are dropped, scalars kept) for a boolean, as Structural's StructuralOrBool{Bool} has it (pruning/algorithm_test.go
 * "additionalProperties with bool").
 */
const additional = (s: JSONSchemaProps): JSONSchemaProps | undefined | null =>
  s.additionalProperties === undefined ? null : typeof s.additionalProperties === "boolean" ? undefined : s.additionalProperties;

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string, unknown: string[]): unknown {
  if (s !== undefined && s["x-kubernetes-preserve-unknown-fields"] === true) return skipPrune(x, s, path, unknown);
  if (Array.isArray(x)) return x.map((v, i) => prune(v, s?.items, indexPath(path, i), unknown));
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (s !== undefined && s["x-kubernetes-embedded-resource"] === true && META_FIELDS.has(k)) {
      out[k] = v;
      continue;
    }
    const prop = s?.properties?.[k];
    const extra = s === undefined ? null : additional(s);
    if (prop !== undefined) out[k] = prune(v, prop, childPath(path, k), unknown);
    else if (extra !== null) out[k] = prune(v, extra, childPath(path, k), unknown);
    else if (!META_FIELDS.has(k) || path !== "") unknown.push(childPath(path, k));
  }
  return out;
}

/** Under x-kubernetes-preserve-unknown-fields: unknown fields stay, known ones are pruned by their own schema. */
function skipPrune(x: unknown, s: JSONSchemaProps | undefined, path: string, unknown: string[]): unknown {
  if (s === undefined) return x;
  if (Array.isArray(x)) return x.map((v, i) => skipPrune(v, s.items, indexPath(path, i), unknown));
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  const extra = additional(s);
  for (const [k, v] of Object.entries(x)) {
    const prop = s.properties?.[k];
    if (s["x-kubernetes-embedded-resource"] === true && META_FIELDS.has(k)) out[k] = v;
    else if (prop !== undefined) out[k] = prune(v, prop, childPath(path, k), unknown);
    else if (extra !== null) out[k] = prune(v, extra, childPath(path, k), unknown);
    else out[k] = v;
  }
  return out;
}
