/**
 * DefaultTolerationSeconds admission. Follows plugin/pkg/admission/defaulttolerationseconds/admission.go: on a
 * pod's CREATE or UPDATE (not its subresources), a pod that does not tolerate the node.kubernetes.io/not-ready
 * (resp. unreachable) NoExecute taint gets `{key, operator: Exists, effect: NoExecute, tolerationSeconds}`. A
 * toleration tolerates the taint when its key is the taint's or empty and its effect is NoExecute or empty.
 * The seconds are the cluster's `podEvictionTimeout` (the real flags --default-not-ready-toleration-seconds and
 * --default-unreachable-toleration-seconds, both 300 by default). The taint-eviction controller applies the same
 * defaults (objects/taints.ts withDefaultTolerations) when it reads a pod, so pods admitted with or without this
 * plug-in are evicted alike; with it, the pod object carries the tolerations as upstream's does.
 */
import type { KObject } from "../../objects/types.ts";
import { withDefaultTolerations, type Toleration } from "../../objects/taints.ts";
import type { AdmissionPlugin } from "./types.ts";


export const defaultTolerationSecondsAdmission: AdmissionPlugin = {
  name: "DefaultTolerationSeconds",
  admit(state, a) {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource || !a.object) return undefined;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return undefined;
    const pod: KObject = a.object;
    const before = (pod.spec?.tolerations ?? []) as Toleration[];
    // helper.AddOrUpdateTolerationInPod for each toleration the pod was found not to have: appended.
    const tolerations = withDefaultTolerations(before, state.config.podEvictionTimeout);
    return tolerations.length > before.length ? { ...pod, spec: { ...pod.spec, tolerations } } : undefined;
  },
};
