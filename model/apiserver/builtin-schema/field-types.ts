/**
 * The shape of the built-in kinds' field table (fields.generated.ts, written by scripts/generate-builtin-fields.ts
 * from the vendored generated.proto files).
 */

/**
 * One JSON field of a Go struct. `type` is a message name (upper case first: a nested struct), a protobuf scalar
 * ("string", "int32", "int64", "bool", "bytes", "double", ...) or one of the apimachinery JSON forms: "quantity"
 * (resource.Quantity), "intOrString", "time" (metav1.Time, MicroTime), "any" (FieldsV1, RawExtension, and the
 * trimmed fields whose values are not checked).
 */
export interface BuiltinField {
  readonly type: string;
  /** A Go slice: a JSON array of `type`. */
  readonly repeated?: boolean;
  /** A Go map with string keys: a JSON object whose values are `type`. */
  readonly map?: boolean;
  /** The Go name of the embedded struct (`json:",inline"`) the field comes from: encoding/json names it in errors. */
  readonly via?: string;
}

export interface BuiltinMessage {
  /** The Go package name ("v1", "v2"), for a type error's "of type v1.PodSpec". */
  readonly pkg: string;
  readonly fields: Readonly<Record<string, BuiltinField>>;
}
