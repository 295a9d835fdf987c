/**
 * Go `scaledValue` from k8s.io/apimachinery/pkg/api/resource/scale_int.go: the int64 value
 * of an inf.Dec at another scale, as Quantity.ScaledValue computes it for inf.Dec-backed
 * quantities.
 */
import { MOST_NEGATIVE, MOST_POSITIVE, LOG10_MAX_INT64, pow10, wrapInt64 } from "./math.ts";

/**
 * Go `scaledValue(unscaled, scale, newScale)`, with inf scales (digits after the point).
 *
 * Faithful to Go, including its quirks:
 * - scaling down "always rounds up" by adding 1 to the quotient when there is a remainder.
 *   On the int64 fast path the quotient truncates toward zero, so a negative value moves
 *   toward zero and then one step up (-1.5 → 0); on the big.Int path the Euclidean quotient
 *   is the floor, so the result is the ceiling (-1.5 → -1);
 * - results silently wrap around int64 (big.Int.Int64 keeps the low 64 bits);
 * - scaling up multiplies by int64(math.Pow10(n)); for n ≥ 19 that float does not fit an
 *   int64 and Go's conversion yields MinInt64 on amd64, which is what is used here.
 */
export function scaledValue(unscaled: bigint, scale: number, newScale: number): bigint {
  const dif = scale - newScale;
  if (dif === 0) return wrapInt64(unscaled);

  if (dif < 0) {
    const factor = -dif <= 18 ? pow10(-dif) : MOST_NEGATIVE;
    return wrapInt64(wrapInt64(unscaled) * factor);
  }

  const abs = unscaled < 0n ? -unscaled : unscaled;
  if (abs < MOST_POSITIVE && dif < LOG10_MAX_INT64) {
    const divide = pow10(dif);
    const result = unscaled / divide;
    const mod = unscaled % divide;
    return mod !== 0n ? wrapInt64(result + 1n) : result;
  }

  const divisor = pow10(dif);
  let q = unscaled / divisor;
  let r = unscaled % divisor;
  if (r < 0n) {
    // Euclidean division (big.Int.DivMod): the remainder is never negative.
    q -= 1n;
    r += divisor;
  }
  return r !== 0n ? wrapInt64(q + 1n) : wrapInt64(q);
}
