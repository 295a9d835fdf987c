/**
 * What the container runtime of a node runs, for invariants ("the pods running on each node are exactly the
 * API's active pods bound to it"). Pure; reads only the world.
 */
import type { State } from "../state.ts";
import { btreeRange } from "../collections/btree.ts";
import { getMachine, isRuntimePodRunning } from "./machine.ts";
import { staticPodsOf } from "./static-pods.ts";

/** A pod the runtime runs: its API identity (a static pod's name is its mirror pod's name). */
export interface RunningPod {
  readonly namespace: string;
  readonly name: string;
  /** The runtime's pod uid (for a static pod, its config hash: the mirror pod has another uid). */
  readonly uid: string;
  /** True for a static pod (it runs without an API pod of this uid). */
  readonly static: boolean;
}

/** The pods with a live sandbox or a running container on `node` (none while the machine is down), by uid. */
export function runningPodsOn(state: State, node: string): RunningPod[] {
  const m = getMachine(state, node);
  if (!m || !m.up) return [];
  const staticUids = new Set(staticPodsOf(m).map((p) => p.metadata.uid!));
  const out: RunningPod[] = [];
  for (const [, rp] of btreeRange(m.pods)) {
    if (isRuntimePodRunning(rp)) out.push({ namespace: rp.namespace, name: rp.name, uid: rp.uid, static: staticUids.has(rp.uid) });
  }
  return out;
}
