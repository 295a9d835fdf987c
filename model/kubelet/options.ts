/**
 * The kubelet's bug-zoo switches (see variants.ts): a kubelet behaviour may carry options, which the kubelet's
 * code reads at call time from the behaviour registered for the component's kind. The real kubelet has none.
 */
import type { ComponentBehavior } from "../components/behavior.ts";
import type { ComponentState } from "../state.ts";
import { behaviorOf } from "../components/registry.ts";

/** The bug-zoo switches of the kubelet (all off in the real kubelet). */
export interface KubeletOptions {
  /** After a hole in the pod watch's history, keep the pods that vanished in it (kubernetes#131115). */
  readonly dropsRelistDeletions?: boolean;
  /** Count Succeeded/Failed pods of the node at admission (kubernetes#104560). */
  readonly admissionCountsTerminalPods?: boolean;
}

/** A kubelet behaviour carrying its options. */
export interface KubeletBehavior extends ComponentBehavior {
  readonly kubeletOptions?: KubeletOptions;
}

/** The options of the behaviour registered for component c's kind (none for the real kubelet). */
export function kubeletOptionsOf(c: ComponentState): KubeletOptions {
  return (behaviorOf(c.kind) as KubeletBehavior).kubeletOptions ?? {};
}
