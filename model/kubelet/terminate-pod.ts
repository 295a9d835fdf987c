/**
 * Pods that are being deleted, or that reached a terminal phase. Follows pkg/kubelet/pod_workers.go (the
 * terminating → terminated transitions), kubelet.go (SyncTerminatingPod: kill the pod; SyncTerminatedPod:
 * tear down volumes and the sandbox, then the status manager's TerminatePod) and status_manager.go (the final
 * delete). The order matters: the API object is deleted only after every container has stopped and the
 * pod's status says so (canBeDeleted), so nothing a controller counts as gone is still running; and the
 * sandbox record is removed only once the API object is gone, so a kubelet that restarts in between finds the
 * pod and finishes the job rather than running it again.
 */
import type { ComponentState, RuntimePod, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { btreeGet } from "../collections/btree.ts";
import { getMachine, isRuntimePodRunning, putRuntimePod, removeRuntimePod } from "../world/machine.ts";
import { hostIPOf } from "../world/network.ts";
import { killPod, runningContainerNames } from "./sandbox.ts";
import { generatePodStatus } from "./pod-status.ts";
import { canBeDeleted, deleteFinishedPod, syncPodStatus } from "./status-manager.ts";
import { markRetry } from "./memory.ts";
import { forgetPod } from "./cleanup.ts";
import { recordKilling } from "./events.ts";

/**
 * A pod with a deletionTimestamp: stop its containers (at once: the model's containers honour SIGTERM), report
 * the final status, then delete it from the API with grace period 0 and its uid as precondition.
 */
export function terminatePod(state: State, c: ComponentState, node: string, key: string, pod: KObject, log: EffectLog): ReconcileResult {
  const uid = pod.metadata.uid!;
  const now = state.clock.now;
  let s = state;
  const m = getMachine(s, node);
  if (!m) return { state };
  let rp = btreeGet(m.pods, uid);
  if (rp && isRuntimePodRunning(rp)) {
    for (const name of runningContainerNames(rp)) s = recordKilling(s, c.id, pod, name, log);
    rp = killPod(rp, now, true);
    s = putRuntimePod(s, node, rp);
  }
  const runtime = rp;
  const hostIP = hostIPOf(m);
  const r = syncPodStatus(s, c, pod, (oldStatus) => generatePodStatus({ specPod: pod, oldStatus, runtime, hostIP, now, podIsTerminal: true, finished: true }), log);
  s = r.state;
  if (r.gone) return { state: finish(s, c, node, runtime) };
  if (r.failed || !r.pod) return { state: markRetry(s, c.id, key, true) };
  if (!canBeDeleted(r.pod)) return { state: markRetry(s, c.id, key, false) };
  const d = deleteFinishedPod(s, c, r.pod, log);
  s = d.state;
  if (!d.removed) return { state: markRetry(s, c.id, key, true) };
  return { state: markRetry(finish(s, c, node, runtime), c.id, key, false) };
}

/** The API pod is gone: the sandbox record goes too, and the kubelet forgets the pod. */
function finish(state: State, c: ComponentState, node: string, rp: RuntimePod | undefined): State {
  if (!rp) return state;
  return forgetPod(removeRuntimePod(state, node, rp.uid), c, rp);
}

/**
 * A pod whose API phase is Succeeded or Failed (and not being deleted): it never runs again. Anything still
 * running is stopped (the phase may have been set terminal while the kubelet was away), and the status is
 * brought up to date; the sandbox record stays until the pod is deleted.
 */
export function settleTerminalPod(state: State, c: ComponentState, node: string, key: string, pod: KObject, log: EffectLog): ReconcileResult {
  const now = state.clock.now;
  let s = state;
  const m = getMachine(s, node);
  if (!m) return { state };
  let rp = btreeGet(m.pods, pod.metadata.uid!);
  if (!rp) return { state };
  if (isRuntimePodRunning(rp)) {
    rp = killPod(rp, now, false);
    s = putRuntimePod(s, node, rp);
  }
  const runtime = rp;
  const hostIP = hostIPOf(m);
  const r = syncPodStatus(s, c, pod, (oldStatus) => generatePodStatus({ specPod: pod, oldStatus, runtime, hostIP, now, podIsTerminal: true, finished: false }), log);
  return { state: markRetry(r.state, c.id, key, r.failed) };
}
