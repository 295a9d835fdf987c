/**
 * A fast-check arbitrary of a custom resource, derived from its CustomResourceDefinition's OpenAPI v3 schema:
 * objects a user could apply, shrinking towards the smallest (optional fields left out, numbers towards their
 * minimum, strings towards their shortest).
 *
 * The schema keywords followed are those of a structural schema (apiextensions.k8s.io/v1, as
 * k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/types_jsonschema.go lists them): type, properties,
 * required, items, additionalProperties, enum, minimum/maximum (and their exclusive forms), multipleOf,
 * minLength/maxLength, pattern, format (date-time, int32, int64), minItems/maxItems, uniqueItems, nullable,
 * x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields, x-kubernetes-embedded-resource,
 * x-kubernetes-list-type (set, map with x-kubernetes-list-map-keys). Not followed: x-kubernetes-validations (CEL
 * rules: a generated object may break one, and the API server's answer shows it), allOf/anyOf/oneOf/not (which a
 * structural schema may only use to restrict, never to add fields), and patterns that JavaScript's RegExp reads
 * differently from Go's RE2 (such a pattern falls back to short lower-case strings).
 *
 * Bounded on purpose, so that a run's objects stay small and collide: strings of at most 8 characters, numbers
 * within 5 of their minimum, lists and maps of at most 2 entries, names from a short list (two operations on the
 * same name are an update), schema depth 8.
 */
import fc from "fast-check";
import type { JSONSchemaProps } from "../../model/apiserver/crd-schema/schema.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDocuments } from "../../model/scenario/parse.ts";
import { ScenarioError } from "../../model/scenario/types.ts";
import type { KObject } from "../../model/objects/types.ts";
import { InputError } from "../input-error.ts";

/** The JSON schema properties a structural schema may hold: the API server's own type (apiextensions/v1 JSONSchemaProps). */
type Schema = JSONSchemaProps;

export interface CustomResourceArbOptions {
  /** The names objects get (default ["a", "b"]: few, so that a run's operations meet the same object). */
  readonly names?: readonly string[];
  /** The namespace of a namespaced resource (default "default"). */
  readonly namespace?: string;
  /** The version to generate (default: the storage version). */
  readonly version?: string;
}

const MAX_STRING = 8;
const NUMBER_SPAN = 5;
const MAX_ENTRIES = 2;
const MAX_DEPTH = 8;
const shortString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."abcxyz"), minLength: min, maxLength: Math.max(min, max) });

function stringArb(s: Schema): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? MAX_STRING, min + MAX_STRING);
  if (s.format === "date-time") return fc.integer({ min: 0, max: 86_400 * 365 }).map((sec) => new Date(Date.UTC(2026, 0, 1) + sec * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"));
  if (s.pattern !== undefined) {
    try {
      // The pattern decides the length (filtering for minLength/maxLength too could reject for ever).
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      // A pattern JavaScript does not read (RE2 syntax): fall back to short strings.
    }
  }
  return shortString(min, max);
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<unknown> {
  const step = s.multipleOf !== undefined && s.multipleOf > 0 ? s.multipleOf : 1;
  let lo = s.minimum ?? (s.maximum !== undefined ? s.maximum - NUMBER_SPAN * step : 0);
  let hi = s.maximum ?? lo + NUMBER_SPAN * step;
  if (s.exclusiveMinimum && s.minimum !== undefined) lo += integer ? 1 : step;
  if (s.exclusiveMaximum && s.maximum !== undefined) hi -= integer ? 1 : step;
  if (s.format === "int32") {
    lo = Math.max(lo, -(2 ** 31));
    hi = Math.min(hi, 2 ** 31 - 1);
  }
  // Multiples of the step within [lo, hi], at most NUMBER_SPAN + 1 of them, from the lowest.
  const first = Math.ceil(lo / step);
  const last = Math.min(Math.floor(hi / step), first + NUMBER_SPAN);
  if (last < first) return fc.constant(lo);
  return fc.integer({ min: first, max: last }).map((k) => k * step);
}

/** Entries of a list keyed by its map keys (x-kubernetes-list-type: map), or distinct values (set). */
function listArb(s: Schema, depth: number): fc.Arbitrary<unknown> {
  const item = s.items ? schemaArb(s.items, depth + 1) : fc.constant({});
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(s.maxItems ?? MAX_ENTRIES, minLength + MAX_ENTRIES);
  const listType = s["x-kubernetes-list-type"];
  const keys = s["x-kubernetes-list-map-keys"] ?? [];
  if (listType === "map" && keys.length > 0) {
    const keyOf = (x: unknown) => JSON.stringify(keys.map((k) => (x as Record<string, unknown>)[k]));
    return fc.uniqueArray(item, { minLength, maxLength, selector: keyOf });
  }
  if (listType === "set" || s.uniqueItems) return fc.uniqueArray(item, { minLength, maxLength, selector: (x) => JSON.stringify(x) });
  return fc.array(item, { minLength, maxLength });
}

function objectArb(s: Schema, depth: number, root?: { readonly omit: readonly string[] }): fc.Arbitrary<unknown> {
  const props = Object.entries(s.properties ?? {}).filter(([k]) => !root?.omit.includes(k));
  if (props.length > 0) {
    // At the root every field is generated: a resource without its spec tells a controller little.
    const required = root ? props.map(([k]) => k) : (s.required ?? []).filter((k) => props.some(([p]) => p === k));
    // Past the depth bound only what is required is generated.
    const kept = depth >= MAX_DEPTH ? props.filter(([k]) => required.includes(k)) : props;
    const model = Object.fromEntries(kept.map(([k, v]) => [k, schemaArb(v, depth + 1)]));
    return fc.record(model, { requiredKeys: required });
  }
  if (s.additionalProperties && typeof s.additionalProperties === "object" && depth < MAX_DEPTH) {
    return fc.dictionary(shortString(1, 4), schemaArb(s.additionalProperties, depth + 1), { maxKeys: MAX_ENTRIES });
  }
  // x-kubernetes-preserve-unknown-fields or an object without properties: its smallest form.
  return fc.constant({});
}

/** An arbitrary of the values a schema accepts (within the bounds above). */
function schemaArb(s: Schema, depth: number): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (s.enum && s.enum.length > 0) arb = fc.constantFrom(...s.enum);
  else if (s["x-kubernetes-int-or-string"]) arb = fc.oneof(numberArb({ ...s, minimum: s.minimum ?? 0 }, true), shortString(1, 4));
  else if (s["x-kubernetes-embedded-resource"]) arb = fc.constant({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "embedded" } });
  else
    switch (s.type) {
      case "string":
        arb = stringArb(s);
        break;
      case "integer":
        arb = numberArb(s, true);
        break;
      case "number":
        arb = numberArb(s, false);
        break;
      case "boolean":
        arb = fc.boolean();
        break;
      case "array":
        arb = listArb(s, depth);
        break;
      default:
        arb = objectArb(s, depth);
    }
  return s.nullable ? fc.option(arb, { nil: null, freq: 5 }) : arb;
}

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly scope: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served?: boolean; readonly storage?: boolean; readonly schema?: { readonly openAPIV3Schema?: Schema } }[];
  };
}

/** The CRD in a file (YAML or JSON; the first CustomResourceDefinition document). */
function readCrd(file: string): KObject {
  let docs: unknown[];
  try {
    docs = parseDocuments(readFileSync(file, "utf8"), file);
  } catch (e) {
    // A YAML mistake already names the file and the place.
    if (e instanceof ScenarioError) throw new InputError(e.message);
    throw new InputError(`${file}: cannot read a CustomResourceDefinition (${(e as Error).message.split("\n")[0]})`);
  }
  const crd = docs.find((d) => (d as KObject | null)?.kind === "CustomResourceDefinition");
  if (!crd) throw new InputError(`${file}: holds no CustomResourceDefinition`);
  return crd as KObject;
}

/**
 * Objects of a CRD's kind, generated from its schema: `customResourceArb(crd)` with the CRD as an object, or
 * as a file (a path, or `new URL("./crd.yaml", import.meta.url)`). The top-level fields besides apiVersion, kind,
 * metadata and status (spec, usually) come from the schema and are always there; status is the controller's to
 * write.
 */
export function customResourceArb(crd: KObject | string | URL, opts: CustomResourceArbOptions = {}): fc.Arbitrary<KObject> {
  const source = typeof crd === "string" ? crd : crd instanceof URL ? fileURLToPath(crd) : `CustomResourceDefinition ${crd.metadata?.name ?? ""}`;
  const def = (typeof crd === "string" || crd instanceof URL ? readCrd(source) : crd) as unknown as Crd;
  const versions = def.spec?.versions ?? [];
  const version = opts.version !== undefined ? versions.find((v) => v.name === opts.version) : (versions.find((v) => v.storage) ?? versions.find((v) => v.served !== false));
  if (!version) throw new InputError(`${source}: spec.versions: no version ${opts.version !== undefined ? `named ${opts.version}` : "to generate"}`);
  const names = opts.names ?? ["a", "b"];
  if (names.length === 0) throw new InputError(`${source}: customResourceArb: names must not be empty`);
  const namespaced = def.spec.scope !== "Cluster";
  const body = objectArb(version.schema?.openAPIV3Schema ?? {}, 0, { omit: ["apiVersion", "kind", "metadata", "status"] });
  return fc.record({ name: fc.constantFrom(...names), body }).map(({ name, body }) => ({
    apiVersion: `${def.spec.group}/${version.name}`,
    kind: def.spec.names.kind,
    metadata: { name, ...(namespaced ? { namespace: opts.namespace ?? "default" } : {}) },
    ...(body as Record<string, unknown>),
  }));
}
