/**
 * Label selector requirements: one `key operator values` term of a selector.
 * Ported from k8s.io/apimachinery/pkg/labels/selector.go (Requirement,
 * NewRequirement, Requirement.Matches, Requirement.String) and the operator
 * strings of k8s.io/apimachinery/pkg/selection/operator.go.
 */
import { type FieldError, fieldErrorMessage, invalid, notSupported } from "../validation/field-error.ts";
import { isQualifiedName, isValidLabelValue } from "../validation/names.ts";
import { compareGoStrings, compareInt64, goSafeSort, parseGoInt64 } from "./go-strings.ts";

/** A label set as seen by selectors: label key → value. */
export type Labels = Readonly<Record<string, string>>;

/**
 * The Go `selection.Operator` string values a requirement may use.
 * `"!"` is DoesNotExist, `"gt"`/`"lt"` are GreaterThan/LessThan.
 */
export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** Named constants for the operators, as in Go's selection package. */
// follows k8s.io/apimachinery/pkg/selection/operator.go
export const Operators = {
  DoesNotExist: "!",
  Equals: "=",
  DoubleEquals: "==",
  In: "in",
  NotEquals: "!=",
  NotIn: "notin",
  Exists: "exists",
  GreaterThan: "gt",
  LessThan: "lt",
} as const satisfies Record<string, Operator>;

const unaryOperators: readonly string[] = ["exists", "!"];
const binaryOperators: readonly string[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
/** All valid operators, in the order Go lists them in its "supported values" message. */
export const validRequirementOperators: readonly Operator[] = [...binaryOperators, ...unaryOperators] as Operator[];

/** The binary operators joined as Go's parser error message lists them. */
export const binaryOperatorsList = binaryOperators.join(", ");

/**
 * One requirement of a selector. `values` is sorted (Go byte order); it is empty
 * for `exists` and `!`. Build valid ones with {@link newRequirement}.
 */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * An error made of one or more field errors, like Go's aggregated
 * field.ErrorList (`ToAggregate()`): the message is the single error's message,
 * or `[msg1, msg2]` for several (duplicates removed).
 */
// follows k8s.io/apimachinery/pkg/util/validation/field/errors.go (ErrorList.ToAggregate)
export class FieldErrorsError extends Error {
  /** The individual field errors. */
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[]) {
    const msgs: string[] = [];
    for (const e of errors) {
      const m = fieldErrorMessage(e);
      if (!msgs.includes(m)) msgs.push(m);
    }
    super(msgs.length === 1 ? msgs[0]! : `[${msgs.join(", ")}]`);
    this.name = "FieldErrorsError";
    this.errors = errors;
  }
}

/** field.Path.Child */
export function childPath(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

/** Validates a label key (IsQualifiedName); returns the field error or null. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (validateLabelKey)
export function validateLabelKey(k: string, path: string): FieldError | null {
  const errs = isQualifiedName(k);
  return errs.length !== 0 ? invalid(path, k, errs.join("; ")) : null;
}

/** Validates a label value (IsValidLabelValue); the error's field is `path[k]`. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (validateLabelValue)
export function validateLabelValue(k: string, v: string, path: string): FieldError | null {
  const errs = isValidLabelValue(v);
  return errs.length !== 0 ? invalid(`${path}[${k}]`, v, errs.join("; ")) : null;
}

/**
 * Builds a validated requirement, as Go's NewRequirement:
 * in/notin need at least one value; =, ==, != exactly one; exists and ! none;
 * gt/lt exactly one, parseable as a base-10 int64; the key must be a qualified
 * name and every value a valid label value; other operators are rejected.
 *
 * @param path optional field path prefix (Go's `field.WithPath`); errors name
 *   `key`, `values`, `values[i]`, `values[i][key]` or `operator` under it.
 * @throws {FieldErrorsError} listing every violated rule.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (NewRequirement)
export function newRequirement(key: string, op: string, values: readonly string[], path = ""): Requirement {
  const allErrs: FieldError[] = [];
  const keyErr = validateLabelKey(key, childPath(path, "key"));
  if (keyErr) allErrs.push(keyErr);

  const valuePath = childPath(path, "values");
  switch (op) {
    case "in":
    case "notin":
      if (values.length === 0) {
        allErrs.push(invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) {
        allErrs.push(invalid(valuePath, values, "exact-match compatibility requires one single value"));
      }
      break;
    case "exists":
    case "!":
      if (values.length !== 0) {
        allErrs.push(invalid(valuePath, values, "values set must be empty for exists and does not exist"));
      }
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) {
        allErrs.push(invalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (let i = 0; i < values.length; i++) {
        if (parseGoInt64(values[i]!) === null) {
          allErrs.push(
            invalid(`${valuePath}[${i}]`, values[i], "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      }
      break;
    default:
      allErrs.push(notSupported(childPath(path, "operator"), op, validRequirementOperators));
  }

  for (let i = 0; i < values.length; i++) {
    const err = validateLabelValue(key, values[i]!, `${valuePath}[${i}]`);
    if (err) allErrs.push(err);
  }
  if (allErrs.length !== 0) throw new FieldErrorsError(allErrs);
  return makeRequirement(key, op as Operator, values);
}

/** Builds a frozen requirement without validation; values are sorted (duplicates kept, as Go keeps them). */
export function makeRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const sorted = Object.freeze([...values].sort(compareGoStrings));
  return Object.freeze({ key, operator, values: sorted });
}

/** A compiled requirement: tells whether a label set satisfies it. */
export type LabelsMatcher = (labels: Labels) => boolean;

const never: LabelsMatcher = () => false;

/**
 * Compiles a requirement into a matcher with the semantics of Go's
 * Requirement.Matches. The work that does not depend on the labels (operator
 * dispatch, parsing the gt/lt bound) is done once here.
 *
 * A label is present when `labels[key]` is a string, so inherited object
 * properties (e.g. `constructor`) never count as labels.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Matches)
export function compileRequirement(r: Requirement): LabelsMatcher {
  const key = r.key;
  const vals = r.values;
  switch (r.operator as string) {
    case "in":
    case "=":
    case "==": {
      if (vals.length === 0) return never;
      if (vals.length === 1) {
        const v = vals[0]!;
        // an absent label is undefined or a non-string inherited property: never === v
        return (labels) => labels[key] === v;
      }
      if (vals.length > 16) {
        const set = new Set(vals);
        return (labels) => {
          const x = labels[key];
          return typeof x === "string" && set.has(x);
        };
      }
      return (labels) => {
        const x = labels[key];
        if (typeof x !== "string") return false;
        for (let i = 0; i < vals.length; i++) if (vals[i] === x) return true;
        return false;
      };
    }
    case "notin":
    case "!=": {
      if (vals.length === 0) return (labels) => true;
      if (vals.length === 1) {
        const v = vals[0]!;
        return (labels) => labels[key] !== v;
      }
      if (vals.length > 16) {
        const set = new Set(vals);
        return (labels) => {
          const x = labels[key];
          return typeof x !== "string" || !set.has(x);
        };
      }
      return (labels) => {
        const x = labels[key];
        if (typeof x !== "string") return true;
        for (let i = 0; i < vals.length; i++) if (vals[i] === x) return false;
        return true;
      };
    }
    case "exists":
      return (labels) => typeof labels[key] === "string";
    case "!":
      return (labels) => typeof labels[key] !== "string";
    case "gt":
    case "lt": {
      // There must be exactly one value, and it must be an integer.
      if (vals.length !== 1) return never;
      const bound = parseGoInt64(vals[0]!);
      if (bound === null) return never;
      const want = r.operator === "gt" ? 1 : -1;
      return (labels) => {
        const x = labels[key];
        if (typeof x !== "string") return false;
        const n = parseGoInt64(x);
        if (n === null) return false;
        return compareInt64(n, bound) === want;
      };
    }
    default:
      return never;
  }
}

/**
 * Whether `labels` satisfy the requirement (Go's Requirement.Matches).
 * For repeated matching, prefer a Selector, which compiles its requirements once.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Matches)
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  return compileRequirement(r)(labels);
}

/**
 * The canonical text of a requirement, as Go's Requirement.String:
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`.
 * Values are written in sorted order.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Requirement.String)
export function requirementString(r: Requirement): string {
  const op = r.operator as string;
  let s = op === "!" ? "!" + r.key : r.key;
  switch (op) {
    case "=":
      s += "=";
      break;
    case "==":
      s += "==";
      break;
    case "!=":
      s += "!=";
      break;
    case "in":
      s += " in ";
      break;
    case "notin":
      s += " notin ";
      break;
    case "gt":
      s += ">";
      break;
    case "lt":
      s += "<";
      break;
    case "exists":
    case "!":
      return s;
  }
  const paren = op === "in" || op === "notin";
  if (paren) s += "(";
  s += r.values.length === 1 ? r.values[0] : goSafeSort(r.values).join(",");
  if (paren) s += ")";
  return s;
}

/** Requirement equality as Go's Requirement.Equal (key, operator and the value list). */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Equal)
export function requirementEqual(a: Requirement, b: Requirement): boolean {
  if (a.key !== b.key || a.operator !== b.operator || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}
