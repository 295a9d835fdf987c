/**
 * Syncing a pod that should run: the kubelet's SyncPod (pkg/kubelet/kubelet.go) for a pod that is neither being
 * deleted nor terminal. Creates the sandbox when the runtime has none (RunPodSandbox), lets the runtime start,
 * restart or hold containers (sync-containers.ts), stops the sandbox once the pod is done, records events, arms
 * the back-off wake-up (a one-shot enqueueAfter, as the pod worker's requeue after a sync error), and hands the
 * status to the status manager.
 */
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { btreeGet } from "../collections/btree.ts";
import { enqueueAfter } from "../informers/enqueue-after.ts";
import { getMachine, putRuntimePod } from "./machine.ts";
import { hostIPOf } from "./network.ts";
import { createSandbox, killPod } from "./sandbox.ts";
import { syncContainers } from "./sync-containers.ts";
import { generatePodStatus } from "./pod-status.ts";
import { syncPodStatus } from "./status-manager.ts";
import { markRetry, memoryOf, updateMemory } from "./memory.ts";
import { recordBackOff, recordSandboxFailed, recordStarted } from "./events.ts";

/** What runPod needs. */
export interface RunPodInput {
  readonly c: ComponentState;
  readonly node: string;
  /** The work-queue key of the pod ("namespace/name"; the mirror pod's name for a static pod). */
  readonly key: string;
  /** The pod the kubelet runs: the API pod, or the static pod. */
  readonly specPod: KObject;
  /** The API pod its status goes to (the pod itself, or the mirror pod), when there is one. */
  readonly apiPod: KObject | undefined;
}

/** Whether the API status shows that some container of the pod has run (the runtime may have lost it since). */
function containersRan(status: any): boolean {
  const all: any[] = [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])];
  return all.some((c) => c?.state?.running != null || c?.state?.terminated != null || c?.lastState?.terminated != null);
}

/** One SyncPod of a pod that should be running. */
export function runPod(state: State, input: RunPodInput, log: EffectLog): ReconcileResult {
  const { c, node, key, specPod, apiPod } = input;
  const uid = specPod.metadata.uid!;
  const now = state.clock.now;
  let s = state;
  let m = getMachine(s, node);
  if (!m) return { state };
  let rp = btreeGet(m.pods, uid);
  let requeueNow = false;
  let retry = false;
  if (!rp && (specPod.spec?.restartPolicy ?? "Always") === "Never" && containersRan(apiPod?.status)) {
    // computePodActions: a Never pod whose containers already ran gets no new sandbox (the machine lost the old
    // one): it is not run a second time; its containers show as lost and the pod fails.
  } else if (!rp) {
    const created = createSandbox(s, node, specPod, uid, apiPod?.status);
    s = created.state;
    rp = created.runtime;
    if (!rp) {
      s = recordSandboxFailed(s, c.id, apiPod, m.podCIDR, log);
      retry = true;
    }
  }
  if (rp && rp.sandboxRunning) {
    const mem = memoryOf(btreeGet(s.components, c.id) ?? c);
    const out = syncContainers(specPod, rp, mem.backoff, now);
    rp = out.done ? killPod(out.runtime, now, false) : out.runtime;
    s = putRuntimePod(s, node, rp);
    if (out.backoff !== mem.backoff) s = updateMemory(s, c.id, (mm) => ({ ...mm, backoff: out.backoff }));
    for (const name of out.started) s = recordStarted(s, c.id, apiPod, name, log);
    for (const b of out.backingOff) s = recordBackOff(s, c.id, apiPod, b.container, uid, log);
    // The pod worker syncs the pod again when the back-off ends (a one-shot timer keeps settle going).
    if (out.requeueAfter !== undefined) s = enqueueAfter(s, c.id, key, out.requeueAfter);
    requeueNow = out.requeueNow;
  }
  m = getMachine(s, node)!;
  if (apiPod) {
    const runtime = rp;
    const hostIP = hostIPOf(m);
    const r = syncPodStatus(
      s,
      c,
      apiPod,
      (oldStatus) => generatePodStatus({ specPod, oldStatus, runtime, hostIP, now, podIsTerminal: false, finished: false }),
      log,
    );
    s = r.state;
    retry ||= r.failed;
  }
  s = markRetry(s, c.id, key, retry);
  return { state: s, requeue: requeueNow };
}
