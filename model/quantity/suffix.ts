/**
 * Suffix interpretation and construction, ported from
 * k8s.io/apimachinery/pkg/api/resource/suffix.go (`quantitySuffixer`).
 */
import type { Format } from "./format.ts";
import { fitsInt64 } from "./math.ts";

/** Result of Go `suffixer.interpret`. */
export interface SuffixMeaning {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: Format;
}

const DECIMAL_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ["n", -9],
  ["u", -6],
  ["m", -3],
  ["", 0],
  ["k", 3],
  ["M", 6],
  ["G", 9],
  ["T", 12],
  ["P", 15],
  ["E", 18],
];
const BINARY_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ["Ki", 10],
  ["Mi", 20],
  ["Gi", 30],
  ["Ti", 40],
  ["Pi", 50],
  ["Ei", 60],
];

const SUFFIX_TO_MEANING = new Map<string, SuffixMeaning>();
for (const [s, e] of DECIMAL_SUFFIXES) SUFFIX_TO_MEANING.set(s, { base: 10, exponent: e, format: "DecimalSI" });
for (const [s, e] of BINARY_SUFFIXES) SUFFIX_TO_MEANING.set(s, { base: 2, exponent: e, format: "BinarySI" });

const DEC_EXPONENT_TO_SUFFIX = new Map<number, string>(DECIMAL_SUFFIXES.map(([s, e]) => [e, s]));
const BIN_EXPONENT_TO_SUFFIX = new Map<number, string>(BINARY_SUFFIXES.map(([s, e]) => [e, s]));

const GO_PARSE_INT = /^[+-]?[0-9]+$/;

/**
 * Go `fastLookup.interpret` / `suffixHandler.interpret`: the base, exponent and format a
 * suffix stands for, or null when it is not a known suffix. "e<int>"/"E<int>" is a decimal
 * exponent (parsed as int64 by strconv.ParseInt, then truncated to int32 as Go does).
 */
export function interpretSuffix(s: string): SuffixMeaning | null {
  const known = SUFFIX_TO_MEANING.get(s);
  if (known !== undefined) return known;
  if (s.length > 1 && (s[0] === "E" || s[0] === "e")) {
    const digits = s.slice(1);
    if (!GO_PARSE_INT.test(digits)) return null;
    const parsed = BigInt(digits);
    if (!fitsInt64(parsed)) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" };
  }
  return null;
}

/**
 * Go `suffixHandler.constructBytes(base, exponent, format)`: the suffix text, or null when
 * the format has no suffix for that (base, exponent). Note the decimal table also maps
 * (2, 0) to "" in Go, but BinarySI looks only at the binary table, which has no (2, 0).
 */
export function constructSuffix(base: number, exponent: number, format: Format): string | null {
  switch (format) {
    case "DecimalSI":
      if (base === 10) return DEC_EXPONENT_TO_SUFFIX.get(exponent) ?? null;
      return base === 2 && exponent === 0 ? "" : null;
    case "BinarySI":
      return base === 2 ? (BIN_EXPONENT_TO_SUFFIX.get(exponent) ?? null) : null;
    case "DecimalExponent":
      if (base !== 10) return null;
      return exponent === 0 ? "" : `e${exponent}`;
  }
}
