/**
 * Removing what the runtime runs for a pod the API no longer has (deleted, or replaced by a pod with another
 * uid under the same name): pkg/kubelet/kubelet_pods.go (HandlePodCleanups → killing orphaned pods, then the
 * sandbox garbage collection). Once the kubelet has observed that the API pod is gone, its containers never run
 * again: the sandbox record itself is removed, so no later sync or back-off timer can restart them.
 */
import type { ComponentState, RuntimePod, State } from "../state.ts";
import { btreeDelete } from "../collections/btree.ts";
import { removeRuntimePod } from "../world/machine.ts";
import { backoffKey, updateMemory } from "./memory.ts";

/** Forgets the kubelet's memory of a pod incarnation (its back-off entries). */
export function forgetPod(state: State, c: ComponentState, rp: RuntimePod): State {
  return updateMemory(state, c.id, (m) => {
    let backoff = m.backoff;
    for (const ct of [...rp.initContainers, ...rp.containers]) backoff = btreeDelete(backoff, backoffKey(rp.uid, ct.name));
    return backoff === m.backoff ? m : { ...m, backoff };
  });
}

/** Kills and removes the sandbox of a pod the API does not have. */
export function removeOrphanPod(state: State, c: ComponentState, node: string, rp: RuntimePod): State {
  return forgetPod(removeRuntimePod(state, node, rp.uid), c, rp);
}
