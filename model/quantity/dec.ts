/**
 * The subset of gopkg.in/inf.v0 (`inf.Dec`) that resource.Quantity uses.
 *
 * An inf.Dec is `unscaled × 10^(-scale)`. Here a decimal is kept as `unscaled × 10^exponent`
 * with `exponent = -inf.Scale`, the same orientation as resource.Scale, so a Dec and an
 * int64Amount share one (value, exponent) shape. The exponent is kept exactly as inf.Dec keeps
 * its scale (e.g. Round always yields the requested scale), because Go's float conversion and
 * ScaledValue read the unscaled value and scale directly.
 */
import { pow10 } from "./math.ts";

/** An inf.Dec value: unscaled × 10^exponent (exponent = -inf.Scale). */
export interface DecValue {
  readonly unscaled: bigint;
  readonly exponent: number;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/**
 * inf `Dec.SetString`: parses `[+-]?digits[.digits]` (either digit run may be empty, but
 * there must be at least one digit); the scale is the number of digits after the point,
 * trailing zeros included. Returns null when Go reports failure.
 */
export function decSetString(s: string): DecValue | null {
  let unscaled = "";
  let dp = -1;
  let dg = -1;
  let i = 0;
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "+" || ch === "-") {
      if (unscaled.length > 0 || dp >= 0) break;
    } else if (ch === ".") {
      if (dp >= 0) break;
      dp = unscaled.length;
      continue;
    } else if (isDigit(ch)) {
      if (dg === -1) dg = unscaled.length;
    } else {
      break;
    }
    unscaled += ch;
  }
  if (dg === -1 || i < s.length) return null;
  const scale = dp >= 0 ? unscaled.length - dp : 0;
  return { unscaled: BigInt(unscaled), exponent: -scale };
}

/**
 * inf `z.Round(x, s, inf.RoundUp)` with s = -exponent: x rounded away from zero to the
 * given exponent. The result always carries exactly that exponent.
 */
export function decRoundUp(x: DecValue, exponent: number): DecValue {
  if (x.exponent >= exponent) {
    return { unscaled: x.unscaled * pow10(x.exponent - exponent), exponent };
  }
  const shift = exponent - x.exponent;
  const u = x.unscaled;
  if (u === 0n) return { unscaled: 0n, exponent };
  const abs = u < 0n ? -u : u;
  // |u| < 10^shift: the quotient is 0 with a non-zero remainder, so it rounds to ±1.
  // (Checked by digit count so a huge shift does not build a huge power of ten.)
  if (abs.toString().length <= shift) return { unscaled: u < 0n ? -1n : 1n, exponent };
  const d = pow10(shift);
  let q = u / d;
  if (u % d !== 0n) q += u < 0n ? -1n : 1n;
  return { unscaled: q, exponent };
}

/** inf `Dec.Add`: the result takes the larger inf scale (the smaller exponent). */
export function decAdd(x: DecValue, y: DecValue): DecValue {
  if (x.exponent === y.exponent) return { unscaled: x.unscaled + y.unscaled, exponent: x.exponent };
  if (x.exponent < y.exponent) {
    return { unscaled: x.unscaled + y.unscaled * pow10(y.exponent - x.exponent), exponent: x.exponent };
  }
  return { unscaled: x.unscaled * pow10(x.exponent - y.exponent) + y.unscaled, exponent: y.exponent };
}

/** inf `Dec.Sub`: x - y at the larger inf scale. */
export function decSub(x: DecValue, y: DecValue): DecValue {
  return decAdd(x, { unscaled: -y.unscaled, exponent: y.exponent });
}
