/**
 * API-level behaviour of the quantity port that the Go tables do not pin down directly:
 * error reporting, JSON decoding edge cases, immutability and Go's documented quirks.
 */
import { describe, expect, it } from "vitest";
import {
  QuantityError,
  maxMilliQuantity,
  mustParse,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityFromJSON,
} from "./index.ts";
import { goPow10 } from "./math.ts";
import { intQuantity } from "./quantity.ts";
import { scaledValue } from "./scale-int.ts";

describe("errors", () => {
  const cases: Array<[string, string]> = [
    ["", "ErrFormatWrong"],
    ["1 ", "ErrFormatWrong"],
    ["aoeu", "ErrFormatWrong"],
    ["1i", "ErrSuffix"],
    ["1e", "ErrSuffix"],
    ["1e99999999999999999999", "ErrSuffix"],
    [".e-10", "ErrNumeric"],
  ];
  for (const [input, code] of cases) {
    it(`${JSON.stringify(input)} -> ${code}`, () => {
      try {
        parseQuantity(input);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(QuantityError);
        expect((e as QuantityError).code).toBe(code);
        expect((e as QuantityError).input).toBe(input);
      }
    });
  }

  it("uses Go's error text", () => {
    expect(() => parseQuantity("x")).toThrow(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(() => parseQuantity("1Zi".slice(0, 1) + "i")).toThrow("unable to parse quantity's suffix");
    expect(() => mustParse("Non-Numeric")).toThrow("cannot parse 'Non-Numeric': quantities must match");
  });

  it("rejects arguments that are not int64 / int32", () => {
    expect(() => newQuantity(1n << 63n, "DecimalSI")).toThrow(RangeError);
    expect(() => newScaledQuantity(1n, 0.5)).toThrow(RangeError);
    expect(() => newQuantity(1n, "DecimalSI").mul(1n << 64n)).toThrow(RangeError);
  });
});

describe("Go parsing quirks", () => {
  it("accepts degenerate numbers as zero", () => {
    for (const s of [".", "-.", "+", "-", "00", "0.0Ki"]) expect(parseQuantity(s).isZero()).toBe(true);
  });

  it("keeps the input as String() when it looks canonical", () => {
    // Go's ParseQuantity caches the input text verbatim for these.
    expect(parseQuantity("+1").toString()).toBe("+1");
    expect(parseQuantity("1.500").toString()).toBe("1.500");
    expect(parseQuantity("1.08").toString()).toBe("1080m");
    expect(parseQuantity("1.500").add(newQuantity(0n, "DecimalSI")).toString()).toBe("1500m");
  });

  it("wraps a decimal exponent to int32 like Go", () => {
    expect(parseQuantity("1e4294967297").cmp(newQuantity(10n, "DecimalSI"))).toBe(0);
  });

  it("caps BinarySI at 2^63-1 but not decimal values", () => {
    expect(parseQuantity("8Ei").toString()).toBe("9223372036854775807");
    expect(parseQuantity("-8Ei").toString()).toBe("-9223372036854775807");
    expect(parseQuantity("9223372036854775808").toString()).toBe("9223372036854775808");
  });

  it("holds short inputs as int64Amount and long ones as inf.Dec", () => {
    expect(parseQuantity("100m").backend).toBe("int64Amount");
    expect(parseQuantity("1.5Ki").backend).toBe("inf.Dec");
    expect(parseQuantity("1e-10").backend).toBe("inf.Dec");
  });

  it("Value() of a negative fraction depends on the backend, as in Go", () => {
    const q = parseQuantity("-1.5");
    expect(q.value()).toBe(-2n); // int64Amount rounds away from zero
    expect(q.toDec().value()).toBe(0n); // scaledValue: truncate, then +1
    expect(scaledValue(-(10n ** 30n) - 5n, 1, 0)).toBe(BigInt.asIntN(64, -(10n ** 29n))); // big path: ceiling
  });

  it("prints MinInt64 BinarySI differently per backend, as in Go", () => {
    const q = intQuantity(-9223372036854775808n, 0, "BinarySI");
    expect(q.toString()).toBe("-9223372036854775808");
    // A fresh value: like Go's AsDec, toDec keeps an already-cached string.
    expect(intQuantity(-9223372036854775808n, 0, "BinarySI").toDec().toString()).toBe("-8Ei");
    expect(q.toDec().toString()).toBe("-9223372036854775808");
  });

  it("milliValue is cached and maxMilliQuantity bounds it", () => {
    const q = parseQuantity("1.5");
    expect(q.milliValue()).toBe(1500n);
    expect(q.milliValue()).toBe(1500n);
    expect(maxMilliQuantity().milliValue()).toBe(9223372036854775807n);
    expect(newMilliQuantity(5n, "DecimalSI").toString()).toBe("5m");
  });
});

describe("quantityFromJSON", () => {
  it("decodes null to zero", () => {
    const q = quantityFromJSON("null");
    expect(q.isZero()).toBe(true);
    expect(q.toString()).toBe("0");
  });

  it("does not decode escapes and rejects invalid JSON", () => {
    expect(() => quantityFromJSON('"\\u0031"')).toThrow(QuantityError);
    expect(() => quantityFromJSON("1Ki")).toThrow(SyntaxError);
    expect(() => quantityFromJSON("true")).toThrow(QuantityError);
  });

  it("trims Go whitespace inside strings", () => {
    expect(quantityFromJSON('"\u00a0 100m\u3000"').toString()).toBe("100m");
    expect(quantityFromJSON("1e3").toString()).toBe("1e3");
  });

  it("round-trips through JSON.stringify", () => {
    const q = parseQuantity("1536Mi");
    expect(JSON.stringify({ q })).toBe('{"q":"1536Mi"}');
    expect(quantityFromJSON(JSON.stringify(q)).cmp(q)).toBe(0);
  });
});

describe("immutability", () => {
  it("operations return new quantities", () => {
    const a = parseQuantity("1");
    const b = a.add(parseQuantity("2"));
    a.sub(b);
    a.neg();
    a.mul(5n);
    a.roundUp(3);
    expect(a.toString()).toBe("1");
    expect(b.toString()).toBe("3");
  });
});

describe("goPow10", () => {
  it("matches Go's table construction", () => {
    expect(goPow10(0)).toBe(1);
    expect(goPow10(-9)).toBe(1 / 1e9);
    expect(goPow10(309)).toBe(Infinity);
    expect(goPow10(-324)).toBe(0);
    expect(goPow10(40)).toBe(1e32 * 1e8);
  });
});
