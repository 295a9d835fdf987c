/**
 * Decoding a built-in kind's JSON body into its Go struct, as the API server's JSON serializer does
 * (k8s.io/apimachinery/pkg/runtime/serializer/json/json.go with sigs.k8s.io/json's UnmarshalStrict,
 * internal/golang/encoding/json/decode.go and kubernetes_patch.go), driven by the field table generated from the
 * vendored generated.proto files (fields.generated.ts).
 *
 * What the decoder finds, and how upstream words it:
 * - A value that does not fit its Go type: encoding/json's UnmarshalTypeError, `json: cannot unmarshal string into
 *   Go struct field DeploymentSpec.spec.replicas of type int32`. The field path is the decoder's errorContext: Go
 *   field names without list indices or map keys, an embedded struct's Go name included
 *   (`Volume.spec.volumes.VolumeSource.emptyDir`). Only the first such error is kept (decodeState.saveError), and
 *   it wins over the strict errors below. A type with its own UnmarshalJSON (resource.Quantity, IntOrString,
 *   metav1.Time) answers in its own words, without the field path.
 * - A field the struct does not have: the strict error `unknown field "spec.template.spec.containers[0].imagee"`
 *   (dotted path with list indices and map keys: appendStrictFieldStackKey/Index). The field is dropped.
 * - A key given twice (found by whoever parsed the text: JSON.parse keeps the last): `duplicate field
 *   "spec.paused"`, reported only for fields the struct knows and for map keys (checkDuplicateField is called only
 *   for a known field: an unknown field given twice is reported once, as unknown).
 * Strict errors are kept in the order the decoder meets them, each once (saveStrictError dedupes). One
 * abstraction: a parsed body keeps a repeated key at its first place, so its duplicate error comes where the key
 * first appears, where upstream reports it at the second occurrence (the same order unless an unknown field lies
 * between the two).
 */
import { BUILTIN_KIND_MESSAGES, BUILTIN_MESSAGES } from "./fields.generated.ts";
import type { BuiltinField } from "./field-types.ts";
import { quantityFromJSON } from "../../quantity/json.ts";
import { QuantityError } from "../../quantity/errors.ts";

export interface BuiltinDecodeOptions {
  /** Strict-error paths of keys the body's text gave twice (JSON bodies: server/json-duplicates.ts). */
  readonly duplicates?: readonly string[];
  /**
   * Walk object keys in sorted order: the order the decoder meets them in JSON that Go marshalled from a map (a
   * patched object, a YAML body converted to JSON).
   */
  readonly sortedKeys?: boolean;
}

export interface BuiltinDecoded {
  /** The body with its unknown fields dropped. */
  readonly object: Record<string, unknown>;
  /** The strict errors, in the decoder's order (`unknown field "..."`, `duplicate field "..."`). */
  readonly strictErrors: readonly string[];
  /** The first type error (`json: cannot unmarshal ...`, a Quantity's own error), if any. */
  readonly typeError?: string;
}

/** The message name of a built-in kind at a group version ("apps", "v1", "Deployment"), or undefined. */
export function builtinMessageOf(group: string, version: string, kind: string): string | undefined {
  return BUILTIN_KIND_MESSAGES[`${group ? `${group}/` : ""}${version}/${kind}`];
}

interface Walk {
  readonly duplicates: ReadonlySet<string>;
  readonly sorted: boolean;
  readonly strict: string[];
  readonly seen: Set<string>;
  typeError?: string;
}

/** encoding/json's error context: the struct holding the field last entered, and the Go field path. */
interface GoContext {
  readonly struct: string;
  readonly stack: readonly string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  sint32: [-2147483648, 2147483647],
  sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  fixed32: [0, 4294967295],
  int64: [-9223372036854775808, 9223372036854775807],
  sint64: [-9223372036854775808, 9223372036854775807],
  sfixed64: [-9223372036854775808, 9223372036854775807],
  uint64: [0, 18446744073709551615],
  fixed64: [0, 18446744073709551615],
};
const FLOATS = new Set(["double", "float"]);

/** The Go type encoding/json names in a type error (`int32`, `[]v1.Container`, `v1.PodSpec`). */
function goType(type: string): string {
  if (type === "quantity") return "resource.Quantity";
  if (type === "intOrString") return "intstr.IntOrString";
  if (type === "time") return "v1.Time";
  if (type === "bytes") return "[]uint8";
  if (type === "double") return "float64";
  if (type === "float") return "float32";
  const msg = BUILTIN_MESSAGES[type];
  return msg ? `${msg.pkg}.${type}` : type;
}

/**
 * encoding/json's word for a JSON value in an UnmarshalTypeError: "string", "bool", "object", "array", and
 * "number" ("number 1.5" when the target is numeric: literalStore quotes the literal only for ParseInt/ParseFloat
 * failures).
 */
function jsonKind(v: unknown, numericTarget: boolean): string {
  if (typeof v === "number") return numericTarget ? `number ${String(v)}` : "number";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

function typeError(w: Walk, v: unknown, type: string, go: GoContext, numericTarget = false): void {
  w.typeError ??= `json: cannot unmarshal ${jsonKind(v, numericTarget)} into Go struct field ${go.struct}.${go.stack.join(".")} of type ${type}`;
}

function strictError(w: Walk, message: string): void {
  if (w.seen.has(message) || w.strict.length >= 100) return; // saveStrictError: deduped, at most 100
  w.seen.add(message);
  w.strict.push(message);
}

const keysOf = (o: Record<string, unknown>, w: Walk): string[] => (w.sorted ? Object.keys(o).sort() : Object.keys(o));

function decodeMessage(name: string, obj: Record<string, unknown>, path: string, go: GoContext | undefined, w: Walk): Record<string, unknown> {
  const fields = BUILTIN_MESSAGES[name]!.fields;
  const out: Record<string, unknown> = {};
  for (const key of keysOf(obj, w)) {
    const p = path ? `${path}.${key}` : key;
    const f = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (f === undefined) {
      strictError(w, `unknown field "${p}"`);
      continue;
    }
    if (w.duplicates.has(p)) strictError(w, `duplicate field "${p}"`);
    const stack = [...(go?.stack ?? []), ...(f.via ? [f.via] : []), key];
    out[key] = decodeField(f, obj[key], p, { struct: name, stack }, w);
  }
  return out;
}

function decodeField(f: BuiltinField, v: unknown, path: string, go: GoContext, w: Walk): unknown {
  if (v === null || v === undefined) return v;
  if (f.repeated) {
    if (!Array.isArray(v)) {
      typeError(w, v, `[]${goType(f.type)}`, go);
      return v;
    }
    return v.map((el, i) => decodeValue(f.type, el, `${path}[${i}]`, go, w));
  }
  if (f.map) {
    if (!isPlainObject(v)) {
      typeError(w, v, f.type === "quantity" ? "v1.ResourceList" : `map[string]${goType(f.type)}`, go);
      return v;
    }
    const out: Record<string, unknown> = {};
    for (const k of keysOf(v, w)) {
      const p = `${path}.${k}`;
      if (w.duplicates.has(p)) strictError(w, `duplicate field "${p}"`);
      out[k] = decodeValue(f.type, v[k], p, go, w);
    }
    return out;
  }
  return decodeValue(f.type, v, path, go, w);
}

function decodeValue(type: string, v: unknown, path: string, go: GoContext, w: Walk): unknown {
  if (v === null || v === undefined) return v;
  if (BUILTIN_MESSAGES[type] !== undefined) {
    if (!isPlainObject(v)) {
      typeError(w, v, goType(type), go);
      return v;
    }
    return decodeMessage(type, v, path, go, w);
  }
  switch (type) {
    case "any":
      return v;
    case "quantity":
      quantityProblem(v, go, w);
      return v;
    case "intOrString":
      // intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into its int32 (error without context).
      if (typeof v !== "string" && !(typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647)) {
        w.typeError ??= `json: cannot unmarshal ${jsonKind(v, true)} into Go value of type int32`;
      }
      return v;
    case "time":
      // metav1.Time.UnmarshalJSON: json.Unmarshal into a string first.
      if (typeof v !== "string") w.typeError ??= `json: cannot unmarshal ${jsonKind(v, false)} into Go value of type string`;
      return v;
    case "string":
    case "bytes":
      if (typeof v !== "string") typeError(w, v, goType(type), go);
      return v;
    case "bool":
      if (typeof v !== "boolean") typeError(w, v, "bool", go);
      return v;
  }
  const range = INT_RANGE[type];
  if (range !== undefined) {
    if (!(typeof v === "number" && Number.isInteger(v) && v >= range[0] && v <= range[1])) typeError(w, v, type, go, true);
  } else if (FLOATS.has(type) && typeof v !== "number") {
    typeError(w, v, goType(type), go, true);
  }
  return v;
}

/** resource.Quantity.UnmarshalJSON's error for a value, kept as the first type error. */
function quantityProblem(v: unknown, go: GoContext, w: Walk): void {
  if (w.typeError !== undefined) return;
  if (typeof v !== "string" && typeof v !== "number") {
    typeError(w, v, "resource.Quantity", go);
    return;
  }
  try {
    quantityFromJSON(JSON.stringify(v));
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    w.typeError = e.message;
  }
}

/** Decodes `body` as the message `message` (a name from builtinMessageOf). */
export function decodeBuiltin(message: string, body: Record<string, unknown>, opts: BuiltinDecodeOptions = {}): BuiltinDecoded {
  const w: Walk = { duplicates: new Set(opts.duplicates ?? []), sorted: opts.sortedKeys === true, strict: [], seen: new Set() };
  const object = decodeMessage(message, body, "", undefined, w);
  return { object, strictErrors: w.strict, ...(w.typeError !== undefined ? { typeError: w.typeError } : {}) };
}
