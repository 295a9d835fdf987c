/**
 * Parsing, ported from Go `ParseQuantity` and `MustParse`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go).
 */
import { decRoundUp, decSetString } from "./dec.ts";
import { QuantityError } from "./errors.ts";
import type { Format } from "./format.ts";
import { parseQuantityString } from "./lex.ts";
import { MAX_INT64_FACTORS, MOST_POSITIVE, cmpScaled, int64Multiply, wrapInt32 } from "./math.ts";
import { Quantity } from "./quantity.ts";
import { interpretSuffix } from "./suffix.ts";

const NANO = -9;

/**
 * Go `ParseQuantity(str)`: parses `<signedNumber><suffix>` (see the Quantity grammar) into a
 * Quantity, or throws a QuantityError carrying Go's error text.
 *
 * Exactly Go's semantics, including:
 * - no surrounding whitespace is accepted; "1.", ".5", "." and "+" are accepted;
 * - values finer than nano are rounded up (away from zero) to nano: "3.001n" is 4n;
 * - BinarySI values are capped at 2^63-1 ("9Ei" parses as 2^63-1);
 * - a BinarySI value strictly between 0 and 1 becomes DecimalSI ("0.000000000001Ki" → 2n);
 * - decimal values are not capped and keep their precision (down to nano);
 * - short inputs of up to 18 digits are held as an int64Amount, others as an inf.Dec;
 * - when the input already looks canonical, Go keeps the input text as the String() result,
 *   verbatim (so "+1" prints as "+1" and "1.500" as "1.500", as in Go).
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError("ErrFormatWrong", str);
  if (str === "0") return Quantity.fromParts(false, 0n, 0, "DecimalSI", str);

  const { positive, value, num, denom, suffix } = parseQuantityString(str);
  const meaning = interpretSuffix(suffix);
  if (meaning === null) throw new QuantityError("ErrSuffix", str);
  const { base, exponent } = meaning;
  let format: Format = meaning.format;

  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (format === "BinarySI") {
    scale = 0;
    if (exponent >= 0 && denom.length === 0) {
      // only handle positive binary numbers with the fast path
      mantissa = BigInt.asIntN(64, 1n << BigInt(exponent));
      // 1Mi (2^20) has ~6 digits of decimal precision, so exponent*3/10 -1 is roughly the precision
      const approx = Math.trunc(Math.fround(Math.fround(Math.fround(exponent) * 3) / 10));
      precision = 15 - num.length - approx - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }

  if (precision >= 0) {
    // if we have a denominator, shift the entire value to the left by the number of places in the
    // denominator
    scale = wrapInt32(scale - denom.length);
    if (scale >= NANO) {
      const shifted = num + denom;
      const parsed = BigInt(shifted); // at most 18 digits here, so it always fits an int64
      if (parsed > MOST_POSITIVE) throw new QuantityError("ErrNumeric", str);
      const product = int64Multiply(parsed, mantissa);
      if (product !== null) {
        const result = positive ? product : -product;
        // if the number is in canonical form, reuse the string
        let cached: string | undefined;
        if (format === "BinarySI") {
          if (exponent % 10 === 0 && (parsed & 7n) !== 0n) cached = str;
        } else if (scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0") {
          cached = str;
        }
        return Quantity.fromParts(false, result, scale, format, cached);
      }
    }
  }

  const dec = decSetString(value);
  if (dec === null) throw new QuantityError("ErrNumeric", str);
  let unscaled = dec.unscaled;
  let exp = dec.exponent;

  // So that no one but us has to think about suffixes, remove it.
  if (base === 10) {
    // inf.Scale arithmetic is int32: amount.Scale() + Scale(exponent).infScale()
    exp = -wrapInt32(wrapInt32(-exp) + wrapInt32(-exponent));
  } else {
    unscaled *= 1n << BigInt(exponent);
  }

  // Cap at min/max bounds.
  const negative = unscaled < 0n;
  if (negative) unscaled = -unscaled;

  // This rounds non-zero values up to the minimum representable value, under the theory that
  // if you want some resources, you should get some resources, even if you asked for way too small
  // of an amount.
  if (unscaled !== 0n) {
    const r = decRoundUp({ unscaled, exponent: exp }, NANO);
    unscaled = r.unscaled;
    exp = r.exponent;
  }

  // The max is just a simple cap.
  if (format === "BinarySI" && cmpScaled(unscaled, exp, MOST_POSITIVE, 0) > 0) {
    unscaled = MOST_POSITIVE;
    exp = 0;
  }

  if (format === "BinarySI" && cmpScaled(unscaled, exp, 1n, 0) < 0 && unscaled > 0n) {
    // This avoids rounding and hopefully confusion, too.
    format = "DecimalSI";
  }
  if (negative) unscaled = -unscaled;

  return Quantity.fromParts(true, unscaled, exp, format);
}

/** Go `MustParse`: parseQuantity, rethrowing with Go's panic text "cannot parse '<str>': <err>". */
export function mustParse(str: string): Quantity {
  try {
    return parseQuantity(str);
  } catch (e) {
    throw new Error(`cannot parse '${str}': ${(e as Error).message}`, { cause: e });
  }
}
