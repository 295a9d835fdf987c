/**
 * metav1.LabelSelector (the API object form: matchLabels + matchExpressions)
 * converted to a Selector. Ported from
 * k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector).
 */
import { newRequirement, type Operator, type Requirement } from "./requirement.ts";
import { addRequirements, everything, nothing, type Selector } from "./selector.ts";
import { memoByObject } from "../collections/memo.ts";

/** One matchExpressions entry (metav1.LabelSelectorRequirement). */
export interface LabelSelectorRequirement {
  readonly key: string;
  /** "In", "NotIn", "Exists" or "DoesNotExist". */
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

/** metav1.LabelSelector; structurally compatible with kubernetes-types' LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

/** metav1.LabelSelectorOperator → selection.Operator. Gt/Lt are not available here. */
const selectorOps: Readonly<Record<string, Operator>> = Object.freeze({
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
});

/**
 * Converts a LabelSelector into a Selector:
 * null/undefined → nothing(); no matchLabels and no matchExpressions → everything();
 * otherwise every matchLabels entry becomes `key=value` and every expression
 * its In/NotIn/Exists/DoesNotExist requirement, all validated as by newRequirement
 * and sorted by key.
 *
 * @throws {Error} `"Op" is not a valid pod selector operator` (Go's wording) for an unknown operator.
 * @throws {FieldErrorsError} for an invalid key, value or value count.
 */
// follows k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector)
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls == null) return nothing();
  const matchLabels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels);
  if (labelKeys.length + exprs.length === 0) return everything();
  const requirements: Requirement[] = [];
  for (const k of labelKeys) {
    requirements.push(newRequirement(k, "=", [matchLabels[k]!]));
  }
  for (const expr of exprs) {
    const op = Object.prototype.hasOwnProperty.call(selectorOps, expr.operator)
      ? selectorOps[expr.operator]
      : undefined;
    if (op === undefined) {
      throw new Error(`${JSON.stringify(expr.operator)} is not a valid pod selector operator`);
    }
    requirements.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return addRequirements(everything(), ...requirements);
}

function isFrozenSelector(ls: LabelSelector): boolean {
  return (
    Object.isFrozen(ls) &&
    (ls.matchLabels == null || Object.isFrozen(ls.matchLabels)) &&
    (ls.matchExpressions == null ||
      (Object.isFrozen(ls.matchExpressions) &&
        ls.matchExpressions.every((e) => Object.isFrozen(e) && (e.values == null || Object.isFrozen(e.values)))))
  );
}

/**
 * Like {@link labelSelectorAsSelector}, but remembers the result for a deeply
 * frozen LabelSelector object (as immer produces), so converting the same
 * object again in a hot loop costs one WeakMap lookup. Unfrozen objects are
 * converted each time, since they may change.
 */
export function labelSelectorAsSelectorCached(ls: LabelSelector | null | undefined): Selector {
  return ls == null ? nothing() : cachedSelector(ls);
}

const cachedSelector = memoByObject((ls: LabelSelector) => labelSelectorAsSelector(ls), isFrozenSelector);

/**
 * Whether `labels` match the LabelSelector (nil selects nothing, empty selects
 * everything).
 *
 * @throws like {@link labelSelectorAsSelector} for an invalid selector.
 */
// follows k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector) + labels.Selector.Matches
export function labelSelectorMatches(
  ls: LabelSelector | null | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  return labelSelectorAsSelectorCached(ls).matches(labels);
}
