/**
 * TaintNodesByCondition admission. Follows plugin/pkg/admission/nodetaint/admission.go: a Node CREATE (not a
 * subresource) gets the node.kubernetes.io/not-ready:NoSchedule taint unless a taint with that key and effect is
 * already there (Taint.MatchTaint), so that a new node is never offered to the scheduler before the node
 * lifecycle controller has seen its Ready condition; that controller removes the taint once the node is Ready
 * (controllers/nodelifecycle/no-schedule.ts). The plug-in's config file of extra taints is not modelled.
 *
 * Registered but not in the default chain. The model's scheduler already treats a node whose Ready condition is
 * not True as carrying this taint (scheduler/taints.ts readinessTaint), and with the plug-in on by default 21
 * scheduler tests fail (model/scheduler/scheduler.test.ts, properties.test.ts, volume-binding.test.ts): they run
 * clusters without the node lifecycle controller, so the taint is never removed and no pod is placed.
 */
import { TAINT_NODE_NOT_READY, type Taint } from "../../objects/taints.ts";
import type { AdmissionPlugin } from "./types.ts";

const NOT_READY_AT_CREATION: Taint = { key: TAINT_NODE_NOT_READY, effect: "NoSchedule" };

export const taintNodesByConditionAdmission: AdmissionPlugin = {
  name: "TaintNodesByCondition",
  admit(_state, a) {
    if (a.operation !== "CREATE" || a.resource.group !== "" || a.resource.plural !== "nodes" || a.subresource || !a.object) return undefined;
    const node = a.object;
    const taints: readonly Taint[] = node.spec?.taints ?? [];
    if (taints.some((t) => t.key === NOT_READY_AT_CREATION.key && t.effect === NOT_READY_AT_CREATION.effect)) return undefined;
    return { ...node, spec: { ...node.spec, taints: [...taints, NOT_READY_AT_CREATION] } };
  },
};
