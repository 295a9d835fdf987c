/**
 * Runs every case of test/fixtures/fidelity/labels-selector.json (transcribed from
 * Kubernetes' selector_test.go / labels_test.go; schema in test/fixtures/fidelity/README.md)
 * through the ported label selector functions. Every kind is handled; an unknown
 * kind fails the test rather than being skipped.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  conflicts,
  convertSelectorToLabelsMap,
  FieldErrorsError,
  hasLabel,
  labelsSetString,
  matchesNothing,
  merge,
  newRequirement,
  parseSelector,
  type Requirement,
  SelectorParseError,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
} from "./index.ts";

type Labels = Record<string, string>;
interface ReqJson {
  key: string;
  operator: string;
  values: string[];
}
interface Case {
  kind: string;
  source: string;
  [field: string]: unknown;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL("../../test/fixtures/fidelity/labels-selector.json", import.meta.url), "utf8"),
);

/** Builds requirements directly, as the Go tests build internalSelector literals (no validation). */
function reqs(list: ReqJson[]): Requirement[] {
  return list.map((r) => ({ key: r.key, operator: r.operator as Requirement["operator"], values: r.values }));
}

function plain(list: readonly Requirement[]): ReqJson[] {
  return list.map((r) => ({ key: r.key, operator: r.operator, values: [...r.values] }));
}

function expectFieldError(fn: () => unknown, field: string | undefined): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FieldErrorsError);
  if (field !== undefined) {
    expect((caught as FieldErrorsError).errors.map((e) => e.field)).toContain(field);
  }
}

function runCase(c: Case): void {
  switch (c.kind) {
    case "parse": {
      const text = c.selector as string;
      if (!c.valid) {
        expect(() => parseSelector(text)).toThrow(SelectorParseError);
        return;
      }
      const sel = parseSelector(text);
      if (c.expectedString !== undefined) expect(sel.toString()).toBe(c.expectedString);
      if (c.expectedRequirements !== undefined) expect(plain(sel.requirements())).toEqual(c.expectedRequirements);
      return;
    }
    case "parse-equivalent": {
      const [a, b] = c.selectors as [string, string];
      expect(parseSelector(a).toString() === parseSelector(b).toString()).toBe(c.sameString);
      return;
    }
    case "match":
      expect(parseSelector(c.selector as string).matches(c.labels as Labels)).toBe(c.matches);
      return;
    case "match-set":
      expect(selectorFromSet(c.selectorSet as Labels).matches(c.labels as Labels)).toBe(c.matches);
      return;
    case "match-requirements": {
      const sel = selectorFromRequirements(reqs(c.requirements as ReqJson[]));
      expect(sel.matches(c.labels as Labels)).toBe(c.matches);
      if (c.equivalentSelector !== undefined) {
        expect(sel.toString()).toBe(c.equivalentSelector);
        expect(parseSelector(c.equivalentSelector as string).matches(c.labels as Labels)).toBe(c.matches);
      }
      return;
    }
    case "to-string":
      expect(selectorFromRequirements(reqs(c.requirements as ReqJson[])).toString()).toBe(c.expectedString);
      return;
    case "new-requirement": {
      const build = () => newRequirement(c.key as string, c.operator as string, c.values as string[]);
      if (c.valid) {
        const r = build();
        expect(r.key).toBe(c.key);
        expect(r.operator).toBe(c.operator);
        expect([...r.values]).toEqual([...(c.values as string[])].sort());
      } else {
        expectFieldError(build, c.errorField as string | undefined);
      }
      return;
    }
    case "requires-exact-match": {
      const sel = selectorFromRequirements(reqs(c.requirements as ReqJson[]));
      expect(sel.requiresExactMatch(c.label as string)).toEqual({ found: c.expectedFound, value: c.expectedValue });
      return;
    }
    case "set-selector-string":
      expect(validatedSelectorFromSet(c.selectorSet as Labels).toString()).toBe(c.expectedString);
      return;
    case "validated-selector-from-set": {
      const build = () => validatedSelectorFromSet(c.selectorSet as Labels);
      if (c.valid) {
        expect(plain(build().requirements())).toEqual(c.expectedRequirements);
      } else {
        expectFieldError(build, c.errorField as string | undefined);
      }
      return;
    }
    case "matches-nothing":
      expect(matchesNothing(parseSelector(c.selector as string))).toBe(c.expected);
      return;
    case "set-string":
      expect(labelsSetString(c.labels as Labels)).toBe(c.expectedString);
      return;
    case "set-has":
      expect(hasLabel(c.labels as Labels, c.key as string)).toBe(c.expected);
      return;
    case "conflicts":
      expect(conflicts(c.a as Labels, c.b as Labels)).toBe(c.expected);
      return;
    case "merge":
      expect(merge(c.a as Labels, c.b as Labels)).toEqual(c.expected);
      return;
    case "convert-selector-to-labels-map": {
      const text = c.selector as string;
      if (c.valid) {
        expect(convertSelectorToLabelsMap(text)).toEqual(c.expectedLabels);
      } else {
        // Go returns an error (and the test expects no labels); here the call throws.
        expect(() => convertSelectorToLabelsMap(text)).toThrow();
      }
      return;
    }
    default:
      throw new Error(`unhandled fixture kind ${JSON.stringify(c.kind)} (${c.source})`);
  }
}

describe("labels-selector.json fidelity (Kubernetes selector_test.go / labels_test.go)", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  const named = cases.map((c, i) => [`${c.kind} #${i} ${c.source.split("#")[1] ?? ""}`, c] as const);
  it.each(named)("%s", (_name, c) => {
    runCase(c);
  });
});
