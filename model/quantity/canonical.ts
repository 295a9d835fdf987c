/**
 * Canonical serialization, ported from Go `Quantity.CanonicalizeBytes`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go).
 */
import {
  asCanonicalBytes,
  decAmountAsCanonicalBase1024Bytes,
  decAmountAsScale,
  int64AmountAsCanonicalBase1024Bytes,
  int64AmountAsScale,
} from "./amount.ts";
import type { Format } from "./format.ts";
import { cmpScaled } from "./math.ts";
import { constructSuffix } from "./suffix.ts";

/** The raw representation canonicalization reads (see Quantity). */
export interface QuantityParts {
  /** True when the value is held as an inf.Dec, false for an int64Amount. */
  readonly isDec: boolean;
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: Format;
}

/**
 * Go `CanonicalizeBytes`: the number and suffix of the canonical form.
 *
 * - Zero is "0" with no suffix.
 * - BinarySI with a non-zero value in (-1024, 1024), or one that is not an integer, is
 *   emitted as DecimalSI (fractions of a BinarySI amount are never rounded away).
 * - DecimalSI/DecimalExponent: the exponent is the largest multiple of 3 that loses no
 *   digits. DecimalSI has no suffix beyond "E" (10^18) or below "n"; such exponents fall
 *   back to the "e<exp>" notation instead of dropping the magnitude.
 * - BinarySI: the largest power of 1024 dividing the value. Like Go, an exponent past "Ei"
 *   has no suffix and is emitted without one.
 */
export function canonicalizeBytes(q: QuantityParts): { number: string; suffix: string } {
  if (q.mantissa === 0n) return { number: "0", suffix: "" };

  let format = q.format;
  let rounded: { isDec: boolean; mantissa: bigint; exponent: number } | undefined;
  if (format === "BinarySI") {
    if (cmpScaled(q.mantissa, q.exponent, -1024n, 0) > 0 && cmpScaled(q.mantissa, q.exponent, 1024n, 0) < 0) {
      // This avoids rounding and hopefully confusion, too.
      format = "DecimalSI";
    } else if (q.isDec) {
      const r = decAmountAsScale({ unscaled: q.mantissa, exponent: q.exponent }, 0);
      if (!r.exact) format = "DecimalSI";
      rounded = { isDec: true, mantissa: r.amount.unscaled, exponent: r.amount.exponent };
    } else {
      const r = int64AmountAsScale({ value: q.mantissa, scale: q.exponent }, 0);
      if (!r.exact) format = "DecimalSI";
      rounded = { isDec: false, mantissa: r.amount.value, exponent: r.amount.scale };
    }
  }

  if (format !== "BinarySI" || rounded === undefined) {
    const { number, exponent } = asCanonicalBytes(q.mantissa, q.exponent);
    const suffix = constructSuffix(10, exponent, format) ?? constructSuffix(10, exponent, "DecimalExponent")!;
    return { number, suffix };
  }

  const { number, exponent } = rounded.isDec
    ? decAmountAsCanonicalBase1024Bytes({ unscaled: rounded.mantissa, exponent: rounded.exponent })
    : int64AmountAsCanonicalBase1024Bytes({ value: rounded.mantissa, scale: rounded.exponent });
  return { number, suffix: constructSuffix(2, exponent * 10, "BinarySI") ?? "" };
}
