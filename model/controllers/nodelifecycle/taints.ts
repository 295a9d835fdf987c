/**
 * Taints and tolerations as plain data: matching, adding and removing taints on a node spec, and the
 * toleration rules the taint eviction controller applies.
 *
 * Follows pkg/util/taints/taints.go (TaintExists, AddOrUpdateTaint, RemoveTaint, TaintSetDiff),
 * staging/src/k8s.io/api/core/v1/taint.go and toleration.go (MatchTaint, ToleratesTaint),
 * pkg/apis/core/v1/helper/helpers.go (GetMatchingTolerations), pkg/controller/tainteviction/taint_eviction.go
 * (getNoExecuteTaints, getMinTolerationTime) and plugin/pkg/admission/defaulttolerationseconds/admission.go.
 */

export { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE, toleratesTaint, withDefaultTolerations } from "../../objects/taints.ts";
export type { Taint, Toleration } from "../../objects/taints.ts";
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, toleratesTaint, type Taint, type Toleration } from "../../objects/taints.ts";

export const TAINT_NODE_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_NODE_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_NODE_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
export const TAINT_NODE_PID_PRESSURE = "node.kubernetes.io/pid-pressure";

/** node_lifecycle_controller.go UnreachableTaintTemplate. */
export const UNREACHABLE_TAINT: Taint = { key: TAINT_NODE_UNREACHABLE, effect: "NoExecute" };
/** node_lifecycle_controller.go NotReadyTaintTemplate. */
export const NOT_READY_TAINT: Taint = { key: TAINT_NODE_NOT_READY, effect: "NoExecute" };

/** Taint.MatchTaint: same key and effect (value and timeAdded do not matter). */
export const matchTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

/** taints.go TaintExists: a taint with the same key and effect is in the list. */
export const taintExists = (taints: readonly Taint[], t: Taint): boolean => taints.some((x) => matchTaint(x, t));

/** Semantic equality of two taints (helper.Semantic.DeepEqual). */
export const taintEqual = (a: Taint, b: Taint): boolean =>
  a.key === b.key && (a.value ?? "") === (b.value ?? "") && a.effect === b.effect && a.timeAdded === b.timeAdded;

/** The taints of a node object (spec.taints, never undefined). */
export const nodeTaints = (node: { readonly spec?: any }): readonly Taint[] => (node.spec?.taints ?? []) as readonly Taint[];

/** taint_eviction.go getNoExecuteTaints. */
export const noExecuteTaints = (taints: readonly Taint[]): Taint[] => taints.filter((t) => t.effect === "NoExecute");

/**
 * taints.go AddOrUpdateTaint: replaces a matching taint (same key and effect) unless it is semantically equal,
 * else appends. Returns the new list and whether it changed.
 */
export function addOrUpdateTaint(taints: readonly Taint[], t: Taint): { taints: Taint[]; updated: boolean } {
  const out: Taint[] = [];
  let updated = false;
  for (const x of taints) {
    if (matchTaint(t, x)) {
      if (taintEqual(t, x)) return { taints: [...taints], updated: false };
      out.push(t);
      updated = true;
      continue;
    }
    out.push(x);
  }
  if (!updated) out.push(t);
  return { taints: out, updated: true };
}

/** taints.go RemoveTaint (DeleteTaint): drops every taint with the same key and effect. */
export function removeTaint(taints: readonly Taint[], t: Taint): { taints: Taint[]; updated: boolean } {
  const out = taints.filter((x) => !matchTaint(t, x));
  return { taints: out, updated: out.length !== taints.length };
}

/** taints.go TaintSetDiff: taints of `next` missing from `current` (to add), and of `current` missing from `next`. */
export function taintSetDiff(next: readonly Taint[], current: readonly Taint[]): { toAdd: Taint[]; toRemove: Taint[] } {
  return {
    toAdd: next.filter((t) => !taintExists(current, t)),
    toRemove: current.filter((t) => !taintExists(next, t)),
  };
}

/**
 * helpers.go GetMatchingTolerations: whether every taint is tolerated, and for each taint the first toleration
 * that tolerates it.
 */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { all: boolean; used: Toleration[] } {
  if (taints.length === 0) return { all: true, used: [] };
  if (tolerations.length === 0) return { all: false, used: [] };
  const used: Toleration[] = [];
  for (const t of taints) {
    const tol = tolerations.find((x) => toleratesTaint(x, t));
    if (!tol) return { all: false, used: [] };
    used.push(tol);
  }
  return { all: true, used };
}

/**
 * taint_eviction.go getMinTolerationTime: the smallest tolerationSeconds (seconds), 0 when there are no
 * tolerations or one is <= 0, and -1 (forever) when none sets tolerationSeconds.
 */
export function getMinTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min;
}

