/**
 * Label selectors: parsed, built from requirements or from a label set, and
 * matched against label sets. Ported from k8s.io/apimachinery/pkg/labels/selector.go.
 *
 * A selector compiles its requirements once, when it is built; `matches` is
 * then a plain loop over precompiled matchers (no parsing, no regex).
 */
import type { FieldError } from "../validation/field-error.ts";
import { byKey, parseToRequirements } from "./parser.ts";
import {
  compileRequirement,
  FieldErrorsError,
  type LabelsMatcher,
  makeRequirement,
  type Requirement,
  requirementString,
  validateLabelKey,
  validateLabelValue,
} from "./requirement.ts";

/** A label selector (Go's labels.Selector, without Add and DeepCopySelector). */
export interface Selector {
  /** True if the selector matches the given label set. */
  matches(labels: Record<string, string>): boolean;
  /** The canonical text form; parsing it gives back an equivalent selector. */
  toString(): string;
  /** The requirements (ANDed); empty for everything() and for nothing(). */
  requirements(): readonly Requirement[];
  /** True if the selector does not restrict the selection space. */
  empty(): boolean;
  /** Whether the selector requires `label` to have one specific value, and which. */
  requiresExactMatch(label: string): { found: boolean; value: string };
}

const notFound = Object.freeze({ found: false, value: "" });

/** Go's internalSelector: a list of requirements, all of which must match. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector)
class InternalSelector implements Selector {
  private readonly reqs: readonly Requirement[];
  private readonly matchers: readonly LabelsMatcher[];
  private text: string | undefined;

  constructor(reqs: readonly Requirement[]) {
    this.reqs = Object.freeze([...reqs]);
    this.matchers = this.reqs.map(compileRequirement);
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.Matches)
  matches(labels: Record<string, string>): boolean {
    const m = this.matchers;
    for (let i = 0; i < m.length; i++) {
      if (!m[i]!(labels)) return false;
    }
    return true;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.String)
  toString(): string {
    if (this.text === undefined) this.text = this.reqs.map(requirementString).join(",");
    return this.text;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.Requirements)
  requirements(): readonly Requirement[] {
    return this.reqs;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.Empty)
  empty(): boolean {
    return this.reqs.length === 0;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.RequiresExactMatch)
  requiresExactMatch(label: string): { found: boolean; value: string } {
    for (const r of this.reqs) {
      if (r.key === label) {
        switch (r.operator) {
          case "=":
          case "==":
          case "in":
            if (r.values.length === 1) return { found: true, value: r.values[0]! };
        }
        return notFound;
      }
    }
    return notFound;
  }
}

/** Go's nothingSelector: matches no label set. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (nothingSelector)
class NothingSelector implements Selector {
  matches(_labels: Record<string, string>): boolean {
    return false;
  }
  toString(): string {
    return "";
  }
  requirements(): readonly Requirement[] {
    return [];
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(_label: string): { found: boolean; value: string } {
    return notFound;
  }
}

const sharedEverythingSelector: Selector = new InternalSelector([]);
const sharedNothingSelector: Selector = new NothingSelector();

/** A selector that matches every label set (its text is ""). */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Everything)
export function everything(): Selector {
  return sharedEverythingSelector;
}

/** A selector that matches no label set (its text is "", and it is not empty()). */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Nothing)
export function nothing(): Selector {
  return sharedNothingSelector;
}

/**
 * True only for the nothing() selector. Parsed selectors, even contradictory
 * ones such as `a=b,a!=b`, are never reported as matching nothing.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (MatchesNothing)
export function matchesNothing(selector: Selector): boolean {
  return selector instanceof NothingSelector;
}

/**
 * Whether the selector can select anything: false only for nothing()
 * (Go's second result of Selector.Requirements(), "selectable").
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Selector.Requirements)
export function isSelectable(selector: Selector): boolean {
  return !(selector instanceof NothingSelector);
}

/**
 * A selector made of exactly these requirements, in the given order (Go's
 * `internalSelector(reqs)` conversion). The requirements are not validated:
 * one with an unknown operator never matches. Use {@link addRequirements} to
 * get Go's key-sorted order.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector)
export function selectorFromRequirements(reqs: readonly Requirement[]): Selector {
  return reqs.length === 0 ? sharedEverythingSelector : new InternalSelector(reqs);
}

/**
 * A copy of `selector` with `reqs` added, all requirements sorted by key
 * (stable, as Go's sort.Sort is for up to 12 elements). Adding to nothing()
 * gives nothing().
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (internalSelector.Add, nothingSelector.Add)
export function addRequirements(selector: Selector, ...reqs: Requirement[]): Selector {
  if (selector instanceof NothingSelector) return selector;
  const all = [...selector.requirements(), ...reqs].sort(byKey);
  return selectorFromRequirements(all);
}

/**
 * Parses selector text, e.g. `app=web,tier in (fe,be),!canary,version>2`.
 * Whitespace (space, tab, CR, LF) separates tokens; requirements come out
 * sorted by key; `x in ()` means the value set {""}.
 *
 * @throws {SelectorParseError} with a one-line message on invalid input.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Parse)
export function parseSelector(text: string): Selector {
  return selectorFromRequirements(parseToRequirements(text));
}

/** The Set's entries as `=` requirements, sorted by key. */
function setRequirements(set: Readonly<Record<string, string>>): Requirement[] {
  const reqs: Requirement[] = [];
  for (const key of Object.keys(set)) reqs.push(makeRequirement(key, "=", [set[key]!]));
  return reqs.sort(byKey);
}

/**
 * A selector matching label sets that contain every key of `set` with the same
 * value. An empty (or null) set gives everything(). Not validated.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (SelectorFromSet, SelectorFromValidatedSet)
export function selectorFromSet(set: Readonly<Record<string, string>> | null | undefined): Selector {
  if (set == null) return sharedEverythingSelector;
  return selectorFromRequirements(setRequirements(set));
}

/**
 * Like {@link selectorFromSet}, but validates every key (qualified name) and
 * value (label value) first.
 *
 * @throws {FieldErrorsError} naming `key` or `values[0][<key>]`.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (ValidatedSelectorFromSet)
export function validatedSelectorFromSet(set: Readonly<Record<string, string>> | null | undefined): Selector {
  if (set == null) return sharedEverythingSelector;
  const errs: FieldError[] = [];
  for (const key of Object.keys(set)) {
    const ke = validateLabelKey(key, "key");
    if (ke) errs.push(ke);
    const ve = validateLabelValue(key, set[key]!, "values[0]");
    if (ve) errs.push(ve);
  }
  if (errs.length !== 0) throw new FieldErrorsError(errs);
  return selectorFromRequirements(setRequirements(set));
}
