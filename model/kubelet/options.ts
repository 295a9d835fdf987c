/**
 * The kubelet's bug-zoo switches (see variants.ts): options of the kubelet kind in the cluster config, which the
 * kubelet's code reads at call time from the config the state carries. The real kubelet has none.
 */
import type { ComponentState, State } from "../state.ts";
import { componentOptions } from "../config.ts";

/** The bug-zoo switches of the kubelet (all off in the real kubelet). */
export interface KubeletOptions {
  /** After a hole in the pod watch's history, keep the pods that vanished in it (kubernetes#131115). */
  readonly dropsRelistDeletions?: boolean;
  /** Count Succeeded/Failed pods of the node at admission (kubernetes#104560). */
  readonly admissionCountsTerminalPods?: boolean;
}

/** The options the cluster config gives kubelet c (none for the real kubelet). */
export function kubeletOptionsOf(state: State, c: ComponentState): KubeletOptions {
  return componentOptions(state.config, c.id, c.kind) as KubeletOptions;
}
