/**
 * The quantity tokenizer, ported from Go `parseQuantityString`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go). Internal: exported for tests.
 */
import { QuantityError } from "./errors.ts";

/** Tokens of a quantity string, as Go's parseQuantityString returns them. */
export interface QuantityTokens {
  /** False when the text starts with '-'. */
  readonly positive: boolean;
  /** The signed number text (sign, integer part, '.', fraction), without the suffix. */
  readonly value: string;
  /** The integer digits with leading zeros stripped ("0" when there are none). */
  readonly num: string;
  /** The fraction digits ("" when there is no fraction). */
  readonly denom: string;
  /** Everything after the number. */
  readonly suffix: string;
}

const SUFFIX_CHARS = "eEinumkKMGTP";

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/**
 * Go `parseQuantityString`: a fast scanner that splits `str` into sign, number and suffix.
 * Throws QuantityError(ErrFormatWrong) when the suffix is not of the form
 * `[eEinumkKMGTP]*[-+]?[0-9]*`. Like Go it is permissive: "." and "-." tokenize as zero.
 */
export function parseQuantityString(str: string): QuantityTokens {
  let positive = true;
  let pos = 0;
  const end = str.length;

  // handle leading sign
  if (pos < end) {
    if (str[0] === "-") {
      positive = false;
      pos++;
    } else if (str[0] === "+") {
      pos++;
    }
  }

  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
    if (str[i] !== "0") break;
    pos++;
  }

  // extract the numerator
  let num = "";
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: str.slice(0, end), num: str.slice(pos, end), denom: "", suffix: "" };
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }

  // if we stripped all numerator positions, always return 0
  if (num.length === 0) num = "0";

  // handle a denominator
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, value: str.slice(0, end), num, denom: str.slice(pos, end), suffix: "" };
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
    // Go: "we currently allow 1.G, but we may not want to in the future."
  }
  const value = str.slice(0, pos);

  // grab the elements of the suffix
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!SUFFIX_CHARS.includes(str[i]!)) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === "-" || str[pos] === "+")) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!isDigit(str[i])) break;
  }
  // we encountered a non decimal in the Suffix loop, but the last character
  // was not a valid exponent
  throw new QuantityError("ErrFormatWrong", str);
}
