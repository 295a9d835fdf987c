/**
 * A validation error on one field, shaped like apimachinery's field.Error
 * (follows k8s.io/apimachinery/pkg/util/validation/field/errors.go).
 */
export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  /** The value is not of the schema's type (a custom resource's OpenAPI schema; field.TypeInvalid). */
  | "FieldValueTypeInvalid"
  | "InternalError";

export interface FieldError {
  /** Machine-readable cause, as in metav1.StatusCause.Type. */
  readonly type: FieldErrorType;
  /** Field path, e.g. "metadata.labels" or "spec.template.spec.containers[0].image". */
  readonly field: string;
  /** The offending value, when it is printable. */
  readonly badValue?: unknown;
  /**
   * The bad value as Go prints it, when that is not what JSON shows (a Go struct printed with %#v); used
   * verbatim instead of badValue.
   */
  readonly badValueText?: string;
  /** Human-readable detail, as Kubernetes words it. */
  readonly detail: string;
}

const reasonWords: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueTypeInvalid: "Invalid value",
  InternalError: "Internal error",
};

/** The types whose message shows the bad value (ErrorBody's second case; TooMany shows the count when it has one). */
const SHOWS_VALUE: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  "FieldValueNotFound",
  "FieldValueInvalid",
  "FieldValueNotSupported",
  "FieldValueDuplicate",
  "FieldValueTypeInvalid",
  "FieldValueTooMany",
]);

/** Renders the error the way field.Error.Error() does: `field: Reason: "value": detail`. */
export function fieldErrorMessage(e: FieldError): string {
  const parts = [`${e.field}: ${reasonWords[e.type]}`];
  if (SHOWS_VALUE.has(e.type) && e.badValueText !== undefined) parts.push(e.badValueText);
  else if (SHOWS_VALUE.has(e.type) && e.badValue !== undefined) parts.push(JSON.stringify(e.badValue));
  let s = parts.join(": ");
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({
  type: "FieldValueInvalid",
  field,
  badValue,
  detail,
});
export const required = (field: string, detail = ""): FieldError => ({ type: "FieldValueRequired", field, detail });
export const forbidden = (field: string, detail: string): FieldError => ({ type: "FieldValueForbidden", field, detail });
export const tooLong = (field: string, badValue: unknown, max: number): FieldError => ({
  type: "FieldValueTooLong",
  field,
  badValue,
  detail: `must have at most ${max} bytes`,
});
export const notSupported = (field: string, badValue: unknown, valid: readonly string[]): FieldError => ({
  type: "FieldValueNotSupported",
  field,
  badValue,
  detail: `supported values: ${valid.map((v) => JSON.stringify(v)).join(", ")}`,
});
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: "FieldValueDuplicate", field, badValue, detail: "" });
export const notFound = (field: string, badValue: unknown): FieldError => ({ type: "FieldValueNotFound", field, badValue, detail: "" });
