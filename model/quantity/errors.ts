/**
 * Parse errors, with the messages of Go's ErrFormatWrong, ErrNumeric and ErrSuffix
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go).
 */

/** Go `splitREString`: the grammar quoted by ErrFormatWrong. */
export const SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** Which of Go's sentinel errors a failure corresponds to. */
export type QuantityErrorCode = "ErrFormatWrong" | "ErrNumeric" | "ErrSuffix";

const MESSAGES: Record<QuantityErrorCode, string> = {
  ErrFormatWrong: `quantities must match the regular expression '${SPLIT_RE_STRING}'`,
  ErrNumeric: "unable to parse numeric part of quantity",
  ErrSuffix: "unable to parse quantity's suffix",
};

/** Thrown by parseQuantity and friends; `message` is Go's error text verbatim. */
export class QuantityError extends Error {
  override readonly name = "QuantityError";
  constructor(
    readonly code: QuantityErrorCode,
    /** The text that failed to parse. */
    readonly input: string,
  ) {
    super(MESSAGES[code]);
  }
}
