/**
 * The kubelet's view of its own machine: the container runtime's pod sandboxes (Machine.pods, by pod uid) and
 * the node's disk. A kubelet touches only the machine it runs on; nothing else in the world.
 */
import type { Machine, RuntimePod, State } from "../state.ts";
import { btreeDelete, btreeGet, btreeRange, btreeSet } from "../collections/btree.ts";

/** The machine named `node`, if it exists. */
export const getMachine = (state: State, node: string): Machine | undefined => btreeGet(state.world.machines, node);

/** The state with machine `node` replaced by f(machine) (no-op when absent or unchanged). */
export function updateMachine(state: State, node: string, f: (m: Machine) => Machine): State {
  const m = getMachine(state, node);
  if (!m) return state;
  const next = f(m);
  return next === m ? state : { ...state, world: { ...state.world, machines: btreeSet(state.world.machines, node, next) } };
}

/** Stores a pod sandbox on the machine. */
export const putRuntimePod = (state: State, node: string, rp: RuntimePod): State =>
  updateMachine(state, node, (m) => ({ ...m, pods: btreeSet(m.pods, rp.uid, rp) }));

/** Removes a pod sandbox (and so every container of it) from the machine. */
export const removeRuntimePod = (state: State, node: string, uid: string): State =>
  updateMachine(state, node, (m) => {
    const pods = btreeDelete(m.pods, uid);
    return pods === m.pods ? m : { ...m, pods };
  });

/** The sandboxes of pods named namespace/name (a pod and, briefly, an older incarnation with another uid). */
export function runtimePodsNamed(m: Machine, namespace: string, name: string): RuntimePod[] {
  const out: RuntimePod[] = [];
  // A node holds at most its pod capacity (110 by default) of sandboxes: a scan of one machine is bounded.
  for (const [, rp] of btreeRange(m.pods)) if (rp.namespace === namespace && rp.name === name) out.push(rp);
  return out;
}

/** Whether anything of the pod still runs: its sandbox or one of its containers. */
export function isRuntimePodRunning(rp: RuntimePod): boolean {
  return rp.sandboxRunning || rp.containers.some((c) => c.state === "running") || rp.initContainers.some((c) => c.state === "running");
}

/** Adds hostPath directories to the node's disk (they outlive pods). */
export const addHostPaths = (state: State, node: string, paths: readonly string[]): State =>
  updateMachine(state, node, (m) => {
    const missing = paths.filter((p) => !m.hostPaths.includes(p));
    return missing.length === 0 ? m : { ...m, hostPaths: [...m.hostPaths, ...missing] };
  });
