/**
 * Quantity formats and scales (Go `resource.Format` and `resource.Scale` constants from
 * quantity.go and amount.go).
 */

/** Go `resource.Format`: how a quantity is serialized. */
export type Format = "DecimalSI" | "BinarySI" | "DecimalExponent";

export const DecimalSI: Format = "DecimalSI";
export const BinarySI: Format = "BinarySI";
export const DecimalExponent: Format = "DecimalExponent";

/**
 * Go's Format is an open string type; CanonicalizeBytes renders any value other than the
 * three known ones (including the zero value "") as DecimalExponent, and nothing else reads
 * it. Normalizing an unknown format to "DecimalExponent" therefore changes no observable
 * behaviour (TestNewSet's "invalidFormatDefaultsToExponent" prints "1e6").
 */
export function normalizeFormat(format: string): Format {
  return format === "DecimalSI" || format === "BinarySI" ? format : "DecimalExponent";
}

/**
 * Go `resource.Scale` constants: the power-of-ten exponent (1E2 has scale 2), the opposite
 * of inf.Scale.
 */
export const Scale = {
  Nano: -9,
  Micro: -6,
  Milli: -3,
  Kilo: 3,
  Mega: 6,
  Giga: 9,
  Tera: 12,
  Peta: 15,
  Exa: 18,
} as const;
