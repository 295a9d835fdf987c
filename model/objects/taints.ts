/**
 * Taints and tolerations as the API defines them (core/v1 Taint, Toleration), the node-lifecycle taint keys, and
 * the one matching rule both the scheduler and the taint eviction controller use.
 * Follows staging/src/k8s.io/api/core/v1/toleration.go (ToleratesTaint) and well_known_taints.go.
 */

/** A node taint (core/v1 Taint); timeAdded is set for taints the node controller adds. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" | string;
  readonly timeAdded?: string;
}

/** A pod toleration (core/v1 Toleration). */
export interface Toleration {
  readonly key?: string;
  readonly operator?: "Exists" | "Equal" | string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export const TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/** Toleration.ToleratesTaint: effect and key match when set; Exists ignores the value, Equal compares it. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? "") {
    case "":
    case "Equal":
      return (tol.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}
