/**
 * DefaultTolerationSeconds admission. Follows plugin/pkg/admission/defaulttolerationseconds/admission.go: on a
 * pod's CREATE or UPDATE (not its subresources), a pod that does not tolerate the node.kubernetes.io/not-ready
 * (resp. unreachable) NoExecute taint gets `{key, operator: Exists, effect: NoExecute, tolerationSeconds}`. A
 * toleration tolerates the taint when its key is the taint's or empty and its effect is NoExecute or empty.
 * The seconds are the cluster's `podEvictionTimeout` (the real flags --default-not-ready-toleration-seconds and
 * --default-unreachable-toleration-seconds, both 300 by default). The taint-eviction controller applies the same
 * defaults when it reads a pod (controllers/nodelifecycle/taints.ts withDefaultTolerations), so pods admitted
 * with or without this plug-in are evicted alike; with it, the pod object carries the tolerations as upstream's does.
 */
import type { KObject } from "../../objects/types.ts";
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, type Toleration } from "../../objects/taints.ts";
import type { AdmissionPlugin } from "./types.ts";

/** helper.AddOrUpdateTolerationInPod, for a toleration the pod was just found not to have: appended. */
function defaultTolerations(tolerations: readonly Toleration[], seconds: number): Toleration[] | undefined {
  let notReady = false;
  let unreachable = false;
  for (const t of tolerations) {
    const effectMatches = t.effect === "NoExecute" || !t.effect;
    if ((t.key === TAINT_NODE_NOT_READY || !t.key) && effectMatches) notReady = true;
    if ((t.key === TAINT_NODE_UNREACHABLE || !t.key) && effectMatches) unreachable = true;
  }
  if (notReady && unreachable) return undefined;
  const out = [...tolerations];
  if (!notReady) out.push({ key: TAINT_NODE_NOT_READY, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
  if (!unreachable) out.push({ key: TAINT_NODE_UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
  return out;
}

export const defaultTolerationSecondsAdmission: AdmissionPlugin = {
  name: "DefaultTolerationSeconds",
  admit(state, a) {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource || !a.object) return undefined;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return undefined;
    const pod: KObject = a.object;
    const tolerations = defaultTolerations((pod.spec?.tolerations ?? []) as Toleration[], state.config.podEvictionTimeout);
    return tolerations ? { ...pod, spec: { ...pod.spec, tolerations } } : undefined;
  },
};
