/**
 * Unit tests for the selector parser, matcher and helpers beyond the fixture
 * table: lexer edge cases, gt/lt integer handling, requirement validation
 * messages, everything()/nothing(), addRequirements and the set helpers.
 */
import { describe, expect, it } from "vitest";
import {
  addRequirements,
  convertSelectorToLabelsMap,
  everything,
  FieldErrorsError,
  formatLabels,
  getLabel,
  isSelectable,
  labelsEqual,
  matchesNothing,
  newRequirement,
  nothing,
  parseSelector,
  parseToRequirements,
  requirementEqual,
  requirementMatches,
  requirementString,
  SelectorParseError,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
} from "./index.ts";

function parseError(text: string): SelectorParseError {
  try {
    parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parseSelector", () => {
  it.each([
    ["", ""],
    ["\rx", "x"],
    ["a ", "a"],
    ["x notin ( )", "x notin ()"],
    ["x in (abc,)", "x in (,abc)"],
    ["x in (,,)", "x in ()"],
    ["x in (a,,,)", "x in (,a)"],
    ["x  notin\t\t(abc,def)", "x notin (abc,def)"],
    ["x==a", "x==a"],
    ["x=a,y!=b", "x=a,y!=b"],
    ["z<5,x>1,w", "w,x>1,z<5"],
    ["x>-0", "x>-0"], // "-0" is an integer but not a valid label value
  ])("accepts or rejects %j consistently with Go", (text, canonical) => {
    if (text === "x>-0") {
      expect(() => parseSelector(text)).toThrow(SelectorParseError);
      return;
    }
    expect(parseSelector(text).toString()).toBe(canonical);
  });

  it.each([
    "x=a||y=b",
    "x==a==b",
    "!x=a",
    "x<a",
    "x>",
    "x,,y",
    ",x,y",
    "a in (xyz),",
    "a in (xyz abc)",
    "a notin(",
    "a (",
    "(",
    "x nott in (y)",
    "x in a",
    "=a",
    "x=(a)",
    "x>1.5",
    "x>99999999999999999999",
    "-x",
    "x in (a b)",
  ])("rejects %j", (text) => {
    expect(() => parseSelector(text)).toThrow(SelectorParseError);
  });

  it("gives Go's error text in a one-line message", () => {
    const e = parseError("x,,y");
    expect(e.detail).toBe("found ',', expected: identifier after ','");
    expect(e.message).toBe(`invalid label selector "x,,y": found ',', expected: identifier after ','`);
    expect(parseError("a (").detail).toBe(
      "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
    );
    expect(parseError("x notin\n(").message).not.toContain("\n");
  });

  it("reports validation failures with the field path", () => {
    const e = parseError("x<a");
    expect(e.detail).toMatch(/^unable to parse requirement: values\[0\]: Invalid value: "a": /);
    expect(e.fieldErrors.map((f) => f.field)).toEqual(["values[0]"]);
    const bad = parseError("-bad-key=a");
    expect(bad.fieldErrors).toHaveLength(1);
  });

  it("treats in/notin as identifiers in value position and as keys", () => {
    expect(parseSelector("in=notin").toString()).toBe("in=notin");
    expect(parseSelector("notin in (in)").toString()).toBe("notin in (in)");
    expect(parseSelector("in").requirements()).toEqual([{ key: "in", operator: "exists", values: [] }]);
  });

  it("handles a NUL character as Go's byte lexer does", () => {
    // at the start of a token it reads as the end of the input ...
    expect(parseSelector("x=a \u0000,,,garbage").toString()).toBe("x=a");
    // ... inside a token it ends the token and is skipped
    expect(parseSelector("x=a\u0000,b").toString()).toBe("b,x=a");
    expect(parseSelector("k=\u0000v").toString()).toBe("k=v");
  });

  it("sorts requirements by key, keeping the order of equal keys", () => {
    const s = parseSelector("b=1,a!=2,a=3");
    expect(s.toString()).toBe("a!=2,a=3,b=1");
    expect(parseToRequirements("b,a").map((r) => r.key)).toEqual(["a", "b"]);
  });

  it("keeps empty/duplicate values as Go's set does", () => {
    expect(parseSelector("x in (b,a,b)").requirements()[0]!.values).toEqual(["a", "b"]);
    expect(parseSelector("x=").requirements()[0]!.values).toEqual([""]);
  });
});

describe("matching", () => {
  it("handles gt/lt with exact int64 comparison", () => {
    const gt = parseSelector("x>9007199254740992");
    expect(gt.matches({ x: "9007199254740993" })).toBe(true);
    expect(gt.matches({ x: "9007199254740992" })).toBe(false);
    expect(gt.matches({ x: "9223372036854775808" })).toBe(false); // out of int64 range: not an integer
    const lt = parseSelector("x<10");
    expect(lt.matches({ x: "-5" })).toBe(true);
    expect(lt.matches({ x: "+9" })).toBe(true);
    expect(lt.matches({ x: "010" })).toBe(false);
    expect(lt.matches({ x: "1e1" })).toBe(false);
    expect(lt.matches({ x: "" })).toBe(false);
    expect(lt.matches({ x: " 1" })).toBe(false);
    expect(lt.matches({})).toBe(false);
  });

  it("never treats inherited object properties as labels", () => {
    expect(parseSelector("constructor").matches({})).toBe(false);
    expect(parseSelector("!constructor").matches({})).toBe(true);
    expect(parseSelector("toString notin (a)").matches({})).toBe(true);
    expect(parseSelector("constructor=a").matches({ constructor: "a" })).toBe(true);
  });

  it("matches in/notin with many values", () => {
    const vals = Array.from({ length: 40 }, (_, i) => `v${i}`);
    const s = parseSelector(`x in (${vals.join(",")}),y notin (${vals.join(",")})`);
    expect(s.matches({ x: "v39" })).toBe(true);
    expect(s.matches({ x: "v39", y: "v0" })).toBe(false);
    expect(s.matches({ x: "v40" })).toBe(false);
  });

  it("requirementMatches agrees with the selector", () => {
    const r = newRequirement("x", "in", ["a", "b"]);
    expect(requirementMatches(r, { x: "b" })).toBe(true);
    expect(requirementMatches(r, { x: "c" })).toBe(false);
    expect(requirementMatches({ key: "x", operator: "bogus" as never, values: [] }, { x: "" })).toBe(false);
  });
});

describe("newRequirement", () => {
  it("names every violated rule, like Go's aggregated field errors", () => {
    let err: FieldErrorsError | undefined;
    try {
      newRequirement("-x", "gt", ["a", "b"]);
    } catch (e) {
      err = e as FieldErrorsError;
    }
    expect(err).toBeInstanceOf(FieldErrorsError);
    expect(err!.errors.map((e) => e.field)).toEqual(["key", "values", "values[0]", "values[1]"]);
    expect(err!.message.startsWith("[key: Invalid value: ")).toBe(true);
  });

  it("rejects an unknown operator listing the supported ones", () => {
    expect(() => newRequirement("x", "Gt", ["1"])).toThrow(
      'operator: Unsupported value: "Gt": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    );
  });

  it("prefixes the field path when given one", () => {
    try {
      newRequirement("x", "in", [], "spec.selector");
      expect.unreachable();
    } catch (e) {
      expect((e as FieldErrorsError).errors[0]!.field).toBe("spec.selector.values");
    }
  });

  it("sorts values without removing duplicates (String() shows them, as in Go)", () => {
    const r = newRequirement("x", "notin", ["b", "a", "b"]);
    expect(r.values).toEqual(["a", "b", "b"]);
    expect(requirementString(r)).toBe("x notin (a,b,b)");
    expect(requirementEqual(r, newRequirement("x", "notin", ["b", "b", "a"]))).toBe(true);
    expect(requirementEqual(r, newRequirement("x", "notin", ["a", "b"]))).toBe(false);
  });
});

describe("everything / nothing / addRequirements", () => {
  it("everything matches all and is empty", () => {
    expect(everything().matches({})).toBe(true);
    expect(everything().empty()).toBe(true);
    expect(everything().toString()).toBe("");
    expect(matchesNothing(everything())).toBe(false);
    expect(isSelectable(everything())).toBe(true);
  });

  it("nothing matches none and is not empty", () => {
    const n = nothing();
    expect(n.matches({})).toBe(false);
    expect(n.matches({ a: "b" })).toBe(false);
    expect(n.empty()).toBe(false);
    expect(n.toString()).toBe("");
    expect(n.requirements()).toEqual([]);
    expect(n.requiresExactMatch("a")).toEqual({ found: false, value: "" });
    expect(matchesNothing(n)).toBe(true);
    expect(isSelectable(n)).toBe(false);
    expect(addRequirements(n, newRequirement("a", "=", ["b"]))).toBe(n);
  });

  it("addRequirements copies and sorts by key", () => {
    const base = selectorFromRequirements([newRequirement("key", "in", ["value"])]);
    const added = addRequirements(base, newRequirement("a", "=", ["b"]));
    expect(added.toString()).toBe("a=b,key in (value)");
    expect(base.toString()).toBe("key in (value)");
  });

  it("selectorFromRequirements keeps the given order", () => {
    const s = selectorFromRequirements([newRequirement("z", "exists", []), newRequirement("a", "!", [])]);
    expect(s.toString()).toBe("z,!a");
  });
});

describe("set selectors", () => {
  it("selectorFromSet and validatedSelectorFromSet", () => {
    expect(selectorFromSet(null).empty()).toBe(true);
    expect(selectorFromSet({ b: "2", a: "1" }).toString()).toBe("a=1,b=2");
    expect(selectorFromSet({ b: "2", a: "1" }).requiresExactMatch("b")).toEqual({ found: true, value: "2" });
    expect(selectorFromSet({ "bad key": "x" }).matches({ "bad key": "x" })).toBe(true);
    expect(() => validatedSelectorFromSet({ "bad key": "x" })).toThrow(FieldErrorsError);
    try {
      validatedSelectorFromSet({ k: "-v-" });
      expect.unreachable();
    } catch (e) {
      expect((e as FieldErrorsError).errors.map((x) => x.field)).toEqual(["values[0][k]"]);
    }
  });

  it("label set helpers", () => {
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels({ b: "1", a: "2" })).toBe("a=2,b=1");
    expect(getLabel({ a: "1" }, "a")).toBe("1");
    expect(getLabel({ a: "1" }, "constructor")).toBe("");
    expect(labelsEqual({ a: "1" }, { a: "1" })).toBe(true);
    expect(labelsEqual({}, null)).toBe(true);
    expect(labelsEqual({ a: "1" }, { a: "2" })).toBe(false);
  });

  it("convertSelectorToLabelsMap trims Go white space and rejects other forms", () => {
    expect(convertSelectorToLabelsMap(" x = a ,y=b")).toEqual({ x: "a", y: "b" });
    expect(convertSelectorToLabelsMap("x=")).toEqual({ x: "" });
    expect(convertSelectorToLabelsMap("x=a,x=b")).toEqual({ x: "b" });
    expect(() => convertSelectorToLabelsMap("x==a")).toThrow("invalid selector: [x  a]");
    expect(() => convertSelectorToLabelsMap("x!=y")).toThrow(FieldErrorsError);
    expect(() => convertSelectorToLabelsMap("x")).toThrow("invalid selector: [x]");
  });
});
