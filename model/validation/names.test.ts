import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  regexError,
  utf8Length,
} from "./names.ts";

const labelRegexMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe("error wording", () => {
  it("RegexError keeps Kubernetes' spacing", () => {
    expect(regexError("m", "f")).toBe("m (regex used for validation is 'f')");
    expect(regexError("m", "f", "a", "b")).toBe("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
  });

  it("IsDNS1123Label messages", () => {
    expect(isDNS1123Label("my-name")).toEqual([]);
    expect(isDNS1123Label("foo.bar")).toEqual(["must not contain dots"]);
    expect(isDNS1123Label("Foo")).toEqual([labelRegexMsg]);
    expect(isDNS1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(isDNS1123Label("A".repeat(64))).toEqual(["must be no more than 63 characters", labelRegexMsg]);
  });

  it("IsDNS1123Subdomain and IsDNS1035Label messages", () => {
    expect(isDNS1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
    expect(isDNS1123Subdomain("Example.com")).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1035Label("1a")).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("IsQualifiedName messages", () => {
    expect(isQualifiedName("example.com/MyName")).toEqual([]);
    expect(isQualifiedName("/simple")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("example.com/")).toEqual([
      "name part must be non-empty",
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName("a/b/c")).toEqual([
      "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    const prefixed = isQualifiedName("Example.com/x");
    expect(prefixed).toHaveLength(1);
    expect(prefixed[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(isQualifiedName("x".repeat(64))[0]).toBe("name part must be no more than 63 characters");
  });

  it("IsValidLabelValue messages", () => {
    expect(isValidLabelValue("")).toEqual([]);
    expect(isValidLabelValue("bad,value")).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it("ports", () => {
    expect(isValidPortNum(65535)).toEqual([]);
    expect(isValidPortNum(-1)).toEqual(["must be between 1 and 65535, inclusive"]);
    expect(isValidPortName("-a--")).toEqual([
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ]);
    expect(isValidPortName("")).toEqual([
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must contain at least one letter (a-z)",
    ]);
  });

  it("lengths are UTF-8 bytes", () => {
    expect(utf8Length("ā")).toBe(2);
    expect(utf8Length("😀")).toBe(4);
    // 32 two-byte characters = 64 bytes: too long for a label value even though it is 32 UTF-16 units.
    expect(isValidLabelValue("ā".repeat(32))[0]).toBe("must be no more than 63 characters");
  });

  it("maskTrailingDash", () => {
    expect(maskTrailingDash("-")).toBe("-");
    expect(maskTrailingDash("-foo-")).toBe("-foa");
    expect(maskTrailingDash("ab")).toBe("ab");
  });
});

/** Strings of the DNS-1123 label grammar [a-z0-9]([-a-z0-9]*[a-z0-9])? with total length in [min, max]. */
const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789");
const alnumDash = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-");
function dnsLabelOfLength(min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).chain((n) =>
    n === 1
      ? alnum
      : fc
          .tuple(alnum, fc.array(alnumDash, { minLength: n - 2, maxLength: n - 2 }), alnum)
          .map(([a, mid, z]) => a + mid.join("") + z),
  );
}

describe("properties", () => {
  it("every DNS-1123 label grammar string of up to 63 chars is a valid label, subdomain and label value", () =>
    fc.assert(
      fc.property(dnsLabelOfLength(1, 63), (s) => {
        expect(isDNS1123Label(s)).toEqual([]);
        expect(isDNS1123Subdomain(s)).toEqual([]);
        expect(isValidLabelValue(s)).toEqual([]);
        expect(isQualifiedName(s)).toEqual([]);
      }),
    ));

  it("any DNS-1123 label grammar string longer than 63 chars is an invalid label (length error only)", () =>
    fc.assert(
      fc.property(dnsLabelOfLength(64, 300), (s) => {
        expect(isDNS1123Label(s)).toEqual(["must be no more than 63 characters"]);
        expect(isDNS1035Label(s).length).toBeGreaterThan(0);
      }),
    ));

  it("labels joined by dots are subdomains exactly when they fit in 253 bytes, and never labels", () =>
    fc.assert(
      fc.property(fc.array(dnsLabelOfLength(1, 63), { minLength: 2, maxLength: 6 }), (labels) => {
        const s = labels.join(".");
        expect(isDNS1123Subdomain(s).length === 0).toBe(s.length <= 253);
        expect(isDNS1123Label(s).length).toBeGreaterThan(0);
      }),
    ));

  it("a generateName prefix 'x-' validates whenever 'x' + 'a' would", () =>
    fc.assert(
      fc.property(dnsLabelOfLength(1, 62), (s) => {
        expect(maskTrailingDash(s + "-")).toBe(s.slice(0, -1) + "a");
        expect(isDNS1123Label(maskTrailingDash(s + "-"))).toEqual([]);
      }),
    ));

  it("validators never throw and agree with the empty-list convention on arbitrary strings", () =>
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 80 }), (s) => {
        for (const f of [isQualifiedName, isValidLabelValue, isDNS1123Label, isDNS1123Subdomain, isDNS1035Label]) {
          const errs = f(s);
          expect(Array.isArray(errs)).toBe(true);
          for (const e of errs) expect(typeof e).toBe("string");
        }
        // A DNS-1035 label is always a DNS-1123 label.
        if (isDNS1035Label(s).length === 0) expect(isDNS1123Label(s)).toEqual([]);
      }),
    ));
});
