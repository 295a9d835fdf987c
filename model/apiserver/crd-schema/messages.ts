/**
 * The words of kube-openapi's validation errors (k8s.io/kube-openapi/pkg/validation/errors/schema.go, the "in body"
 * forms: a CRD's validator is made with in = "body") and the field errors apiextensions turns them into
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go, kubeOpenAPIResultToFieldErrors):
 * RequiredFailCode → field.Required, EnumFailCode → field.NotSupported, TooLongFailCode → field.TooLongMaxLength,
 * MaxItemsFailCode and TooManyPropertiesCode → field.TooMany, InvalidTypeCode → field.TypeInvalid, any other code
 * → field.Invalid with the kube-openapi message as detail.
 */
import type { FieldError } from "../../validation/field-error.ts";

/** Go's %q of a string, which JSON's quoting matches for the printable text the model meets. */
export const goQuote = (s: string): string => JSON.stringify(s);

/**
 * Go's %v of a float64 (strconv 'g', shortest): plain digits while the exponent is within [-4, 6), else
 * mantissa e±dd ("1e+06", "2.5e-05").
 */
export function goFloat(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const [mant, expText] = v.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(v);
  return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** The %v of a bound as the validator prints it: int64 for integer data (truncated), float64 otherwise. */
export const goBound = (bound: number, intData: boolean): string => (intData ? String(Math.trunc(bound)) : goFloat(bound));

/** InvalidTypeCode → field.TypeInvalid: `<path>: Invalid value: <value>: <message>`. */
export const typeInvalid = (path: string, value: unknown, message: string): FieldError => ({
  type: "FieldValueTypeInvalid",
  field: path,
  badValue: value ?? "",
  detail: message,
});

/** Any other code → field.Invalid with kube-openapi's message as detail. */
export const invalidValue = (path: string, value: unknown, message: string): FieldError => ({
  type: "FieldValueInvalid",
  field: path,
  badValue: value ?? "",
  detail: message,
});

export const requiredValue = (path: string): FieldError => ({ type: "FieldValueRequired", field: path, detail: "" });

/** EnumFailCode → field.NotSupported(path, value, values): strings as they are, other values as JSON, each quoted. */
export function unsupportedValue(path: string, value: unknown, allowed: readonly unknown[]): FieldError {
  const values = allowed.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return {
    type: "FieldValueNotSupported",
    field: path,
    badValue: value,
    detail: values.length > 0 ? `supported values: ${values.map(goQuote).join(", ")}` : "",
  };
}

/**
 * TooLongFailCode → field.TooLongMaxLength(path, value, -1): kube-openapi's TooLong error carries no limit, so the
 * detail is field.TooLong's "value is too long" (and the value is omitted).
 */
export const tooLongValue = (path: string): FieldError => ({ type: "FieldValueTooLong", field: path, detail: "value is too long" });

/** MaxItemsFailCode / TooManyPropertiesCode → field.TooMany(path, actual, -1): "Too many: 3: has too many items". */
export const tooManyValue = (path: string, actual: number): FieldError => ({
  type: "FieldValueTooMany",
  field: path,
  badValue: actual,
  detail: "has too many items",
});
