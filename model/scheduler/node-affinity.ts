/**
 * Node selection by labels: spec.nodeSelector and spec.affinity.nodeAffinity. Follows
 * staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go (GetRequiredNodeAffinity,
 * RequiredNodeAffinity.Match, nodeSelectorTerms: terms are ORed, requirements within a term ANDed, a term with no
 * requirement matches nothing; PreferredSchedulingTerms.Score) and pkg/apis/core/v1/helper/helpers.go
 * (NodeSelectorRequirementsAsSelector / AsFieldSelector: matchFields supports metadata.name only).
 */
import type { KObject } from "../objects/types.ts";

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" | string;
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

const INT = /^[+-]?\d+$/;

/** One label requirement, with labels.Requirement.Matches semantics (NotIn and DoesNotExist match a missing key). */
export function labelRequirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return has && values.includes(v!);
    case "NotIn":
      return !has || !values.includes(v!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || !INT.test(v!) || values.length !== 1 || !INT.test(values[0]!)) return false;
      const a = Number(v);
      const b = Number(values[0]);
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A matchFields requirement: only metadata.name, with In or NotIn and exactly one value. */
function fieldRequirementMatches(r: NodeSelectorRequirement, node: KObject): boolean {
  const values = r.values ?? [];
  if (r.key !== "metadata.name" || values.length !== 1) return false;
  if (r.operator === "In") return node.metadata.name === values[0];
  if (r.operator === "NotIn") return node.metadata.name !== values[0];
  return false;
}

/** Whether a node matches one NodeSelectorTerm. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return exprs.every((r) => labelRequirementMatches(r, labels)) && fields.every((r) => fieldRequirementMatches(r, node));
}

/** Whether a node matches spec.nodeSelector (every key equal) and the required node affinity (any term). */
export function podMatchesNodeSelectorAndAffinity(pod: KObject, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required == null) return true;
  const terms: readonly NodeSelectorTerm[] = required.nodeSelectorTerms ?? [];
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** NodeAffinity's raw score: the sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(pod: KObject, node: KObject): number {
  const terms: readonly any[] = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  let score = 0;
  for (const t of terms) {
    const w = Number(t?.weight ?? 0);
    if (w !== 0 && t?.preference && nodeSelectorTermMatches(t.preference, node)) score += w;
  }
  return score;
}
