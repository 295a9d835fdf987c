/**
 * int64Amount and infDecAmount operations, ported from
 * k8s.io/apimachinery/pkg/api/resource/amount.go.
 *
 * An int64Amount is `value × 10^scale` with value an int64 (bigint kept in range) and scale
 * a resource.Scale (int32). The functions are pure: where Go mutates the receiver and returns
 * a bool, these return the new amount or null ("false, receiver unchanged").
 */
import { decRoundUp, type DecValue } from "./dec.ts";
import {
  LOG10_MAX_INT64,
  MAX_INT32,
  MIN_INT32,
  MOST_NEGATIVE,
  MOST_POSITIVE,
  cmpScaled,
  int64Add,
  int64Multiply,
  negativeScaleInt64,
  positiveScaleInt64,
  removeBigIntFactors,
  removeInt64Factors,
  wrapInt32,
  wrapInt64,
} from "./math.ts";

/** Go `int64Amount`: value × 10^scale. */
export interface Int64Amount {
  readonly value: bigint;
  readonly scale: number;
}

/** Go `Scale.canInfScale`: MinInt32 is the one scale whose negation overflows int32. */
export function canInfScale(s: number): boolean {
  return s !== MIN_INT32;
}

/** Go `Scale.canAlignInfScale`. */
export function canAlignInfScale(s: number, other: number): boolean {
  if (!canInfScale(s) || !canInfScale(other)) return false;
  const delta = s - other;
  return delta >= -MAX_INT32 && delta <= MAX_INT32;
}

/** Go `int64Amount.AsInt64`: the value at scale 0, when that is exact and fits. */
export function int64AmountAsInt64(a: Int64Amount): { value: bigint; ok: boolean } {
  if (a.scale === 0) return { value: a.value, ok: true };
  if (a.scale < 0) return { value: 0n, ok: false };
  return positiveScaleInt64(a.value, a.scale);
}

/**
 * Go `int64Amount.AsScaledInt64`: the value at `scale`, rounding away from zero; `ok` is
 * false (and the result saturates) when it overflows int64.
 */
export function int64AmountAsScaledInt64(a: Int64Amount, scale: number): { value: bigint; ok: boolean } {
  if (a.value === 0n) return { value: 0n, ok: true };
  const delta = a.scale - scale;
  if (delta < 0) {
    const down = -delta;
    if (down > MAX_INT32 || down >= LOG10_MAX_INT64) return { value: a.value < 0n ? -1n : 1n, ok: true };
    return { value: negativeScaleInt64(a.value, down).value, ok: true };
  }
  if (delta > MAX_INT32 || delta >= LOG10_MAX_INT64) {
    return { value: a.value < 0n ? MOST_NEGATIVE : MOST_POSITIVE, ok: false };
  }
  return positiveScaleInt64(a.value, delta);
}

/** Go `int64Amount.AsDec`: the same number as an inf.Dec. */
export function int64AmountAsDec(a: Int64Amount): DecValue {
  return { unscaled: a.value, exponent: a.scale };
}

/** Go `int64Amount.Add`: a+b on the int64 path, or null when that would overflow. */
export function int64AmountAdd(a: Int64Amount, b: Int64Amount): Int64Amount | null {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  if (a.scale === b.scale) {
    const c = int64Add(a.value, b.value);
    return c === null ? null : { value: c, scale: a.scale };
  }
  if (a.scale > b.scale) {
    const scaled = positiveScaleInt64(a.value, wrapInt32(a.scale - b.scale));
    if (!scaled.ok) return null;
    const c = int64Add(scaled.value, b.value);
    return c === null ? null : { value: c, scale: b.scale };
  }
  const scaled = positiveScaleInt64(b.value, wrapInt32(b.scale - a.scale));
  if (!scaled.ok) return null;
  const c = int64Add(a.value, scaled.value);
  return c === null ? null : { value: c, scale: a.scale };
}

/**
 * Go `int64Amount.Sub`: a-b on the int64 path, or null when the caller must fall back to
 * inf.Dec (a mostNegative subtrahend whose scales can be aligned there, or an overflow).
 */
export function int64AmountSub(a: Int64Amount, b: Int64Amount): Int64Amount | null {
  if (b.value === MOST_NEGATIVE && canAlignInfScale(a.scale, b.scale)) return null;
  return int64AmountAdd(a, { value: wrapInt64(-b.value), scale: b.scale });
}

/** Go `int64Amount.Mul`: a*b on the int64 path, or null on overflow or inexactness. */
export function int64AmountMul(a: Int64Amount, b: bigint): Int64Amount | null {
  if (a.value === 0n) return a;
  if (b === 0n) return { value: 0n, scale: 0 };
  const c = int64Multiply(a.value, b);
  if (c === null) return null;
  if (a.scale > 0) {
    if (!positiveScaleInt64(c, a.scale).ok) return null;
  } else if (a.scale < 0) {
    if (!negativeScaleInt64(c, -a.scale).exact) return null;
  }
  return { value: c, scale: a.scale };
}

/**
 * Go `int64Amount.AsScale`: raises the scale to at least `scale`, rounding away from zero;
 * `exact` is false when precision was lost.
 */
export function int64AmountAsScale(a: Int64Amount, scale: number): { amount: Int64Amount; exact: boolean } {
  if (a.scale >= scale) return { amount: a, exact: true };
  const r = negativeScaleInt64(a.value, wrapInt32(scale - a.scale));
  return { amount: { value: r.value, scale }, exact: r.exact };
}

/** Go `infDecAmount.AsScale`: inf Round(RoundUp) to `scale`; exact iff the value is unchanged. */
export function decAmountAsScale(d: DecValue, scale: number): { amount: DecValue; exact: boolean } {
  const rounded = decRoundUp(d, scale);
  const exact = cmpScaled(rounded.unscaled, rounded.exponent, d.unscaled, d.exponent) === 0;
  return { amount: rounded, exact };
}

/**
 * Go `int64Amount.AsCanonicalBytes` / `infDecAmount.AsCanonicalBytes`: the mantissa digits
 * (factors of ten moved into the exponent, then the exponent lowered to a multiple of 3) and
 * the base-10 exponent. The int64 version falls back to the inf.Dec one on overflow and both
 * produce the same digits, so one exact implementation serves both.
 */
export function asCanonicalBytes(mantissa: bigint, exponent: number): { number: string; exponent: number } {
  const removed = removeBigIntFactors(mantissa, 10n);
  let amount = removed.result;
  let e = exponent + removed.times;
  switch (e % 3) {
    case 1:
    case -2:
      amount *= 10n;
      e -= 1;
      break;
    case 2:
    case -1:
      amount *= 100n;
      e -= 2;
      break;
  }
  return { number: amount.toString(), exponent: e };
}

const BIG_1024 = 1024n;

/**
 * Go `int64Amount.AsCanonicalBase1024Bytes`: the mantissa and base-1024 exponent of the
 * value rounded (away from zero) to an integer; falls back to the inf.Dec version when the
 * value does not fit an int64. (Go's int64 factor removal leaves MinInt64 untouched, since
 * negating it wraps; that quirk is kept.)
 */
export function int64AmountAsCanonicalBase1024Bytes(a: Int64Amount): { number: string; exponent: number } {
  const scaled = int64AmountAsScaledInt64(a, 0);
  if (!scaled.ok) return decAmountAsCanonicalBase1024Bytes(int64AmountAsDec(a));
  const r = removeInt64Factors(scaled.value, BIG_1024);
  return { number: r.result.toString(), exponent: r.times };
}

/** Go `infDecAmount.AsCanonicalBase1024Bytes`. */
export function decAmountAsCanonicalBase1024Bytes(d: DecValue): { number: string; exponent: number } {
  const rounded = decRoundUp(d, 0);
  const r = removeBigIntFactors(rounded.unscaled, BIG_1024);
  return { number: r.result.toString(), exponent: r.times };
}
