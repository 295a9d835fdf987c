/**
 * int64 helpers ported from k8s.io/apimachinery/pkg/api/resource/math.go, plus the two
 * pieces of Go's standard library the quantity code leans on (`math.Pow10` and int32/int64
 * wrap-around). Every Go int64 is a `bigint` here; the helpers below keep it inside the
 * int64 range exactly where Go's fixed-width arithmetic would.
 */

/** Go `mostPositive` (math.MaxInt64). */
export const MOST_POSITIVE = 9223372036854775807n;
/** Go `mostNegative` (math.MinInt64). */
export const MOST_NEGATIVE = -9223372036854775808n;

/**
 * Go `maxInt64Factors`: the number of decimal digits ParseQuantity accepts on its int64 fast
 * path. Upstream's value at the version the fixtures were taken from is 18 (a 19-digit input
 * such as "1000000000000000000" takes the inf.Dec path, which TestParseQuantity pins via
 * AsInt64() returning ok=false).
 */
export const MAX_INT64_FACTORS = 18;

/** Go `log10MaxInt64`: the exponent of the first power of ten that exceeds MaxInt64. */
export const LOG10_MAX_INT64 = 19;

export const MIN_INT32 = -2147483648;
export const MAX_INT32 = 2147483647;

/** Go's `int64(x)` truncation of an arbitrary integer (two's complement wrap). */
export function wrapInt64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/** Go's `int32(x)` truncation of an arbitrary integer (two's complement wrap). */
export function wrapInt32(x: number): number {
  return x | 0;
}

/** Whether `x` is representable as a Go int64. */
export function fitsInt64(x: bigint): boolean {
  return x >= MOST_NEGATIVE && x <= MOST_POSITIVE;
}

const POW10_CACHE: bigint[] = [];
for (let i = 0, p = 1n; i <= 64; i++, p *= 10n) POW10_CACHE.push(p);

/** 10^n as a bigint (n >= 0). */
export function pow10(n: number): bigint {
  return n < POW10_CACHE.length ? POW10_CACHE[n]! : 10n ** BigInt(n);
}

/** Number of decimal digits of |x| (1 for 0). */
export function decimalDigits(x: bigint): number {
  return (x < 0n ? -x : x).toString().length;
}

/** Go `int64Add`: a+b, or null if that would overflow int64. */
export function int64Add(a: bigint, b: bigint): bigint | null {
  const c = a + b;
  return fitsInt64(c) ? c : null;
}

/**
 * Go `int64Multiply`: a*b, or null if that would overflow or underflow int64.
 * Go's `c/b == a` check (with mostNegative rejected up front) accepts exactly the products
 * that fit an int64, which is what the range check below does.
 */
export function int64Multiply(a: bigint, b: bigint): bigint | null {
  if (a === 0n || b === 0n || a === 1n || b === 1n) return a * b;
  if (a === MOST_NEGATIVE || b === MOST_NEGATIVE) return null;
  const c = a * b;
  return fitsInt64(c) ? c : null;
}

/**
 * Go `positiveScaleInt64`: base * 10^scale. On overflow `ok` is false and the result
 * saturates to the int64 rail matching base's sign. A negative scale (undefined in Go) runs
 * Go's loop zero times and returns base unchanged.
 */
export function positiveScaleInt64(base: bigint, scale: number): { value: bigint; ok: boolean } {
  if (base === 0n) return { value: 0n, ok: true };
  if (scale <= 0) return { value: base, ok: true };
  if (scale < LOG10_MAX_INT64) {
    const c = base * pow10(scale);
    if (fitsInt64(c)) return { value: c, ok: true };
  }
  return { value: base < 0n ? MOST_NEGATIVE : MOST_POSITIVE, ok: false };
}

/**
 * Go `negativeScaleInt64`: reduces base by 10^scale, rounding away from zero; `exact` is
 * false when a non-zero fraction was dropped. Go's `/` and `%` truncate toward zero, as
 * bigint division does.
 */
export function negativeScaleInt64(base: bigint, scale: number): { value: bigint; exact: boolean } {
  if (scale === 0) return { value: base, exact: true };
  let value = base;
  let fraction = false;
  for (let i = 0; i < scale; i++) {
    if (!fraction && value % 10n !== 0n) fraction = true;
    value = value / 10n;
    if (value === 0n) {
      if (fraction) return { value: base > 0n ? 1n : -1n, exact: false };
      return { value: 0n, exact: true };
    }
  }
  if (fraction) value = base > 0n ? value + 1n : value - 1n;
  return { value, exact: !fraction };
}

/**
 * Go `removeInt64Factors`: value == result * base^times. Go negates a negative value
 * first; -MinInt64 wraps back to MinInt64, so that value keeps all its factors.
 */
export function removeInt64Factors(value: bigint, base: bigint): { result: bigint; times: number } {
  let result = value;
  const negative = result < 0n;
  if (negative) result = wrapInt64(-result);
  let times = 0;
  while (result >= base && result % base === 0n) {
    times++;
    result = result / base;
  }
  if (negative) result = wrapInt64(-result);
  return { result, times };
}

/**
 * Go `removeBigIntFactors`: d == result * factor^times (d == 0 gives (0, 0)). Only
 * divisibility matters, so truncating division gives the same quotients as Go's DivMod.
 */
export function removeBigIntFactors(d: bigint, factor: bigint): { result: bigint; times: number } {
  let times = 0;
  while (d !== 0n && d % factor === 0n) {
    times++;
    d = d / factor;
  }
  return { result: d, times };
}

const POW10_TAB: number[] = [];
for (let i = 0; i < 32; i++) POW10_TAB.push(Number(`1e${i}`));
const POW10_POS_TAB32 = [1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288];
const POW10_NEG_TAB32 = [1e-0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320];

/** Go `math.Pow10(n)`, table for table, so products round exactly as Go's do. */
export function goPow10(n: number): number {
  if (n >= 0 && n <= 308) return POW10_POS_TAB32[Math.floor(n / 32)]! * POW10_TAB[n % 32]!;
  if (n >= -323 && n <= 0) return POW10_NEG_TAB32[Math.floor(-n / 32)]! / POW10_TAB[-n % 32]!;
  return n > 0 ? Infinity : 0;
}

/**
 * Exact comparison of a×10^ae with b×10^be. Both of Go's comparison paths
 * (int64Amount.Cmp and cmpDec / inf.Dec.Cmp) are exact, so they agree with this.
 */
export function cmpScaled(a: bigint, ae: number, b: bigint, be: number): -1 | 0 | 1 {
  if (ae === be) return a < b ? -1 : a > b ? 1 : 0;
  const as = a > 0n ? 1 : a < 0n ? -1 : 0;
  const bs = b > 0n ? 1 : b < 0n ? -1 : 0;
  if (as !== bs) return as > bs ? 1 : -1;
  if (as === 0) return 0;
  const diff = ae - be;
  if (diff > 40 || diff < -40) {
    // Decide by magnitude first (as Go's cmpDec does) so a huge exponent gap does not
    // build a huge power of ten.
    const am = decimalDigits(a) + ae;
    const bm = decimalDigits(b) + be;
    if (am !== bm) return (am > bm ? as : -as) as -1 | 1;
  }
  let x = a;
  let y = b;
  if (diff > 0) x = a * pow10(diff);
  else y = b * pow10(-diff);
  return x < y ? -1 : x > y ? 1 : 0;
}
