/**
 * The sync handler of one pod key (pkg/kubelet/kubelet.go HandlePodAdditions/Updates/Removes → pod workers →
 * SyncPod / SyncTerminatingPod / SyncTerminatedPod), dispatching on what the kubelet knows about the key:
 * - a static pod of this node (its mirror pod's key) → static-pod-sync.ts;
 * - sandboxes of this name whose uid is not the API pod's (deleted, or re-created) → killed and removed;
 * - a mirror pod without a static pod → deleted (DeleteOrphanedMirrorPods);
 * - a pod being deleted → terminated and deleted; a terminal pod → never run again; otherwise → run.
 * Until the pod informer has listed, nothing but static pods is touched: an empty cache is not "no pods"
 * (the kubelet waits for its API source to be ready before cleaning up).
 */
import type { State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { send } from "../client.ts";
import { cacheGet } from "../informers/cache.ts";
import { splitMetaNamespaceKey } from "../objects/types.ts";
import { getMachine, runtimePodsNamed } from "../world/machine.ts";
import { PODS } from "./keys.ts";
import { isMirrorPod, staticPodForKey } from "../world/static-pods.ts";
import { removeOrphanPod } from "./cleanup.ts";
import { isTerminalPhase } from "./pod-status.ts";
import { settleTerminalPod, terminatePod } from "./terminate-pod.ts";
import { syncStaticPod } from "./static-pod-sync.ts";
import { runPod } from "./run-pod.ts";
import { rejectIfNotAdmitted } from "./admit.ts";
import type { KubeletComponent } from "./memory.ts";
import { forgetMountBackoff } from "./volume-backoff.ts";

/** The sync of pod key `key` by the kubelet of `node`. */
export function syncPodKey(state: State, c: KubeletComponent, node: string, key: string, log: EffectLog): ReconcileResult {
  const m = getMachine(state, node);
  if (!m || !m.up) return { state };
  const staticPod = staticPodForKey(m, key);
  if (staticPod) return syncStaticPod(state, c, node, key, staticPod, log);
  if (c.informers[PODS]?.synced !== true) return { state };
  const pod = cacheGet(c, PODS, key);
  const { namespace, name } = splitMetaNamespaceKey(key);
  let s = state;
  for (const rp of runtimePodsNamed(m, namespace, name)) {
    if (!pod || pod.spec?.nodeName !== node || rp.uid !== pod.metadata.uid) s = removeOrphanPod(s, c, node, rp);
  }
  // Gone from this node: nothing of it is left to mount.
  if (!pod || pod.spec?.nodeName !== node) return { state: forgetMountBackoff(s, c.id, key) };
  if (isMirrorPod(pod)) {
    const r = send(s, c.id, { verb: "delete", resource: PODS, namespace, name, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! } }, log);
    return { state: r.state };
  }
  if (pod.metadata.deletionTimestamp) return terminatePod(s, c, node, key, pod, log);
  if (isTerminalPhase(pod.status?.phase)) return settleTerminalPod(s, c, node, key, pod, log);
  // HandlePodAdditions: a pod not admitted yet must fit next to what the kubelet runs (admit.ts).
  return rejectIfNotAdmitted(s, c, node, key, pod, log) ?? runPod(s, { c, node, key, specPod: pod, apiPod: pod }, log);
}
