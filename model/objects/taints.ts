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

/**
 * The tolerations a pod would have after the DefaultTolerationSeconds admission plugin
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go): a pod that does not tolerate the not-ready
 * (resp. unreachable) NoExecute taint gets `{key, operator: Exists, effect: NoExecute, tolerationSeconds}`.
 * The plug-in (apiserver/admission/default-toleration-seconds.ts) writes them into a pod it admits; the
 * taint-eviction controller (controllers/nodelifecycle/taints.ts) applies them again when it reads a pod, with
 * `podEvictionTimeout` (state.config, default 300 s) as the seconds, for pods stored without them (a config whose
 * chain leaves the plug-in out). Nothing is added to a pod that already tolerates both taints.
 */
export function withDefaultTolerations(tolerations: readonly Toleration[], seconds: number): Toleration[] {
  let notReady = false;
  let unreachable = false;
  for (const t of tolerations) {
    const effectMatches = t.effect === "NoExecute" || !t.effect;
    if ((t.key === TAINT_NODE_NOT_READY || !t.key) && effectMatches) notReady = true;
    if ((t.key === TAINT_NODE_UNREACHABLE || !t.key) && effectMatches) unreachable = true;
  }
  const out = [...tolerations];
  if (!notReady) out.push({ key: TAINT_NODE_NOT_READY, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
  if (!unreachable) out.push({ key: TAINT_NODE_UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
  return out;
}
