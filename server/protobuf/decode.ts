/**
 * A Kubernetes protobuf body as the JSON object the same request would carry as JSON.
 *
 * The wire format follows k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go: the four bytes
 * `k8s\x00`, then a runtime.Unknown {typeMeta {apiVersion, kind}, raw, contentEncoding, contentType} whose raw is
 * the typed object's protobuf (a message of the k8s.io/api generated.proto files, vendored in schema/).
 *
 * The JSON is Kubernetes' (the Go structs' json tags), not proto3's canonical mapping, and is driven by the
 * descriptors, not written per kind:
 * - field names are the proto names (go-to-protobuf names them after the json tags); embedded Go structs
 *   (go-fields.ts INLINE_FIELDS) merge into the enclosing object;
 * - metav1.Time is RFC 3339 in seconds (its Unmarshal drops the nanos, apimachinery meta/v1/time_proto.go),
 *   metav1.MicroTime RFC 3339 in microseconds, an empty Time/MicroTime (Go's zero time) is absent;
 * - resource.Quantity is its string; intstr.IntOrString is the int or the string by its type;
 *   metav1.FieldsV1 is the JSON its raw bytes hold;
 * - map<string,string> is an object, bytes (Secret.data, ConfigMap.binaryData) base64;
 * - an empty repeated field or map is absent; a zero scalar is absent unless the Go field is a pointer
 *   (go-fields.ts POINTER_FIELDS), exactly as decoding into the Go struct and marshalling it with omitempty;
 * - a field the vendored schema lacks is skipped when zero, and makes the body undecodable otherwise (never
 *   silently dropped).
 */
import protobuf from "protobufjs";
import { kubernetesSchema } from "./schema.ts";
import { messageOf } from "./kinds.ts";
import { INLINES, POINTERS } from "./go-fields.ts";

/** The prefix of every Kubernetes protobuf body (protobuf.go protoEncodingPrefix). */
export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export type ProtobufBody =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  /** `unknownKind`: a well-formed body of a kind kubeprop's schema lacks (the request path decides the answer). */
  | { readonly ok: false; readonly why: string; readonly unknownKind?: { readonly apiVersion: string; readonly kind: string } };

class Undecodable extends Error {}

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const FIELDS_V1 = `${META}.FieldsV1`;
const QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
const UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const PACKABLE = new Set(["int32", "int64", "uint32", "uint64", "sint32", "sint64", "bool", "fixed32", "fixed64", "sfixed32", "sfixed64", "double", "float"]);

/** Decodes a whole request body (prefix and envelope included). */
export function decodeProtobufBody(bytes: Uint8Array): ProtobufBody {
  if (bytes.length < PROTOBUF_MAGIC.length || PROTOBUF_MAGIC.some((b, i) => bytes[i] !== b)) {
    return { ok: false, why: "the body does not start with the protobuf prefix k8s\\x00" };
  }
  try {
    const root = kubernetesSchema();
    const envelope = decodeMessage(root.lookupType(UNKNOWN), bytes.subarray(PROTOBUF_MAGIC.length));
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const apiVersion = typeMeta.apiVersion ?? "";
    const kind = typeMeta.kind ?? "";
    if (envelope.contentEncoding) return { ok: false, why: `unsupported content encoding "${String(envelope.contentEncoding)}"` };
    // protobuf.go Decode: runtime.NewMissingKindErr / NewMissingVersionErr.
    if (kind === "") return { ok: false, why: "Object 'Kind' is missing in the protobuf envelope" };
    if (apiVersion === "") return { ok: false, why: "Object 'apiVersion' is missing in the protobuf envelope" };
    const message = messageOf(apiVersion, kind);
    if (!message) return { ok: false, why: `no protobuf schema for ${apiVersion}, Kind=${kind}`, unknownKind: { apiVersion, kind } };
    const raw = Buffer.from(String(envelope.raw ?? ""), "base64");
    const object = decodeMessage(root.lookupType(message), raw);
    return { ok: true, value: { apiVersion, kind, ...object } };
  } catch (e) {
    if (e instanceof Undecodable) return { ok: false, why: e.message };
    if (e instanceof RangeError || e instanceof Error) return { ok: false, why: `malformed protobuf: ${e.message}` };
    throw e;
  }
}

/** One message's bytes as its Kubernetes JSON object. */
export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  const reader = protobuf.Reader.create(bytes);
  return readMessage(type, reader, reader.len);
}

function readMessage(type: protobuf.Type, reader: protobuf.Reader, end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const full = type.fullName.replace(/^\./, "");
  const pointers = POINTERS.get(full);
  const inlines = INLINES.get(full);
  while (reader.pos < end) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    const field = type.fieldsById[id];
    if (!field) {
      skipUnknown(reader, wire, full, id);
      continue;
    }
    field.resolve();
    if (field.map) {
      expectWire(wire, WIRE_BYTES, full, field.name);
      const [key, value] = readMapEntry(field as unknown as protobuf.MapField, reader);
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      map[key] = value;
    } else if (field.repeated) {
      const list = (out[field.name] ??= []) as unknown[];
      if (wire === WIRE_BYTES && PACKABLE.has(field.type)) {
        const packedEnd = reader.uint32() + reader.pos;
        while (reader.pos < packedEnd) list.push(readScalar(field, reader));
      } else {
        list.push(readValue(field, reader, wire, full));
      }
    } else {
      const value = readValue(field, reader, wire, full);
      if (value === undefined) continue;
      if (inlines?.has(field.name) && isObject(value)) Object.assign(out, value);
      else if (!field.resolvedType && isZero(value) && !pointers?.has(field.name)) delete out[field.name];
      else out[field.name] = value;
    }
  }
  if (reader.pos > end) throw new Undecodable(`truncated ${full}`);
  return out;
}

function readValue(field: protobuf.FieldBase, reader: protobuf.Reader, wire: number, owner: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    expectWire(wire, WIRE_BYTES, owner, field.name);
    return readTyped(resolved, reader);
  }
  if (resolved instanceof protobuf.Enum) throw new Undecodable(`enum field ${owner}.${field.name} is not supported`);
  const expected = field.type === "string" || field.type === "bytes" ? WIRE_BYTES : WIRE_VARINT;
  expectWire(wire, expected, owner, field.name);
  return readScalar(field, reader);
}

/** A nested message, with Kubernetes' own JSON forms for its special types. */
function readTyped(type: protobuf.Type, reader: protobuf.Reader): unknown {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) throw new Undecodable(`truncated ${type.fullName.replace(/^\./, "")}`);
  const full = type.fullName.replace(/^\./, "");
  const fields = readMessage(type, reader, end);
  switch (full) {
    case TIME:
      return length === 0 ? undefined : rfc3339(Number(fields.seconds ?? 0), 0, 0);
    case MICRO_TIME:
      return length === 0 ? undefined : rfc3339(Number(fields.seconds ?? 0), Number(fields.nanos ?? 0), 6);
    case QUANTITY:
      return typeof fields.string === "string" ? fields.string : "0";
    case INT_OR_STRING:
      return Number(fields.type ?? 0) === 1 ? String(fields.strVal ?? "") : Number(fields.intVal ?? 0);
    case FIELDS_V1:
      return fieldsV1(String(fields.Raw ?? ""));
    default:
      return fields;
  }
}

function readScalar(field: protobuf.FieldBase, reader: protobuf.Reader): unknown {
  switch (field.type) {
    case "string":
      return reader.string();
    case "bytes":
      return Buffer.from(reader.bytes()).toString("base64");
    case "bool":
      return reader.bool();
    case "int32":
      return reader.int32();
    case "int64":
      return longToNumber(reader.int64());
    case "uint32":
      return reader.uint32();
    case "uint64":
      return longToNumber(reader.uint64());
    default:
      throw new Undecodable(`unsupported field type ${field.type} of ${field.name}`);
  }
}

function readMapEntry(field: protobuf.MapField, reader: protobuf.Reader): [string, unknown] {
  const end = reader.uint32() + reader.pos;
  if (end > reader.len) throw new Undecodable(`truncated map entry of ${field.name}`);
  let key = "";
  let value: unknown;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      expectWire(wire, WIRE_BYTES, field.name, "key");
      key = reader.string();
    } else if (tag >>> 3 === 2) {
      value = readValue(field, reader, wire, field.name);
    } else reader.skipType(wire);
  }
  // A map value absent from its entry is the type's zero (as Go's map decoding leaves it).
  if (value === undefined) value = field.resolvedType ? (field.resolvedType.fullName.endsWith(QUANTITY) ? "0" : {}) : field.type === "string" || field.type === "bytes" ? "" : 0;
  return [key, value];
}

/** A field the schema lacks: harmless when zero (gogo writes every non-pointer field), an error otherwise. */
function skipUnknown(reader: protobuf.Reader, wire: number, owner: string, id: number): void {
  const start = reader.pos;
  if (wire === WIRE_VARINT && longToNumber(reader.uint64()) === 0) return;
  if (wire === WIRE_BYTES && reader.uint32() === 0) return;
  reader.pos = start;
  throw new Undecodable(`field ${id} of ${owner} is not in kubeprop's protobuf schema; send this object as JSON`);
}

function expectWire(wire: number, expected: number, owner: string, name: string): void {
  if (wire !== expected) throw new Undecodable(`field ${owner}.${name} has wire type ${wire}, expected ${expected}`);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isZero = (x: unknown): boolean => x === "" || x === 0 || x === false;

function longToNumber(v: number | protobuf.Long): number {
  return typeof v === "number" ? v : new protobuf.util.LongBits(v.low >>> 0, v.high >>> 0).toNumber(v.unsigned);
}

/** RFC 3339 in UTC with `digits` fraction digits (Go's time.RFC3339 for 0, metav1.RFC3339Micro for 6). */
function rfc3339(seconds: number, nanos: number, digits: number): string {
  const base = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  if (digits === 0) return `${base}Z`;
  const fraction = String(Math.floor(nanos / 10 ** (9 - digits))).padStart(digits, "0");
  return `${base}.${fraction}Z`;
}

function fieldsV1(base64: string): unknown {
  const text = Buffer.from(base64, "base64").toString("utf8");
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Undecodable("metadata.managedFields[].fieldsV1 is not JSON");
  }
}
