/**
 * Taints and tolerations. Follows staging/src/k8s.io/api/core/v1/toleration.go (ToleratesTaint),
 * pkg/apis/core/v1/helper/helpers.go (TolerationsTolerateTaint, FindMatchingUntoleratedTaint) and, for the
 * taints a node's Ready condition implies, pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * (nodeConditionToTaintKeyStatusMap: Ready=False → not-ready, Ready=Unknown → unreachable).
 */
import type { KObject } from "../objects/types.ts";

export { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE, toleratesTaint } from "../objects/taints.ts";
export type { Taint, Toleration } from "../objects/taints.ts";
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, toleratesTaint, type Taint, type Toleration } from "../objects/taints.ts";
import { memoByObject } from "../collections/memo.ts";

export const tolerationsTolerateTaint = (ts: readonly Toleration[], taint: Taint): boolean => ts.some((t) => toleratesTaint(t, taint));

/** The first taint, among those `filter` keeps, that no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((t) => filter(t) && !tolerationsTolerateTaint(tolerations, t));
}

/** DoNotScheduleTaintsFilterFunc: the taints a pod must tolerate to be placed (NoSchedule and NoExecute). */
export const doNotScheduleTaint = (t: Taint): boolean => t.effect === "NoSchedule" || t.effect === "NoExecute";

/**
 * The NoSchedule taint a node's Ready condition implies, if it is not Ready: not-ready when the condition is
 * False or missing (the kubelet registers a node with it), unreachable when it is Unknown.
 */
export function readinessTaint(node: KObject): Taint | undefined {
  const ready = (node.status?.conditions ?? []).find((c: any) => c?.type === "Ready");
  if (ready?.status === "True") return undefined;
  return { key: ready?.status === "Unknown" ? TAINT_NODE_UNREACHABLE : TAINT_NODE_NOT_READY, effect: "NoSchedule" };
}

/**
 * The taints the scheduler checks on a node: spec.taints, plus (when asked) the taint its Ready condition
 * implies, unless the node already carries that key with that effect.
 */
export function effectiveTaints(node: KObject, checkReadyCondition: boolean): readonly Taint[] {
  // Node objects are immutable and shared between states, so the answer is memoized per object: every cycle
  // asks it for every node it evaluates.
  return checkReadyCondition ? taintsWithReady(node) : taintsPlain(node);
}

const taintsWithReady = memoByObject((node: KObject) => computeEffectiveTaints(node, true));
const taintsPlain = memoByObject((node: KObject) => computeEffectiveTaints(node, false));

function computeEffectiveTaints(node: KObject, checkReadyCondition: boolean): readonly Taint[] {
  const taints: readonly Taint[] = node.spec?.taints ?? [];
  if (!checkReadyCondition) return taints;
  const implied = readinessTaint(node);
  if (!implied || taints.some((t) => t.key === implied.key && t.effect === implied.effect)) return taints;
  return [...taints, implied];
}
