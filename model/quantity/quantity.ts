/**
 * resource.Quantity, ported from k8s.io/apimachinery/pkg/api/resource/quantity.go.
 *
 * Go keeps a quantity either as an int64Amount (int64 value × 10^scale) or, when that does
 * not fit or is too precise, as an arbitrary-precision inf.Dec. Several results depend on
 * which one is in use (Value() rounding of negative decimals, AsInt64, Mul's ok flag,
 * AsApproximateFloat64), so this port keeps the same two backends: `mantissa × 10^exponent`
 * plus `isDec` saying which one Go would be using. All arithmetic is exact bigint arithmetic.
 *
 * Unlike Go's pointer-receiver methods, a Quantity here is immutable: operations return new
 * quantities. (Go's Cmp also converts its receiver to inf.Dec in place as a side effect; that
 * mutation is not reproduced. Use toDec() to get Go's "after AsDec()" state explicitly.)
 */
import {
  canInfScale,
  decAmountAsScale,
  int64AmountAdd,
  int64AmountAsInt64,
  int64AmountAsScale,
  int64AmountAsScaledInt64,
  int64AmountMul,
  int64AmountSub,
} from "./amount.ts";
import { canonicalizeBytes } from "./canonical.ts";
import { decAdd, decSub, type DecValue } from "./dec.ts";
import { normalizeFormat, type Format } from "./format.ts";
import { MAX_INT32, MIN_INT32, MOST_NEGATIVE, cmpScaled, fitsInt64, goPow10, pow10, wrapInt64 } from "./math.ts";
import { scaledValue as decScaledValue } from "./scale-int.ts";

/** Which of Go's two representations backs a quantity. */
export type QuantityBackend = "int64Amount" | "inf.Dec";

function checkInt64(name: string, v: bigint): bigint {
  if (typeof v !== "bigint" || !fitsInt64(v)) throw new RangeError(`${name} must be an int64 bigint, got ${String(v)}`);
  return v;
}

function checkInt32(name: string, v: number): number {
  if (!Number.isInteger(v) || v < MIN_INT32 || v > MAX_INT32) {
    throw new RangeError(`${name} must be an int32 integer, got ${String(v)}`);
  }
  return v;
}

/**
 * The value mantissa × 10^exponent in milli-units as a number, when it is a whole number of
 * milli-units no larger than 2^53 in magnitude (so the number is exact); NaN otherwise.
 */
function exactMilliNumber(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const shift = exponent + 3;
  let v: bigint;
  if (shift >= 0) {
    if (shift > 16) return NaN; // |value| >= 10^17 milli-units > 2^53
    v = mantissa * pow10(shift);
  } else {
    if (shift < -40) return NaN;
    const d = pow10(-shift);
    if (mantissa % d !== 0n) return NaN;
    v = mantissa / d;
  }
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : NaN;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A fixed-point number with a remembered serialization format (Go `resource.Quantity`).
 * Immutable; create one with parseQuantity, newQuantity, newMilliQuantity or
 * newScaledQuantity.
 */
export class Quantity {
  /** The format used by toString() (Go `Quantity.Format`). */
  readonly format: Format;
  /** True when Go would hold this value as an inf.Dec rather than an int64Amount. */
  readonly isDec: boolean;
  /** int64Amount.value, or the inf.Dec unscaled value. The number is mantissa × 10^exponent. */
  readonly mantissa: bigint;
  /** int64Amount.scale, or minus the inf.Dec scale. */
  readonly exponent: number;
  /** Go's cached string `s` (set by ParseQuantity for canonical-looking input, or lazily). */
  #s: string | undefined;
  #milli: bigint | undefined;
  /** Exact value in milli-units as a safe-integer number, NaN when there is none (cmp fast path). */
  #key: number | undefined;

  private constructor(isDec: boolean, mantissa: bigint, exponent: number, format: Format, s: string | undefined) {
    this.isDec = isDec;
    this.mantissa = mantissa;
    this.exponent = exponent;
    this.format = format;
    this.#s = s;
    this.#milli = undefined;
    this.#key = undefined;
  }

  /** @internal Builds a quantity from its raw parts; no validation. */
  static fromParts(isDec: boolean, mantissa: bigint, exponent: number, format: Format, s?: string): Quantity {
    return new Quantity(isDec, mantissa, exponent, format, s);
  }

  /** Which representation Go would be using for this value. */
  get backend(): QuantityBackend {
    return this.isDec ? "inf.Dec" : "int64Amount";
  }

  private int(): { value: bigint; scale: number } {
    return { value: this.mantissa, scale: this.exponent };
  }

  private decValue(): DecValue {
    return { unscaled: this.mantissa, exponent: this.exponent };
  }

  private withInt(a: { value: bigint; scale: number }, format: Format): Quantity {
    return new Quantity(false, a.value, a.scale, format, undefined);
  }

  private withDec(d: DecValue, format: Format): Quantity {
    return new Quantity(true, d.unscaled, d.exponent, format, undefined);
  }

  /**
   * Go `String()`: the canonical form (CanonicalizeBytes), or the input text when
   * ParseQuantity recognized it as already canonical and cached it (Go reuses it verbatim).
   */
  toString(): string {
    let s = this.#s;
    if (s === undefined) {
      const { number, suffix } = canonicalizeBytes(this);
      s = number + suffix;
      this.#s = s;
    }
    return s;
  }

  /** Go `MarshalJSON`: JSON.stringify renders a quantity as its string form. */
  toJSON(): string {
    return this.toString();
  }

  /** Go `CanonicalizeBytes`: the canonical number and suffix (ignores the cached string). */
  canonicalizeBytes(): { number: string; suffix: string } {
    return canonicalizeBytes(this);
  }

  /** Go `IsZero()`. */
  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** Go `Sign()`: -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.mantissa > 0n ? 1 : this.mantissa < 0n ? -1 : 0;
  }

  private cmpKey(): number {
    let k = this.#key;
    if (k === undefined) {
      k = exactMilliNumber(this.mantissa, this.exponent);
      this.#key = k;
    }
    return k;
  }

  /** Go `Cmp(y)`: -1, 0 or 1 as this is less than, equal to or greater than y (exact). */
  cmp(y: Quantity): -1 | 0 | 1 {
    const a = this.cmpKey();
    const b = y.cmpKey();
    // Both are exact safe integers (NaN otherwise), so comparing them is exact.
    if (a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
    if (this.exponent === y.exponent) {
      return this.mantissa < y.mantissa ? -1 : this.mantissa > y.mantissa ? 1 : 0;
    }
    return cmpScaled(this.mantissa, this.exponent, y.mantissa, y.exponent);
  }

  /** Go `CmpInt64(y)`. */
  cmpInt64(y: bigint): -1 | 0 | 1 {
    return cmpScaled(this.mantissa, this.exponent, y, 0);
  }

  /** Go `Equal(v)`: numeric equality (formats are ignored). */
  equal(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  /**
   * Go `AsInt64()`: the value as an int64 when that is a fast, exact conversion. Always
   * ok=false for an inf.Dec-backed quantity, and for an int64Amount with a negative scale
   * (so "1000m" is not ok). On overflow of a positive scale the value saturates, ok=false.
   */
  asInt64(): { value: bigint; ok: boolean } {
    if (this.isDec) return { value: 0n, ok: false };
    return int64AmountAsInt64(this.int());
  }

  /**
   * Go `ScaledValue(scale)`: the value in units of 10^scale, rounded up. For an int64Amount
   * it rounds away from zero and saturates at the int64 limits; for an inf.Dec it follows
   * Go's scaledValue (which wraps on overflow and rounds negatives oddly, see scale-int.ts).
   * Results outside int64 are undefined in Go; compare first when that matters.
   */
  scaledValue(scale: number): bigint {
    checkInt32("scale", scale);
    if (!this.isDec) return int64AmountAsScaledInt64(this.int(), scale).value;
    return decScaledValue(this.mantissa, -this.exponent, -scale);
  }

  /** Go `Value()`: ScaledValue(0), the value rounded up to an integer. */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** Go `MilliValue()`: ScaledValue(Milli), i.e. ceil(q × 1000). Cached. */
  milliValue(): bigint {
    let m = this.#milli;
    if (m === undefined) {
      m = this.scaledValue(-3);
      this.#milli = m;
    }
    return m;
  }

  /**
   * Go `AsApproximateFloat64()`: float64(mantissa) × math.Pow10(exponent), with Go's exact
   * rounding steps (±Inf when out of range).
   */
  asApproximateFloat64(): number {
    const base = Number(this.mantissa);
    if (this.exponent === 0) return base;
    return base * goPow10(this.exponent);
  }

  /** Go `ToDec()` / `AsDec()`: the same quantity moved to the inf.Dec backend. */
  toDec(): Quantity {
    if (this.isDec) return this;
    return new Quantity(true, this.mantissa, this.exponent, this.format, this.#s);
  }

  /**
   * Go `RoundUp(scale)`: rounds away from zero to a multiple of 10^scale; `exact` is false
   * when precision was lost (-9.01 at scale -1 is -9.1, inexact).
   */
  roundUp(scale: number): { q: Quantity; exact: boolean } {
    checkInt32("scale", scale);
    if (this.isDec) {
      const r = decAmountAsScale(this.decValue(), scale);
      return { q: this.withDec(r.amount, this.format), exact: r.exact };
    }
    if (this.exponent >= scale) return { q: this, exact: true };
    const r = int64AmountAsScale(this.int(), scale);
    return { q: this.withInt(r.amount, this.format), exact: r.exact };
  }

  /** Go `Add(y)`: this + y. A zero receiver takes y's format. */
  add(y: Quantity): Quantity {
    let format = this.format;
    if (!this.isDec && !y.isDec) {
      if (this.mantissa === 0n) format = y.format;
      const r = int64AmountAdd(this.int(), y.int());
      if (r !== null) return this.withInt(r, format);
    } else if (this.isZero()) {
      format = y.format;
    }
    return this.withDec(decAdd(this.decValue(), y.decValue()), format);
  }

  /** Go `Sub(y)`: this - y. A zero receiver takes y's format. */
  sub(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (!this.isDec && !y.isDec) {
      if (this.mantissa === 0n && y.mantissa === MOST_NEGATIVE) {
        // 0 - y is exactly -y; Go negates a copy of y, keeping y's scale.
        return new Quantity(false, y.mantissa, y.exponent, format, undefined).neg();
      }
      const r = int64AmountSub(this.int(), y.int());
      if (r !== null) return this.withInt(r, format);
    }
    return this.withDec(decSub(this.decValue(), y.decValue()), format);
  }

  /**
   * Go `Neg()`: -this. -MinInt64 does not fit an int64, so that one value moves to inf.Dec
   * (unless its scale cannot be represented there, in which case Go keeps the wrapped value).
   */
  neg(): Quantity {
    if (!this.isDec && (this.mantissa !== MOST_NEGATIVE || !canInfScale(this.exponent))) {
      return new Quantity(false, wrapInt64(-this.mantissa), this.exponent, this.format, undefined);
    }
    return new Quantity(true, -this.mantissa, this.exponent, this.format, undefined);
  }

  /**
   * Go `Mul(y)`: this × y (always exact). `ok` is true when the int64 fast path succeeded,
   * or otherwise when the inf.Dec product's unscaled value fits an int64.
   */
  mul(y: bigint): { q: Quantity; ok: boolean } {
    checkInt64("multiplier", y);
    if (!this.isDec) {
      const r = int64AmountMul(this.int(), y);
      if (r !== null) return { q: this.withInt(r, this.format), ok: true };
    }
    const product = this.mantissa * y;
    return { q: this.withDec({ unscaled: product, exponent: this.exponent }, this.format), ok: fitsInt64(product) };
  }
}

/**
 * Go `NewQuantity(value, format)`: value × 10^0. Any format other than the three known ones
 * is serialized as DecimalExponent, as in Go.
 */
export function newQuantity(value: bigint, format: Format | string): Quantity {
  return Quantity.fromParts(false, checkInt64("value", value), 0, normalizeFormat(format));
}

/**
 * Go `NewMilliQuantity(value, format)`: value / 1000. BinarySI values that are not whole
 * numbers are serialized as DecimalSI.
 */
export function newMilliQuantity(milli: bigint, format: Format | string): Quantity {
  return Quantity.fromParts(false, checkInt64("milli", milli), -3, normalizeFormat(format));
}

/** Go `NewScaledQuantity(value, scale)`: value × 10^scale, DecimalSI. */
export function newScaledQuantity(value: bigint, scale: number): Quantity {
  return Quantity.fromParts(false, checkInt64("value", value), checkInt32("scale", scale), "DecimalSI");
}

/**
 * Go `NewDecimalQuantity(inf.Dec, format)`: an inf.Dec-backed quantity equal to
 * unscaled × 10^exponent (exponent is minus the inf.Dec scale).
 */
export function newDecimalQuantity(unscaled: bigint, exponent: number, format: Format | string): Quantity {
  return Quantity.fromParts(true, unscaled, checkInt32("exponent", exponent), normalizeFormat(format));
}

/**
 * An int64Amount-backed quantity `Quantity{i: int64Amount{value, scale}, Format}` (the Go
 * tests' intQuantity helper).
 */
export function intQuantity(value: bigint, scale: number, format: Format | string): Quantity {
  return Quantity.fromParts(false, checkInt64("value", value), checkInt32("scale", scale), normalizeFormat(format));
}

/**
 * Go `MaxMilliQuantity()`: the largest quantity whose MilliValue fits an int64.
 */
export function maxMilliQuantity(): Quantity {
  return newMilliQuantity(9223372036854775807n, "DecimalSI");
}

/**
 * Go `QuantityPtrEqual(a, b)`: true when both are absent, or both present and numerically
 * equal.
 */
export function quantityPtrEqual(a: Quantity | null | undefined, b: Quantity | null | undefined): boolean {
  if (a == null && b == null) return true;
  if (a == null || b == null) return false;
  return a.equal(b);
}
