/**
 * Helpers on plain label sets (Go's labels.Set, a map[string]string), ported
 * from k8s.io/apimachinery/pkg/labels/labels.go.
 */
import { compareGoStrings } from "./go-strings.ts";
import { goTrimSpace } from "../collections/go-space.ts";
import { FieldErrorsError, validateLabelKey, validateLabelValue } from "./requirement.ts";

/** A label set: label key → value. */
export type LabelSet = Readonly<Record<string, string>>;

const hasOwn = Object.prototype.hasOwnProperty;

/** Assigns an own property, even for the key "__proto__". */
function setOwn(o: Record<string, string>, key: string, value: string): void {
  if (key === "__proto__") {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

/** The set as sorted `k=v` pairs joined by `,` (the format parseSelector takes). */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Set.String)
export function labelsSetString(set: LabelSet | null | undefined): string {
  if (set == null) return "";
  const parts: string[] = [];
  for (const key of Object.keys(set)) parts.push(key + "=" + set[key]);
  return parts.sort(compareGoStrings).join(",");
}

/** Like {@link labelsSetString}, but `<none>` for an empty set. */
// follows k8s.io/apimachinery/pkg/labels/labels.go (FormatLabels)
export function formatLabels(set: LabelSet | null | undefined): string {
  const s = labelsSetString(set);
  return s === "" ? "<none>" : s;
}

/** Whether the set has the label (Set.Has). */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Set.Has)
export function hasLabel(set: LabelSet | null | undefined, key: string): boolean {
  return set != null && hasOwn.call(set, key);
}

/** The label's value, or "" when absent (Set.Get). */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Set.Get)
export function getLabel(set: LabelSet | null | undefined, key: string): string {
  return set != null && hasOwn.call(set, key) ? set[key]! : "";
}

/** True if some key is in both sets with different values. */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Conflicts)
export function conflicts(a: LabelSet | null | undefined, b: LabelSet | null | undefined): boolean {
  if (a == null || b == null) return false;
  for (const key of Object.keys(a)) {
    if (hasOwn.call(b, key) && b[key] !== a[key]) return true;
  }
  return false;
}

/** A new set with the entries of both; on a shared key `b` wins. No conflict check. */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Merge)
export function merge(a: LabelSet | null | undefined, b: LabelSet | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (a != null) for (const key of Object.keys(a)) setOwn(out, key, a[key]!);
  if (b != null) for (const key of Object.keys(b)) setOwn(out, key, b[key]!);
  return out;
}

/** True if both sets have the same keys with the same values (nil and empty are equal). */
// follows k8s.io/apimachinery/pkg/labels/labels.go (Equals)
export function labelsEqual(a: LabelSet | null | undefined, b: LabelSet | null | undefined): boolean {
  const ka = a == null ? [] : Object.keys(a);
  const kb = b == null ? [] : Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!hasOwn.call(b, key) || b![key] !== a![key]) return false;
  }
  return true;
}

/**
 * Converts a `k=v,k=v` list into a label set, trimming white space around keys
 * and values and validating both. Only this plain form is accepted: `!=`,
 * `==`, `in`, `notin` and bare keys are errors. "" gives {}.
 *
 * @throws {Error} `invalid selector: [...]` for a malformed pair, or a
 *   {@link FieldErrorsError} for an invalid key or value.
 */
// follows k8s.io/apimachinery/pkg/labels/labels.go (ConvertSelectorToLabelsMap)
export function convertSelectorToLabelsMap(selector: string): Record<string, string> {
  const labelsMap: Record<string, string> = {};
  if (selector.length === 0) return labelsMap;
  for (const label of selector.split(",")) {
    const l = label.split("=");
    if (l.length !== 2) throw new Error(`invalid selector: [${l.join(" ")}]`);
    const key = goTrimSpace(l[0]!);
    const ke = validateLabelKey(key, "key");
    if (ke) throw new FieldErrorsError([ke]);
    const value = goTrimSpace(l[1]!);
    const ve = validateLabelValue(key, value, "values[0]");
    if (ve) throw new FieldErrorsError([ve]);
    labelsMap[key] = value;
  }
  return labelsMap;
}
