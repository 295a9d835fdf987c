/**
 * Runs every case of test/fixtures/fidelity/quantity.json (transcribed from Kubernetes'
 * quantity_test.go / quantity_example_test.go; schema in test/fixtures/fidelity/README.md)
 * through the port. One test per case, named `<kind>[<index within kind>] <label>`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decSetString } from "./dec.ts";
import {
  QuantityError,
  mustParse,
  newDecimalQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityFromJSON,
  quantityPtrEqual,
  type Format,
  type Quantity,
} from "./index.ts";
import { parseQuantityString } from "./lex.ts";
import { fitsInt64 } from "./math.ts";
import { intQuantity } from "./quantity.ts";

type Int = number | string; // integers beyond 2^53 are loaded as strings (see loadCases)

interface Case {
  kind: string;
  source: string;
  input?: string;
  valid?: boolean;
  expectedValue?: string;
  expectedFormat?: Format;
  signVariants?: Record<string, string>;
  derived?: { value: Int; milliValue: Int | null } | null;
  expectedAsInt64?: Int | null;
  expectedString?: string;
  negatedExpectedString?: string;
  negativeInput?: string;
  negativeExpectedString?: string;
  expectedZeroMinusString?: string;
  expected?: unknown;
  expectedReversed?: number;
  value?: Int;
  format?: string;
  a?: string | null;
  b?: string | number | null;
  aFormat?: Format;
  bFormat?: Format;
  aInternal?: { mantissa: string; scale: number };
  bInternal?: { mantissa: string; scale: number };
  scale?: number;
  expectedExact?: boolean;
  expectedOk?: boolean;
  milliValue?: Int;
  roundTripValue?: Int;
  roundTripMilliValue?: Int;
  roundTripScaledValue?: Int;
  fromScale?: number;
  toScale?: number;
  method?: string;
  json?: string;
}

/**
 * JSON.parse would round integers beyond 2^53 (e.g. expectedAsInt64 -999999999999999999), so
 * long integer literals outside strings are quoted before parsing and read back with BigInt.
 */
function loadCases(): Case[] {
  const text = readFileSync(new URL("../../test/fixtures/fidelity/quantity.json", import.meta.url), "utf8");
  const lossless = text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"');
  return JSON.parse(lossless) as Case[];
}

function big(x: unknown): bigint {
  if (typeof x === "string") return BigInt(x);
  if (typeof x === "number" && Number.isSafeInteger(x)) return BigInt(x);
  throw new Error(`not an exact integer in the fixture: ${String(x)}`);
}

/** An inf.Dec-backed quantity with exactly the decimal value `text` (Go test `decQuantity`). */
function dec(text: string, format: Format | string = "DecimalSI"): Quantity {
  const d = decSetString(text);
  if (d === null) throw new Error(`bad decimal in fixture: ${text}`);
  return newDecimalQuantity(d.unscaled, d.exponent, format);
}

/** The same value held as an int64Amount, when its digits fit an int64. */
function intVariant(q: Quantity): Quantity | null {
  return fitsInt64(q.mantissa) ? intQuantity(q.mantissa, q.exponent, q.format) : null;
}

/** Both of Go's representations of a decimal value (Go's tests run their tables over both). */
function bothBackends(text: string, format: Format | string = "DecimalSI"): Quantity[] {
  const d = dec(text, format);
  const i = intVariant(d);
  return i === null ? [d] : [d, i];
}

/** A Go test operand: zero is `Quantity{Format: f}`, anything else decQuantity. */
function operand(text: string, format: Format): Quantity {
  return dec(text).cmpInt64(0n) === 0 ? newQuantity(0n, format) : dec(text, format);
}

function expectValue(q: Quantity, expected: string, label: string): void {
  expect(q.cmp(dec(expected)), `${label}: ${q.toString()} vs ${expected}`).toBe(0);
}

const checks: Record<string, (c: Case) => void> = {
  parse(c) {
    const input = c.input!;
    if (!c.valid) {
      expect(() => parseQuantity(input)).toThrow(QuantityError);
      expect(() => mustParse(input)).toThrow(`cannot parse '${input}'`);
      return;
    }
    for (const asDec of [false, true]) {
      let q = parseQuantity(input);
      if (asDec) q = q.toDec();
      expectValue(q, c.expectedValue!, input);
      expect(q.format).toBe(c.expectedFormat);
      if (asDec) {
        expect(q.asInt64()).toEqual({ value: 0n, ok: false });
      } else if (!q.isDec && q.exponent >= 0) {
        expect(q.asInt64()).toEqual({ value: dec(c.expectedValue!).value(), ok: true });
      }
      for (const [variant, value] of Object.entries(c.signVariants ?? {})) {
        let v = parseQuantity(variant);
        if (asDec) v = v.toDec();
        expectValue(v, value, variant);
        expect(v.format, variant).toBe(c.expectedFormat);
      }
    }
    // Go: decomposing the input and rebuilding it from its tokens gives the same value.
    const t = parseQuantityString(input);
    const rebuilt = (t.positive ? "" : "-") + t.num + (t.denom.length > 0 ? "." + t.denom : "") + t.suffix;
    expect(parseQuantity(rebuilt).cmp(parseQuantity(input))).toBe(0);
    if (c.derived != null) {
      const q = parseQuantity(input);
      expect(q.value()).toBe(big(c.derived.value));
      if (c.derived.milliValue !== null) expect(q.milliValue()).toBe(big(c.derived.milliValue));
    }
  },

  "parse-large"(c) {
    const q = parseQuantity(c.input!);
    const asInt = q.asInt64();
    if (c.expectedAsInt64 === null) {
      expect(asInt.ok).toBe(false);
    } else {
      expect(asInt).toEqual({ value: big(c.expectedAsInt64), ok: true });
    }
    expectValue(q, c.expectedValue!, c.input!);
    expect(q.toString()).toBe(c.expectedString);
  },

  lex(c) {
    expect(parseQuantityString(c.input!)).toEqual(c.expected);
  },

  "to-string"(c) {
    for (const q of bothBackends(String(c.value), c.format)) {
      expect(q.toString()).toBe(c.expectedString);
      if (c.negatedExpectedString !== undefined) expect(q.neg().toString()).toBe(c.negatedExpectedString);
    }
    // Go: parsing the canonical string keeps it as the cached string.
    expect(parseQuantity(c.expectedString!).toString()).toBe(c.expectedString);
  },

  canonical(c) {
    expect(parseQuantity(c.input!).toString()).toBe(c.expectedString);
    expect(parseQuantity(c.input!).toDec().toString()).toBe(c.expectedString);
    if (c.negativeInput !== undefined) {
      expect(parseQuantity(c.negativeInput).toString()).toBe(c.negativeExpectedString);
    }
  },

  cmp(c) {
    const a = parseQuantity(c.a!);
    const b = parseQuantity(c.b as string);
    for (const [x, y] of [
      [a, b],
      [a.toDec(), b],
      [a, b.toDec()],
      [a.toDec(), b.toDec()],
    ] as const) {
      expect(x.cmp(y)).toBe(c.expected);
      expect(y.cmp(x)).toBe(-(c.expected as number) || 0);
    }
  },

  "cmp-value"(c) {
    const a = intQuantity(big(c.aInternal!.mantissa), c.aInternal!.scale, "DecimalSI");
    const b = intQuantity(big(c.bInternal!.mantissa), c.bInternal!.scale, "DecimalSI");
    for (const [x, y] of [
      [a, b],
      [a.toDec(), b],
      [a, b.toDec()],
      [a.toDec(), b.toDec()],
    ] as const) {
      expect(x.cmp(y)).toBe(c.expected);
      expect(y.cmp(x)).toBe(c.expectedReversed);
    }
    expectValue(a, c.a!, "a");
    expectValue(b, c.b as string, "b");
  },

  "ptr-equal"(c) {
    const a = c.a === null ? null : parseQuantity(c.a!);
    const b = c.b === null ? null : parseQuantity(c.b as string);
    expect(quantityPtrEqual(a, b)).toBe(c.expected);
    expect(quantityPtrEqual(b, a)).toBe(c.expected);
  },

  "round-up"(c) {
    for (const asDec of [false, true]) {
      let q = parseQuantity(c.input!);
      if (asDec) q = q.toDec();
      const r = q.roundUp(c.scale!);
      expect(r.exact, `asDec=${asDec}`).toBe(c.expectedExact);
      expectValue(r.q, c.expectedValue!, `asDec=${asDec}`);
    }
  },

  add(c) {
    const a = operand(c.a!, c.aFormat!);
    const b = operand(c.b as string, c.bFormat!);
    for (const [x, y] of [
      [a, b],
      [intVariant(a)!, intVariant(b)!],
    ] as const) {
      expectValue(x.add(y), c.expectedValue!, "add");
    }
  },

  sub(c) {
    const a = operand(c.a!, c.aFormat!);
    const b = operand(c.b as string, c.bFormat!);
    for (const [x, y] of [
      [a, b],
      [intVariant(a)!, intVariant(b)!],
    ] as const) {
      expectValue(x.sub(y), c.expectedValue!, "sub");
    }
  },

  "add-zero"(c) {
    const value = parseQuantity(c.input!);
    const zero = parseQuantity("0");
    expect(value.add(zero).toString()).toBe(c.expectedString);
    expect(zero.add(value).toString()).toBe(c.expectedString);
  },

  "sub-zero"(c) {
    const value = parseQuantity(c.input!);
    const zero = parseQuantity("0");
    expect(value.sub(zero).toString()).toBe(c.expectedString);
    expect(zero.sub(value).toString()).toBe(c.expectedZeroMinusString);
    expect(zero.sub(value).toString()).toBe(value.neg().toString());
  },

  mul(c) {
    const a = operand(c.a!, "DecimalSI");
    const r = a.mul(big(c.b));
    expect(r.ok).toBe(c.expectedOk);
    expectValue(r.q, c.expectedValue!, "mul");
  },

  neg(c) {
    for (const q of bothBackends(String(c.value))) {
      const n = q.neg();
      expect(n.cmp(q)).not.toBe(0);
      expect(n.toString()).toBe(c.expectedString);
    }
  },

  new(c) {
    const q = newQuantity(big(c.value), c.format!);
    expect(q.toString()).toBe(c.expectedString);
    expect(q.toDec().toString()).toBe(c.expectedString);
    if (c.roundTripValue !== undefined) expect(parseQuantity(q.toString()).value()).toBe(big(c.roundTripValue));
  },

  "new-milli"(c) {
    const q = newMilliQuantity(big(c.milliValue), c.format!);
    expect(q.toString()).toBe(c.expectedString);
    if (c.roundTripMilliValue !== undefined) {
      expect(parseQuantity(q.toString()).milliValue()).toBe(big(c.roundTripMilliValue));
    }
  },

  "new-scaled"(c) {
    const q = newScaledQuantity(big(c.value), c.scale!);
    expect(q.toString()).toBe(c.expectedString);
    expect(q.format).toBe("DecimalSI");
    if (c.roundTripScaledValue !== undefined) {
      expect(parseQuantity(q.toString()).scaledValue(c.scale!)).toBe(big(c.roundTripScaledValue));
    }
  },

  "scaled-value"(c) {
    expect(newScaledQuantity(1n, c.fromScale!).scaledValue(c.toScale!)).toBe(big(c.expected));
  },

  value(c) {
    const q = parseQuantity(c.input!);
    const got = c.method === "MilliValue" ? q.milliValue() : c.method === "Value" ? q.value() : undefined;
    expect(got, `method ${c.method}`).toBe(big(c.expected));
    if (c.expectedFormat !== undefined) expect(q.format).toBe(c.expectedFormat);
  },

  float(c) {
    const q = parseQuantity(c.input!);
    expect(q.asApproximateFloat64()).toBe(c.expected);
    const asInt = q.asInt64();
    if (asInt.ok) expect(intQuantity(asInt.value, 0, q.format).asApproximateFloat64()).toBe(c.expected);
  },

  "json-unmarshal"(c) {
    expect(quantityFromJSON(c.json!).toString()).toBe(c.expectedString);
  },
};

const cases = loadCases();

describe("quantity.json fidelity table", () => {
  it("has the cases the README describes", () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  const perKind = new Map<string, number>();
  for (const c of cases) {
    const index = perKind.get(c.kind) ?? 0;
    perKind.set(c.kind, index + 1);
    const label = c.input ?? c.json ?? (c.a !== undefined ? `${String(c.a)} ${String(c.b)}` : String(c.value ?? ""));
    it(`${c.kind}[${index}] ${label}`, () => {
      const check = checks[c.kind];
      if (check === undefined) throw new Error(`unhandled kind ${c.kind} (${c.source})`);
      check(c);
    });
  }
});
