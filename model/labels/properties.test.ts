/**
 * Property tests (fast-check) for label selectors: the canonical text
 * round-trips through the parser, compiled matching agrees with a naive
 * reference of Go's Requirement.Matches, and set selectors match their own set.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addRequirements,
  conflicts,
  convertSelectorToLabelsMap,
  everything,
  labelsSetString,
  matchesNothing,
  merge,
  newRequirement,
  type Operator,
  parseSelector,
  type Requirement,
  type Selector,
  selectorFromSet,
  validatedSelectorFromSet,
} from "./index.ts";

const namePart = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/);
const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,4}[a-z0-9])?$/);
const prefix = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map((ls) => ls.join("."));
const labelKey = fc.tuple(fc.option(prefix, { nil: undefined }), namePart).map(([p, n]) => (p ? `${p}/${n}` : n));
const labelValue = fc.oneof(fc.constant(""), namePart);
const intValue = fc.oneof(fc.nat().map(String), fc.constantFrom("0", "007", "9223372036854775807"));

/** A valid requirement over the given key and value generators. */
function requirementArb(key: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<Requirement> {
  const op = fc.constantFrom<Operator>("=", "==", "!=", "in", "notin", "exists", "!", "gt", "lt");
  return fc.tuple(key, op).chain(([k, o]) => {
    let vals: fc.Arbitrary<string[]>;
    switch (o) {
      case "in":
      case "notin":
        vals = fc.uniqueArray(value, { minLength: 1, maxLength: 4 });
        break;
      case "exists":
      case "!":
        vals = fc.constant([]);
        break;
      case "gt":
      case "lt":
        vals = intValue.map((v) => [v]);
        break;
      default:
        vals = value.map((v) => [v]);
    }
    return vals.map((vs) => newRequirement(k, o, vs));
  });
}

function selectorArb(key: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<Selector> {
  return fc
    .array(requirementArb(key, value), { maxLength: 6 })
    .map((reqs) => addRequirements(everything(), ...reqs));
}

/** Naive reference of Go's Requirement.Matches, written independently of the compiled matchers. */
function referenceMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : "";
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has && r.values.includes(v);
    case "notin":
    case "!=":
      return !has || !r.values.includes(v);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      const int = (s: string): bigint | null => {
        if (!/^[+-]?[0-9]+$/.test(s)) return null;
        const n = BigInt(s);
        return n >= -(2n ** 63n) && n < 2n ** 63n ? n : null;
      };
      const a = has ? int(v) : null;
      const b = r.values.length === 1 ? int(r.values[0]!) : null;
      if (a === null || b === null) return false;
      return r.operator === "gt" ? a > b : a < b;
    }
  }
}

// Small pools so that selectors and label sets actually share keys and values.
const poolKey = fc.constantFrom("a", "b", "x.io/c", "in", "constructor");
const poolValue = fc.constantFrom("", "v", "w", "1", "10", "007", "9223372036854775807");
const poolLabels = fc.dictionary(
  poolKey,
  fc.oneof(poolValue, fc.constantFrom("-3", "+4", "9223372036854775808", "x y")),
  { maxKeys: 5 },
);

describe("label selector properties", () => {
  it("parse(toString(s)) has the same text and requirements", () =>
    fc.assert(
      fc.property(selectorArb(labelKey, labelValue), (s) => {
        const text = s.toString();
        const again = parseSelector(text);
        expect(again.toString()).toBe(text);
        expect(again.requirements()).toEqual(s.requirements());
        expect(matchesNothing(again)).toBe(false);
      }),
    ));

  it("compiled matching agrees with the reference and survives the text round trip", () =>
    fc.assert(
      fc.property(selectorArb(poolKey, poolValue), poolLabels, (s, labels) => {
        const expected = s.requirements().every((r) => referenceMatches(r, labels));
        expect(s.matches(labels)).toBe(expected);
        expect(parseSelector(s.toString()).matches(labels)).toBe(expected);
      }),
      { numRuns: 500 },
    ));

  it("selectorFromSet(set) matches set and any superset of it", () =>
    fc.assert(
      fc.property(
        fc.dictionary(labelKey, labelValue, { maxKeys: 6 }),
        fc.dictionary(labelKey, labelValue, { maxKeys: 4 }),
        (set, extra) => {
          expect(selectorFromSet(set).matches(set)).toBe(true);
          expect(selectorFromSet(set).matches(merge(extra, set))).toBe(true);
          expect(validatedSelectorFromSet(set).toString()).toBe(selectorFromSet(set).toString());
          expect(parseSelector(selectorFromSet(set).toString()).matches(set)).toBe(true);
        },
      ),
    ));

  it("convertSelectorToLabelsMap inverts labelsSetString for valid label sets", () =>
    fc.assert(
      fc.property(fc.dictionary(labelKey, labelValue, { maxKeys: 6 }), (set) => {
        expect(convertSelectorToLabelsMap(labelsSetString(set))).toEqual({ ...set });
      }),
    ));

  it("conflicts is symmetric and merge(a, b) never conflicts with b", () =>
    fc.assert(
      fc.property(poolLabels, poolLabels, (a, b) => {
        expect(conflicts(a, b)).toBe(conflicts(b, a));
        expect(conflicts(b, merge(a, b))).toBe(false);
      }),
    ));
});
