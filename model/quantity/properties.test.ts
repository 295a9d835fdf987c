/**
 * fast-check properties of the quantity port: round trips, arithmetic identities and
 * agreement with exact rational arithmetic.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuantity, type Format, type Quantity } from "./index.ts";
import { MOST_NEGATIVE, MOST_POSITIVE, cmpScaled, pow10 } from "./math.ts";
import { intQuantity } from "./quantity.ts";

const formatArb = fc.constantFrom<Format>("DecimalSI", "BinarySI", "DecimalExponent");

const mantissaArb = fc.oneof(
  fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
  fc.bigInt({ min: MOST_NEGATIVE, max: MOST_POSITIVE }),
  fc.constantFrom(0n, 1n, -1n, 1024n, 1000n, MOST_POSITIVE, MOST_NEGATIVE, MOST_NEGATIVE + 1n),
);

/** A quantity at nano precision or coarser, on either backend. */
const quantityArb: fc.Arbitrary<Quantity> = fc
  .record({
    mantissa: mantissaArb,
    exponent: fc.integer({ min: -9, max: 18 }),
    format: formatArb,
    dec: fc.boolean(),
  })
  .map(({ mantissa, exponent, format, dec }) => {
    const q = intQuantity(mantissa, exponent, format);
    return dec ? q.toDec() : q;
  });

/** Text in the quantity grammar (always parseable). */
const quantityTextArb = fc
  .record({
    sign: fc.constantFrom("", "-", "+"),
    int: fc.stringMatching(/^[0-9]{0,22}$/),
    frac: fc.option(fc.stringMatching(/^[0-9]{0,14}$/), { nil: undefined }),
    suffix: fc.oneof(
      fc.constantFrom("", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"),
      fc.integer({ min: -30, max: 30 }).map((e) => `e${e}`),
    ),
  })
  .filter(({ int, frac }) => int.length > 0 || (frac !== undefined && frac.length > 0))
  .map(({ sign, int, frac, suffix }) => `${sign}${int}${frac === undefined ? "" : "." + frac}${suffix}`);

function exactCeil(q: Quantity, scale: number): bigint {
  // ceil(mantissa × 10^(exponent - scale))
  const shift = q.exponent - scale;
  if (shift >= 0) return q.mantissa * pow10(shift);
  const d = pow10(-shift);
  const t = q.mantissa / d;
  return q.mantissa % d !== 0n && q.mantissa > 0n ? t + 1n : t;
}

function fitsInBinarySI(q: Quantity): boolean {
  return cmpScaled(q.mantissa < 0n ? -q.mantissa : q.mantissa, q.exponent, MOST_POSITIVE, 0) <= 0;
}

describe("quantity properties", () => {
  it("parseQuantity(q.toString()) equals q", () =>
    fc.assert(
      fc.property(quantityArb, (q) => {
        fc.pre(q.format !== "BinarySI" || fitsInBinarySI(q));
        expect(parseQuantity(q.toString()).cmp(q)).toBe(0);
      }),
    ));

  it("parsed text re-parses from its string form to the same value", () =>
    fc.assert(
      fc.property(quantityTextArb, (text) => {
        const q = parseQuantity(text);
        const again = parseQuantity(q.toString());
        expect(again.cmp(q)).toBe(0);
        expect(parseQuantity(q.canonicalizeBytes().number + q.canonicalizeBytes().suffix).cmp(q)).toBe(0);
      }),
    ));

  it("parsing keeps nano precision and rounds away from zero", () =>
    fc.assert(
      fc.property(quantityTextArb, (text) => {
        const q = parseQuantity(text);
        // every parsed value is a whole number of nano units
        expect(q.roundUp(-9).exact).toBe(true);
      }),
    ));

  it("add and sub are inverse", () =>
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) => {
        expect(a.add(b).sub(b).cmp(a)).toBe(0);
        expect(a.sub(b).add(b).cmp(a)).toBe(0);
      }),
    ));

  it("add is commutative and cmp agrees with the sign of the difference", () =>
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) => {
        expect(a.add(b).cmp(b.add(a))).toBe(0);
        expect(a.cmp(b)).toBe(a.sub(b).sign());
        expect(a.cmp(b)).toBe(cmpScaled(a.mantissa, a.exponent, b.mantissa, b.exponent));
        expect(b.cmp(a)).toBe(-a.cmp(b) || 0);
      }),
    ));

  it("neg is an involution and a + (-a) is zero", () =>
    fc.assert(
      fc.property(quantityArb, (a) => {
        expect(a.neg().neg().cmp(a)).toBe(0);
        expect(a.add(a.neg()).isZero()).toBe(true);
        expect(a.neg().sign()).toBe(-a.sign() || 0);
      }),
    ));

  it("mul is exact", () =>
    fc.assert(
      fc.property(quantityArb, fc.bigInt({ min: MOST_NEGATIVE, max: MOST_POSITIVE }), (a, n) => {
        const r = a.mul(n);
        expect(cmpScaled(r.q.mantissa, r.q.exponent, a.mantissa * n, a.exponent)).toBe(0);
      }),
    ));

  it("toDec keeps the value and the string", () =>
    fc.assert(
      fc.property(quantityArb, (a) => {
        const d = a.toDec();
        expect(d.cmp(a)).toBe(0);
        // Go quirk (kept): the int64 backend cannot strip 1024 factors from MinInt64.
        fc.pre(!(a.format === "BinarySI" && a.cmpInt64(MOST_NEGATIVE) === 0));
        expect(d.toString()).toBe(a.toString());
        expect(d.format).toBe(a.format);
      }),
    ));

  it("value() and milliValue() are ceilings for non-negative values that fit int64", () =>
    fc.assert(
      fc.property(quantityArb, (a) => {
        fc.pre(a.sign() >= 0);
        for (const [scale, got] of [
          [0, a.value()],
          [-3, a.milliValue()],
        ] as const) {
          const want = exactCeil(a, scale);
          if (want <= MOST_POSITIVE) expect(got).toBe(want);
        }
      }),
    ));

  it("cmp agrees with exact comparison across large exponent gaps", () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: -120, max: 120 }),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: -120, max: 120 }),
        (a, ae, b, be) => {
          const m = Math.min(ae, be);
          const x = a * pow10(ae - m);
          const y = b * pow10(be - m);
          expect(cmpScaled(a, ae, b, be)).toBe(x < y ? -1 : x > y ? 1 : 0);
        },
      ),
    ));

  it("roundUp never moves toward zero and is exact when nothing is dropped", () =>
    fc.assert(
      fc.property(quantityArb, fc.integer({ min: -12, max: 20 }), (a, scale) => {
        const r = a.roundUp(scale);
        const magnitude = (q: Quantity) => (q.sign() < 0 ? q.neg() : q);
        expect(magnitude(r.q).cmp(magnitude(a))).toBeGreaterThanOrEqual(0);
        expect(r.exact).toBe(r.q.cmp(a) === 0);
      }),
    ));
});
