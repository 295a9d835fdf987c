/**
 * IntOrString values (maxSurge, maxUnavailable, ...) and their scaling against a total.
 *
 * Follows k8s.io/apimachinery/pkg/util/intstr/intstr.go (GetScaledValueFromIntOrPercent,
 * getIntOrPercentValueSafely, ValueOrDefault). Pure.
 */

/** An intstr.IntOrString as it appears in JSON: a number (absolute) or a string such as "25%". */
export type IntOrString = number | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a decimal integer the way Go's strconv.Atoi does on a 64-bit platform: an optional sign and at least one
 * ASCII digit, nothing else, within the int64 range. Throws otherwise.
 */
export function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) {
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return Number(big);
}

/**
 * The integer held by an IntOrString and whether it is a percentage. A string must end in "%" and the rest must
 * parse as an integer ("90" and "%" are errors). Follows intstr.go (getIntOrPercentValueSafely).
 */
export function getIntOrPercentValueSafely(v: IntOrString): { value: number; isPercent: boolean } {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new Error(`invalid type: ${v} is neither an integer nor a percentage`);
    return { value: v, isPercent: false };
  }
  if (typeof v !== "string") throw new Error("invalid type: neither int nor percentage");
  if (!v.endsWith("%")) throw new Error("invalid type: string is not a percentage");
  try {
    return { value: atoi(v.slice(0, -1)), isPercent: true };
  } catch (e) {
    throw new Error(`invalid value ${JSON.stringify(v)}: ${(e as Error).message}`);
  }
}

/**
 * Scales an IntOrString against `total`: an integer is returned as is; a percentage p gives
 * ceil(p*total/100) when `roundUp`, floor(p*total/100) otherwise. Throws on a nil value, on a string that is not a
 * percentage ("90") and on a percentage that is not an integer ("#%").
 * Follows intstr.go (GetScaledValueFromIntOrPercent).
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === null || v === undefined) throw new Error("nil value for IntOrString");
  let parsed: { value: number; isPercent: boolean };
  try {
    parsed = getIntOrPercentValueSafely(v);
  } catch (e) {
    throw new Error(`invalid value for IntOrString: ${(e as Error).message}`);
  }
  if (!parsed.isPercent) return parsed.value;
  // Go: math.Ceil(float64(value) * (float64(total)) / 100), in float64 like JavaScript numbers
  const scaled = (parsed.value * total) / 100;
  // `+ 0` turns a -0 (e.g. ceil(-0.5)) into 0, as Go's int conversion has no negative zero
  return (roundUp ? Math.ceil(scaled) : Math.floor(scaled)) + 0;
}

/** `v` when it is set, `def` otherwise. Follows intstr.go (ValueOrDefault). */
export function valueOrDefault(v: IntOrString | null | undefined, def: IntOrString): IntOrString {
  return v === null || v === undefined ? def : v;
}
