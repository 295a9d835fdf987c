/**
 * Tables transcribed from Kubernetes' own quantity_test.go (k8s.io/apimachinery
 * pkg/api/resource), run against the port. The fixture file covers part of these; these are
 * the complete Go tables, with the Go test names in the describe blocks.
 */
import { describe, expect, it } from "vitest";
import {
  QuantityError,
  Scale,
  newDecimalQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityFromJSON,
  type Format,
  type Quantity,
} from "./index.ts";
import { parseQuantityString } from "./lex.ts";
import { MOST_NEGATIVE as MN, MOST_POSITIVE as MP, goPow10 } from "./math.ts";
import { intQuantity } from "./quantity.ts";
import { decSetString } from "./dec.ts";

const D: Format = "DecimalSI";
const B: Format = "BinarySI";
const E: Format = "DecimalExponent";

/** Go test helper decQuantity(i, exponent, format): an inf.Dec-backed quantity. */
function decQ(i: bigint, exponent: number, format: Format | string = D): Quantity {
  return newDecimalQuantity(i, exponent, format);
}

function decStr(text: string): Quantity {
  const d = decSetString(text)!;
  return newDecimalQuantity(d.unscaled, d.exponent, D);
}

describe("TestQuantityParse", () => {
  const table: Array<[string, bigint, number, Format]> = [
    ["0", 0n, 0, D],
    ["0n", 0n, 0, D],
    ["0u", 0n, 0, D],
    ["0m", 0n, 0, D],
    ["0Ki", 0n, 0, B],
    ["0k", 0n, 0, D],
    ["0Mi", 0n, 0, B],
    ["0M", 0n, 0, D],
    ["0Gi", 0n, 0, B],
    ["0G", 0n, 0, D],
    ["0Ti", 0n, 0, B],
    ["0T", 0n, 0, D],
    ["1", 1n, 0, D],
    ["1Ki", 1024n, 0, B],
    ["8Ki", 8n * 1024n, 0, B],
    ["7Mi", 7n * 1024n ** 2n, 0, B],
    ["6Gi", 6n * 1024n ** 3n, 0, B],
    ["5Ti", 5n * 1024n ** 4n, 0, B],
    ["4Pi", 4n * 1024n ** 5n, 0, B],
    ["3Ei", 3n * 1024n ** 6n, 0, B],
    ["10Ti", 10n * 1024n ** 4n, 0, B],
    ["100Ti", 100n * 1024n ** 4n, 0, B],
    ["5n", 5n, -9, D],
    ["4u", 4n, -6, D],
    ["3m", 3n, -3, D],
    ["9", 9n, 0, D],
    ["8k", 8n, 3, D],
    ["50k", 5n, 4, D],
    ["7M", 7n, 6, D],
    ["6G", 6n, 9, D],
    ["5T", 5n, 12, D],
    ["40T", 4n, 13, D],
    ["300T", 3n, 14, D],
    ["2P", 2n, 15, D],
    ["1E", 1n, 18, D],
    ["1E-3", 1n, -3, E],
    ["1e3", 1n, 3, E],
    ["1E6", 1n, 6, E],
    ["1e9", 1n, 9, E],
    ["1E12", 1n, 12, E],
    ["1e15", 1n, 15, E],
    ["1E18", 1n, 18, E],
    ["1e14", 1n, 14, E],
    ["1e13", 1n, 13, E],
    ["1e3", 1n, 3, E],
    ["100.035k", 100035n, 0, D],
    ["0.001", 1n, -3, D],
    ["0.0005k", 5n, -1, D],
    ["0.005", 5n, -3, D],
    ["0.05", 5n, -2, D],
    ["0.5", 5n, -1, D],
    ["0.00050k", 5n, -1, D],
    ["0.00500", 5n, -3, D],
    ["0.05000", 5n, -2, D],
    ["0.50000", 5n, -1, D],
    ["0.5e0", 5n, -1, E],
    ["0.5e-1", 5n, -2, E],
    ["0.5e-2", 5n, -3, E],
    ["0.5e0", 5n, -1, E],
    ["10.035M", 10035n, 3, D],
    ["1.2e3", 12n, 2, E],
    ["1.3E+6", 13n, 5, E],
    ["1.40e9", 14n, 8, E],
    ["1.53E12", 153n, 10, E],
    ["1.6e15", 16n, 14, E],
    ["1.7E18", 17n, 17, E],
    ["9.01", 901n, -2, D],
    ["8.1k", 81n, 2, D],
    ["7.123456M", 7123456n, 0, D],
    ["6.987654321G", 6987654321n, 0, D],
    ["5.444T", 5444n, 9, D],
    ["40.1T", 401n, 11, D],
    ["300.2T", 3002n, 11, D],
    ["2.5P", 25n, 14, D],
    ["1.01E", 101n, 16, D],
    ["3.001n", 4n, -9, D],
    ["1.1E-9", 2n, -9, E],
    ["0.0000000001", 1n, -9, D],
    ["0.0000000005", 1n, -9, D],
    ["0.00000000050", 1n, -9, D],
    ["0.5e-9", 1n, -9, E],
    ["0.9n", 1n, -9, D],
    ["0.00000012345", 124n, -9, D],
    ["0.00000012354", 124n, -9, D],
    ["9Ei", MP, 0, B],
    ["9223372036854775807Ki", MP, 0, B],
    ["12E", 12n, 18, D],
    ["100.035Ki", 10243584n, -2, B],
    ["0.5Mi", 524288n, 0, B],
    ["0.05Gi", 536870912n, -1, B],
    ["0.025Ti", 274877906944n, -1, B],
    ["0.000000000001Ki", 2n, -9, D],
    [".001", 1n, -3, D],
    [".0001k", 100n, -3, D],
    ["1.", 1n, 0, D],
    ["1.G", 1n, 9, D],
  ];

  table.forEach(([input, mantissa, exponent, format], index) => {
    it(`table[${index}] ${input}`, () => {
      const expected = decQ(mantissa, exponent, format);
      for (const asDec of [false, true]) {
        for (const [prefix, want] of [
          ["", expected],
          ["-", expected.neg()],
          ["+", expected],
        ] as const) {
          let got = parseQuantity(prefix + input);
          if (asDec) got = got.toDec();
          expect(want.cmp(got), `${prefix}${input} asDec=${asDec}: ${got.toString()}`).toBe(0);
          expect(got.format).toBe(format);
          if (asDec) expect(got.asInt64()).toEqual({ value: 0n, ok: false });
        }
        const got = parseQuantity(input);
        for (const f of [D, B, E]) expect(decQ(got.mantissa, got.exponent, f).cmp(got)).toBe(0);
        const t = parseQuantityString(input);
        expect(got.sign() >= 0).toBe(t.positive);
        const rebuilt = (t.positive ? "" : "-") + t.num + (t.denom.length > 0 ? "." + t.denom : "") + t.suffix;
        expect(parseQuantity(rebuilt).cmp(got)).toBe(0);
      }
    });
  });

  it("rejects the empty string", () => {
    expect(() => parseQuantity("")).toThrow(QuantityError);
  });

  const invalid = ["1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 "];
  invalid.forEach((input, index) => {
    it(`invalid[${index}] ${JSON.stringify(input)}`, () => {
      expect(() => parseQuantity(input)).toThrow(QuantityError);
    });
  });
});

describe("TestParseQuantityString", () => {
  const table: Array<[string, boolean, string, string, string, string]> = [
    ["0.025Ti", true, "0.025", "0", "025", "Ti"],
    ["1.025Ti", true, "1.025", "1", "025", "Ti"],
    ["-1.025Ti", false, "-1.025", "1", "025", "Ti"],
    [".", true, ".", "0", "", ""],
    ["-.", false, "-.", "0", "", ""],
    ["1E-3", true, "1", "1", "", "E-3"],
  ];
  table.forEach(([input, positive, value, num, denom, suffix], index) => {
    it(`[${index}] ${input}`, () => {
      expect(parseQuantityString(input)).toEqual({ positive, value, num, denom, suffix });
    });
  });
});

describe("TestQuantityRoundUp", () => {
  const table: Array<[string, number, bigint, number, boolean]> = [
    ["9.01", -3, 901n, -2, true],
    ["9.01", -2, 901n, -2, true],
    ["9.01", -1, 91n, -1, false],
    ["9.01", 0, 10n, 0, false],
    ["9.01", 1, 10n, 0, false],
    ["9.01", 2, 100n, 0, false],
    ["-9.01", -3, -901n, -2, true],
    ["-9.01", -2, -901n, -2, true],
    ["-9.01", -1, -91n, -1, false],
    ["-9.01", 0, -10n, 0, false],
    ["-9.01", 1, -10n, 0, false],
    ["-9.01", 2, -100n, 0, false],
  ];
  table.forEach(([input, scale, mantissa, exponent, ok], index) => {
    it(`[${index}] ${input} scale ${scale}`, () => {
      for (const asDec of [false, true]) {
        let got = parseQuantity(input);
        if (asDec) got = got.toDec();
        const r = got.roundUp(scale);
        expect(r.exact).toBe(ok);
        expect(r.q.cmp(decQ(mantissa, exponent))).toBe(0);
      }
    });
  });
});

describe("TestQuantityCmpInt64AndDec", () => {
  const e18 = 1000000n * 1000000n * 1000000n;
  const table: Array<[bigint, number, bigint, number, number]> = [
    [901n, -2, 901n, -2, 0],
    [90n, -1, 901n, -2, -1],
    [901n, -2, 900n, -2, 1],
    [0n, 0, 0n, 0, 0],
    [0n, 1, 0n, -1, 0],
    [0n, -1, 0n, 1, 0],
    [800n, -3, 1n, 0, -1],
    [800n, -3, 79n, -2, 1],
    [MP, 0, 1n, -1, 1],
    [MP, 1, 1n, 0, 1],
    [MP, 1, 1n, 1, 1],
    [MP, 1, 0n, 1, 1],
    [MP, -16, 1n, 3, -1],
    [MN, 0, 0n, 0, -1],
    [MN, -18, -1n, 0, -1],
    [MN, -19, -1n, 0, 1],
    [e18, -17, 1n, 1, 0],
    [e18, -17, -10n, 0, 1],
    [-e18, -17, -10n, 0, 0],
    [e18, -17, 1n, 0, 1],
    [e18 + 1n, -17, 1n, 1, 1],
    [e18 - 1n, -17, 1n, 1, -1],
  ];
  table.forEach(([av, as, bv, bs, want], index) => {
    it(`[${index}]`, () => {
      const a = intQuantity(av, as, D);
      const b = intQuantity(bv, bs, D);
      for (const [x, y] of [
        [a, b],
        [a.toDec(), b],
        [a, b.toDec()],
        [a.toDec(), b.toDec()],
      ] as const) {
        expect(x.cmp(y)).toBe(want);
        expect(y.cmp(x)).toBe(-want || 0);
      }
    });
  });
});

describe("TestQuantityCmp", () => {
  const table: Array<[string, string, number]> = [
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
  ];
  table.forEach(([x, y, want], index) => {
    it(`[${index}] ${x} ${y}`, () => {
      expect(parseQuantity(x).cmp(parseQuantity(y))).toBe(want);
    });
  });
  it("zero-valued decimals compare as zero", () => {
    const zero = newQuantity(0n, D);
    expect(zero.cmp(decQ(0n, 0))).toBe(0);
    expect(zero.cmp(decQ(10n, 0))).toBe(-1);
    expect(zero.cmp(decQ(-10n, 0))).toBe(1);
    expect(decQ(10n, 0).cmp(zero)).toBe(1);
    expect(decQ(-10n, 0).cmp(zero)).toBe(-1);
  });
});

describe("TestQuantityNeg", () => {
  for (const [name, q] of [
    ["int", intQuantity(901n, -2, D)],
    ["dec", decQ(901n, -2)],
  ] as const) {
    it(name, () => {
      const out = q.neg();
      expect(out.cmp(q)).not.toBe(0);
      expect(out.toString()).toBe("-9010m");
    });
  }
});

describe("TestQuantityString", () => {
  const g = 1024n ** 3n;
  const table: Array<[bigint, number, Format, string, string]> = [
    [g, 0, B, "1Gi", "1024Mi"],
    [300n * 1024n * 1024n, 0, B, "300Mi", "307200Ki"],
    [6n * 1024n, 0, B, "6Ki", ""],
    [1001n * g, 0, B, "1001Gi", "1025024Mi"],
    [1024n * g, 0, B, "1Ti", "1024Gi"],
    [5n, 0, B, "5", "5000m"],
    [500n, -3, B, "500m", "0.5"],
    [1n, 9, D, "1G", "1000M"],
    [1000n, 6, D, "1G", "0.001T"],
    [1000000n, 3, D, "1G", ""],
    [1000000000n, 0, D, "1G", ""],
    [1n, -3, D, "1m", "1000u"],
    [80n, -3, D, "80m", ""],
    [1080n, -3, D, "1080m", "1.08"],
    [108n, -2, D, "1080m", "1080000000n"],
    [10800n, -4, D, "1080m", ""],
    [300n, 6, D, "300M", ""],
    [1n, 12, D, "1T", ""],
    [1n, 18, D, "1E", ""],
    [1n, 21, D, "1e21", "1000E"],
    [5n, 21, D, "5e21", "5000E"],
    [1n, 24, D, "1e24", "1000000E"],
    [1234567n, 6, D, "1234567M", ""],
    [1234567n, -3, B, "1234567m", ""],
    [3n, 3, D, "3k", ""],
    [1025n, 0, B, "1025", ""],
    [0n, 0, D, "0", ""],
    [0n, 0, B, "0", ""],
    [1n, 9, E, "1e9", ".001e12"],
    [1n, -3, E, "1e-3", "0.001e0"],
    [1n, -9, E, "1e-9", "1000e-12"],
    [80n, -3, E, "80e-3", ""],
    [300n, 6, E, "300e6", ""],
    [1n, 12, E, "1e12", ""],
    [1n, 3, E, "1e3", ""],
    [3n, 3, E, "3e3", ""],
    [3n, 3, D, "3k", ""],
    [0n, 0, E, "0", "00"],
    [1n, -9, D, "1n", ""],
    [80n, -9, D, "80n", ""],
    [1080n, -9, D, "1080n", ""],
    [108n, -8, D, "1080n", ""],
    [10800n, -10, D, "1080n", ""],
    [1n, -6, D, "1u", ""],
    [80n, -6, D, "80u", ""],
    [1080n, -6, D, "1080u", ""],
  ];
  table.forEach(([mantissa, exponent, format, want, alternate], index) => {
    it(`[${index}] ${want}`, () => {
      const q = decQ(mantissa, exponent, format);
      expect(q.toString()).toBe(want);
      expect(intQuantity(mantissa, exponent, format).toString()).toBe(want);
      expect(parseQuantity(want).toString()).toBe(want);
      if (alternate !== "") expect(parseQuantity(alternate).toString()).toBe(want);
      if (mantissa !== 0n) expect(q.neg().toString()).toBe("-" + want);
    });
  });
});

describe("TestQuantityParseEmit", () => {
  const table: Array<[string, string]> = [
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ];
  table.forEach(([input, want], index) => {
    it(`[${index}] ${input}`, () => {
      expect(parseQuantity(input).toString()).toBe(want);
      expect(parseQuantity("-" + input).toString()).toBe("-" + want);
    });
  });
});

describe("TestJSONWhitespace", () => {
  const table: Array<[string, string]> = [
    ['" 1"', "1"],
    ['"1 "', "1"],
    ["1", "1"],
    [" 1", "1"],
    ["1 ", "1"],
    ["10", "10"],
    ["-1", "-1"],
    [" -1", "-1"],
  ];
  table.forEach(([json, want], index) => {
    it(`[${index}] ${JSON.stringify(json)}`, () => {
      expect(quantityFromJSON(json).toString()).toBe(want);
    });
  });
});

describe("TestMilliNewSet", () => {
  const table: Array<[bigint, string, string, boolean]> = [
    [1n, D, "1m", true],
    [1000n, D, "1", true],
    [1234000n, D, "1234", true],
    [1024n, B, "1024m", false],
    [1000000n, "invalidFormatDefaultsToExponent", "1e3", true],
    [1024n * 1024n, B, "1048576m", false],
  ];
  table.forEach(([value, format, want, exact], index) => {
    it(`[${index}] ${want}`, () => {
      const q = newMilliQuantity(value, format);
      expect(q.toString()).toBe(want);
      if (exact) expect(parseQuantity(q.toString()).milliValue()).toBe(value);
    });
  });
});

describe("TestNewSet", () => {
  const table: Array<[bigint, string, string]> = [
    [1n, D, "1"],
    [1000n, D, "1k"],
    [1234000n, D, "1234k"],
    [1024n, B, "1Ki"],
    [1000000n, "invalidFormatDefaultsToExponent", "1e6"],
    [1024n * 1024n, B, "1Mi"],
  ];
  table.forEach(([value, format, want], index) => {
    it(`[${index}] ${want}`, () => {
      for (const asDec of [false, true]) {
        let q = newQuantity(value, format);
        if (asDec) q = q.toDec();
        expect(q.toString()).toBe(want);
        expect(parseQuantity(q.toString()).value()).toBe(value);
      }
    });
  });
});

describe("TestNewScaledSet", () => {
  const table: Array<[bigint, number, string]> = [
    [1n, Scale.Nano, "1n"],
    [1000n, Scale.Nano, "1u"],
    [1n, Scale.Micro, "1u"],
    [1000n, Scale.Micro, "1m"],
    [1n, Scale.Milli, "1m"],
    [1000n, Scale.Milli, "1"],
    [1n, 0, "1"],
    [0n, Scale.Nano, "0"],
    [0n, Scale.Micro, "0"],
    [0n, Scale.Milli, "0"],
    [0n, 0, "0"],
  ];
  table.forEach(([value, scale, want], index) => {
    it(`[${index}] ${want}`, () => {
      const q = newScaledQuantity(value, scale);
      expect(q.toString()).toBe(want);
      expect(parseQuantity(q.toString()).scaledValue(scale)).toBe(value);
    });
  });
});

describe("TestScaledValue", () => {
  const { Nano, Micro, Milli } = Scale;
  const table: Array<[number, number, bigint]> = [
    [Nano, Nano, 1n],
    [Nano, Micro, 1n],
    [Nano, Milli, 1n],
    [Nano, 0, 1n],
    [Micro, Nano, 1000n],
    [Micro, Micro, 1n],
    [Micro, Milli, 1n],
    [Micro, 0, 1n],
    [Milli, Nano, 1000n * 1000n],
    [Milli, Micro, 1000n],
    [Milli, Milli, 1n],
    [Milli, 0, 1n],
    [0, Nano, 1000n * 1000n * 1000n],
    [0, Micro, 1000n * 1000n],
    [0, Milli, 1000n],
    [0, 0, 1n],
    [2, -2, 100n * 100n],
  ];
  table.forEach(([from, to, want], index) => {
    it(`[${index}] ${from} -> ${to}`, () => {
      expect(newScaledQuantity(1n, from).scaledValue(to)).toBe(want);
      expect(newScaledQuantity(1n, from).toDec().scaledValue(to)).toBe(want);
    });
  });
});

describe("TestAdd / TestSub", () => {
  const zero = newQuantity(0n, D);
  const add: Array<[Quantity, Quantity, Quantity]> = [
    [decQ(10n, 0), decQ(1n, 1), decQ(20n, 0)],
    [decQ(10n, 0), decQ(1n, 0, B), decQ(11n, 0)],
    [decQ(10n, 0, B), decQ(1n, 0), decQ(11n, 0, B)],
    [zero, decQ(50n, 0), decQ(50n, 0)],
    [decQ(50n, 0), zero, decQ(50n, 0)],
    [zero, zero, decQ(0n, 0)],
  ];
  const sub: Array<[Quantity, Quantity, Quantity]> = [
    [decQ(10n, 0), decQ(1n, 1), decQ(0n, 0)],
    [decQ(10n, 0), decQ(1n, 0, B), decQ(9n, 0)],
    [decQ(10n, 0, B), decQ(1n, 0), decQ(9n, 0, B)],
    [zero, decQ(50n, 0), decQ(-50n, 0)],
    [decQ(50n, 0), zero, decQ(50n, 0)],
    [zero, zero, decQ(0n, 0)],
  ];
  add.forEach(([a, b, want], index) => {
    it(`add[${index}]`, () => expect(a.add(b).cmp(want)).toBe(0));
  });
  sub.forEach(([a, b, want], index) => {
    it(`sub[${index}]`, () => expect(a.sub(b).cmp(want)).toBe(0));
  });
});

describe("TestNeg", () => {
  const table: Array<[Quantity, Quantity]> = [
    [intQuantity(0n, 0, D), intQuantity(0n, 0, D)],
    [newQuantity(0n, ""), newQuantity(0n, "")],
    [intQuantity(10n, 0, B), intQuantity(-10n, 0, B)],
    [intQuantity(-10n, 0, B), intQuantity(10n, 0, B)],
    [decQ(0n, 0), intQuantity(0n, 0, D)],
    [decQ(10n, 0, B), intQuantity(-10n, 0, B)],
    [decQ(-10n, 0, B), intQuantity(10n, 0, B)],
  ];
  table.forEach(([a, want], index) => {
    it(`[${index}]`, () => expect(a.neg().cmp(want)).toBe(0));
  });
});

describe("TestMul", () => {
  const zero = newQuantity(0n, D);
  const table: Array<[Quantity, bigint, Quantity, boolean]> = [
    [decQ(10n, 0), 10n, decQ(100n, 0), true],
    [decQ(10n, 0), 1n, decQ(10n, 0), true],
    [decQ(10n, 0, B), 1n, decQ(10n, 0, B), true],
    [zero, 50n, decQ(0n, 0), true],
    [decQ(50n, 0), 0n, decQ(0n, 0), true],
    [zero, 0n, decQ(0n, 0), true],
    [decQ(10n, 0), -10n, decQ(-100n, 0), true],
    [decQ(-10n, 0), 1n, decQ(-10n, 0), true],
    [decQ(10n, 0, B), -1n, decQ(-10n, 0, B), true],
    [decQ(-50n, 0), 0n, decQ(0n, 0), true],
    [decQ(-50n, 0), -50n, decQ(2500n, 0), true],
    [zero, -50n, decQ(0n, 0), true],
    [decQ(MP, 0), 0n, decQ(0n, 1), true],
    [decQ(MP, 0), 1n, decQ(MP, 0), true],
    [decQ(MP, 0), -1n, decQ(-MP, 0), true],
    [decQ(MP / 2n, 0), 2n, decQ((MP / 2n) * 2n, 0), true],
    [decQ(MP / -2n, 0), -2n, decQ((MP / 2n) * 2n, 0), true],
    [decQ(MP, 0), 2n, decQ(MP * 2n, 0), false],
    [decQ(MP, 0), 10n, decQ(MP, 1), false],
    [decQ(MP, 0), -10n, decQ(-MP, 1), false],
    [decQ(MN, 0), 0n, decQ(0n, 1), true],
    [decQ(MN, 0), 1n, decQ(MN, 0), true],
    [decQ(MN, 0), -1n, decQ(MP + 1n, 0), false],
    [decQ(MN / 2n, 0), 2n, decQ(MN, 0), true],
    [decQ(MN / -2n, 0), -2n, decQ(MN, 0), true],
    [decQ(MN, 0), 2n, decQ(MN * 2n, 0), false],
    [decQ(MN, 0), 10n, decQ(MN, 1), false],
    [decQ(MN, 0), -10n, decQ(MP + 1n, 1), false],
  ];
  table.forEach(([a, b, want, ok], index) => {
    it(`[${index}]`, () => {
      const r = a.mul(b);
      expect(r.ok).toBe(ok);
      expect(r.q.cmp(want)).toBe(0);
    });
  });
});

describe("TestNegAndSubAtMostNegative", () => {
  const want = parseQuantity("9223372036854775808");
  function check(got: Quantity): void {
    expect(got.asInt64().ok).toBe(false);
    expect(got.sign()).toBe(1);
    expect(got.toString()).toBe("9223372036854775808");
    expect(got.cmp(want)).toBe(0);
  }
  it("intQuantity(mostNegative).Neg()", () => check(intQuantity(MN, 0, D).neg()));
  it("zero.Sub(intQuantity(mostNegative))", () => check(newQuantity(0n, D).sub(intQuantity(MN, 0, D))));
  it("1 - mostNegative", () => {
    const q = intQuantity(1n, 0, D).sub(intQuantity(MN, 0, D));
    expect(q.asInt64().ok).toBe(false);
    expect(q.cmp(parseQuantity("9223372036854775809"))).toBe(0);
    expect(q.toString()).toBe("9223372036854775809");
  });
  it("mostNegative+1 negates on the int64 path", () => {
    expect(intQuantity(MN + 1n, 0, D).neg().asInt64()).toEqual({ value: MP, ok: true });
    expect(newQuantity(0n, D).sub(intQuantity(MN + 1n, 0, D)).asInt64()).toEqual({ value: MP, ok: true });
  });
  it("keeps the scale", () => {
    expect(intQuantity(MN, Scale.Milli, D).neg().toString()).toBe("9223372036854775808m");
    expect(intQuantity(1n, Scale.Milli, D).sub(intQuantity(MN, Scale.Milli, D)).toString()).toBe("9223372036854775809m");
    const z = newQuantity(0n, D).sub(newScaledQuantity(MN, Scale.Milli));
    expect(z.toString()).toBe("9223372036854775808m");
    expect(z.sign()).toBe(1);
  });
});

describe("TestMostNegativeAtUnrepresentableScaleStaysInt64", () => {
  const minScale = -2147483648;
  it("Neg", () => {
    const q = intQuantity(MN, minScale, D).neg();
    expect([q.isDec, q.mantissa, q.exponent]).toEqual([false, MN, minScale]);
  });
  it("zeroSub", () => {
    const q = newQuantity(0n, D).sub(intQuantity(MN, minScale, D));
    expect([q.isDec, q.mantissa, q.exponent]).toEqual([false, MN, minScale]);
  });
  it("nonZeroSub", () => {
    const q = intQuantity(5n, minScale, D).sub(intQuantity(MN, minScale, D));
    expect([q.isDec, q.mantissa, q.exponent]).toEqual([false, MN + 5n, minScale]);
  });
  it("receiverAtMinScaleMinusNormalMostNegative", () => {
    expect(intQuantity(5n, minScale, D).sub(intQuantity(MN, 0, D)).isDec).toBe(false);
  });
  it("unalignableScaleDeltaStaysInt64", () => {
    expect(intQuantity(1n, 2147483647, D).sub(intQuantity(MN, -1, D)).isDec).toBe(false);
  });
});

describe("most-negative subtraction", () => {
  it("TestZeroSubMostNegativePreservesScale", () => {
    const q = newQuantity(0n, D).sub(newScaledQuantity(MN, 100));
    expect(q.isDec).toBe(true);
    expect(q.exponent).toBe(100); // inf.Scale -100
    expect(q.mantissa).toBe(-MN);
  });
  it("TestSubMostNegativeCrossScale", () => {
    const q = intQuantity(1n, 1, D).sub(intQuantity(MN, 0, D));
    expect(q.toString()).toBe("9223372036854775818");
    expect(q.asInt64().ok).toBe(false);
  });
  it("TestZeroSubMostNegativeInheritsFormat", () => {
    const q = newQuantity(0n, D).sub(intQuantity(MN, 0, B));
    expect(q.format).toBe(B);
    expect(q.toString()).toBe("8Ei");
    expect(q.asInt64().ok).toBe(false);
    expect(q.cmp(parseQuantity("9223372036854775808"))).toBe(0);
  });
  it("TestQuantityCanocicalizeZero", () => {
    expect(parseQuantity("1000m").sub(newQuantity(1n, D)).toString()).toBe("0");
  });
});

describe("TestQuantityAsApproximateFloat64", () => {
  const m7 = 7n * 1024n * 1024n;
  const f7 = 7 * 1024 * 1024;
  const rows: Array<[Quantity, number]> = [];
  for (const f of [D, E, B]) {
    rows.push([decQ(0n, 0, f), 0], [decQ(1n, 0, f), 1]);
  }
  for (const f of [B, D, E]) {
    rows.push(
      [decQ(1024n, 0, f), 1024],
      [decQ(8n * 1024n, 0, f), 8 * 1024],
      [decQ(m7, 0, f), f7],
      [decQ(m7, 1, f), f7 * 10],
      [decQ(m7, 4, f), f7 * 10000],
      [decQ(m7, 8, f), f7 * 100000000],
      [decQ(m7, -1, f), f7 * goPow10(-1)],
      [decQ(m7, -8, f), f7 / 100000000],
    );
  }
  rows.push(
    [decQ(MP, 0, D), 9223372036854775807],
    [decQ(MP, 0, B), 9223372036854775807],
    [decQ(12n, 18, D), 1.2e19],
    [decQ(12n, 500, D), Infinity],
    [decQ(-12n, 500, D), -Infinity],
  );
  rows.forEach(([q, want], index) => {
    it(`[${index}] ${q.format} ${q.toString()}`, () => {
      expect(q.asApproximateFloat64()).toBe(want);
    });
  });

  const strings: Array<[string, number]> = [
    ["2Ki", 2048],
    ["1.1Ki", 1126.4],
    ["1Mi", 1.048576e6],
    ["2Gi", 2.147483648e9],
  ];
  strings.forEach(([input, want], index) => {
    it(`TestStringQuantityAsApproximateFloat64[${index}] ${input}`, () => {
      expect(parseQuantity(input).asApproximateFloat64()).toBe(want);
    });
  });
});

describe("TestParseQuantity (int64 limits)", () => {
  // [input, wantAsInt64 (null = ok false), wantAsDec, canonical ("" = the input)]
  const n = null;
  const table: Array<[string, bigint | null, string, string]> = [
    ["-999999999999999999", -999999999999999999n, "-999999999999999999", ""],
    ["999999999999999999", 999999999999999999n, "999999999999999999", ""],
    ["-999999999999999999.0", n, "-999999999999999999", "-999999999999999999"],
    ["999999999999999999.0", n, "999999999999999999", "999999999999999999"],
    ["-999999999999999999.1", n, "-999999999999999999.1", "-999999999999999999100m"],
    ["999999999999999999.1", n, "999999999999999999.1", "999999999999999999100m"],
    ["-9999999999999999999", n, "-9999999999999999999", ""],
    ["9999999999999999999", n, "9999999999999999999", ""],
    ["-1E", -1000000000000000000n, "-1000000000000000000", ""],
    ["1E", 1000000000000000000n, "1000000000000000000", ""],
    ["-1000000000000000000", n, "-1000000000000000000", "-1E"],
    ["1000000000000000000", n, "1000000000000000000", "1E"],
    ["-9999999999999999999.0", n, "-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999.0", n, "9999999999999999999", "9999999999999999999"],
    ["-1.0E", -1000000000000000000n, "-1000000000000000000", "-1E"],
    ["1.0E", 1000000000000000000n, "1000000000000000000", "1E"],
    ["-1000000000000000000.0", n, "-1000000000000000000", "-1E"],
    ["1000000000000000000.0", n, "1000000000000000000", "1E"],
    ["-9999999999999999999000m", n, "-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999000m", n, "9999999999999999999", "9999999999999999999"],
    ["-9999999999999999999.1", n, "-9999999999999999999.1", "-9999999999999999999100m"],
    ["9999999999999999999.1", n, "9999999999999999999.1", "9999999999999999999100m"],
    ["-1.0000000000000000001E", n, "-1000000000000000000.1", "-1000000000000000000100m"],
    ["1.0000000000000000001E", n, "1000000000000000000.1", "1000000000000000000100m"],
    ["-1000000000000000000.1", n, "-1000000000000000000.1", "-1000000000000000000100m"],
    ["1000000000000000000.1", n, "1000000000000000000.1", "1000000000000000000100m"],
    ["-1.000000000000000001E", n, "-1000000000000000001", "-1000000000000000001"],
    ["1.000000000000000001E", n, "1000000000000000001", "1000000000000000001"],
    ["-1000000000000000001", n, "-1000000000000000001", ""],
    ["1000000000000000001", n, "1000000000000000001", ""],
    ["-10E", n, "-10000000000000000000", ""],
    ["10E", n, "10000000000000000000", ""],
    ["-10000000000000000000", n, "-10000000000000000000", "-10E"],
    ["10000000000000000000", n, "10000000000000000000", "10E"],
    ["-10.0E", n, "-10000000000000000000", "-10E"],
    ["10.0E", n, "10000000000000000000", "10E"],
    ["-10000000000000000000.0", n, "-10000000000000000000", "-10E"],
    ["10000000000000000000.0", n, "10000000000000000000", "10E"],
    ["-10000000000000000000000m", n, "-10000000000000000000", "-10E"],
    ["10000000000000000000000m", n, "10000000000000000000", "10E"],
    ["-10.0000000000000000001E", n, "-10000000000000000000.1", "-10000000000000000000100m"],
    ["10.0000000000000000001E", n, "10000000000000000000.1", "10000000000000000000100m"],
    ["-10000000000000000000.1", n, "-10000000000000000000.1", "-10000000000000000000100m"],
    ["10000000000000000000.1", n, "10000000000000000000.1", "10000000000000000000100m"],
    ["-10.000000000000000001E", n, "-10000000000000000001", "-10000000000000000001"],
    ["10.000000000000000001E", n, "10000000000000000001", "10000000000000000001"],
    ["-10000000000000000001", n, "-10000000000000000001", ""],
    ["10000000000000000001", n, "10000000000000000001", ""],
    ["-9223372036854775809", n, "-9223372036854775809", ""],
    ["9223372036854775806", n, "9223372036854775806", ""],
    ["-9223372036854775809.0", n, "-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806.0", n, "9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809000m", n, "-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806000m", n, "9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809.1", n, "-9223372036854775809.1", "-9223372036854775809100m"],
    ["9223372036854775806.1", n, "9223372036854775806.1", "9223372036854775806100m"],
    ["-9223372036854775808", n, "-9223372036854775808", ""],
    ["9223372036854775807", n, "9223372036854775807", ""],
    ["-9223372036854775808.0", n, "-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807.0", n, "9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808000m", n, "-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807000m", n, "9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808.1", n, "-9223372036854775808.1", "-9223372036854775808100m"],
    ["9223372036854775807.1", n, "9223372036854775807.1", "9223372036854775807100m"],
    ["-9223372036854775807", n, "-9223372036854775807", ""],
    ["9223372036854775808", n, "9223372036854775808", ""],
    ["-9223372036854775807.0", n, "-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808.0", n, "9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807000m", n, "-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808000m", n, "9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807.1", n, "-9223372036854775807.1", "-9223372036854775807100m"],
    ["9223372036854775808.1", n, "9223372036854775808.1", "9223372036854775808100m"],
  ];
  table.forEach(([input, asInt64, asDec, canonical], index) => {
    it(`[${index}] ${input}`, () => {
      const q = parseQuantity(input);
      const got = q.asInt64();
      if (asInt64 === null) expect(got.ok).toBe(false);
      else expect(got).toEqual({ value: asInt64, ok: true });
      expect(q.cmp(decStr(asDec))).toBe(0);
      expect(q.toString()).toBe(canonical === "" ? input : canonical);
    });
  });
});
