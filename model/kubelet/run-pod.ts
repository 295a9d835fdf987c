/**
 * Syncing a pod that should run: the kubelet's SyncPod (pkg/kubelet/kubelet.go) for a pod that is neither being
 * deleted nor terminal. Mounts the pod's volumes and creates the sandbox when the runtime has none (a pod whose
 * volumes cannot be mounted yet waits, pod-volumes.ts; then RunPodSandbox), lets the runtime start,
 * restart or hold containers (sync-containers.ts), stops the sandbox once the pod is done, records events, arms
 * the back-off wake-up (a one-shot enqueueAfter, as the pod worker's requeue after a sync error), and hands the
 * status to the status manager.
 */
import { componentAt, type State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { btreeGet } from "../collections/btree.ts";
import { enqueueAfter } from "../informers/enqueue-after.ts";
import { getMachine, isRuntimePodRunning, putRuntimePod } from "../world/machine.ts";
import { hostIPOf } from "../world/network.ts";
import { createSandbox, killPod } from "./sandbox.ts";
import { syncContainers } from "./sync-containers.ts";
import { generatePodStatus } from "./pod-status.ts";
import { syncPodStatus } from "./status-manager.ts";
import { markRetry, updateMemory, type KubeletComponent, type KubeletMemory } from "./memory.ts";
import { recordBackOff, recordDeadlineExceeded, recordSandboxFailed, recordStarted } from "./events.ts";
import { DEADLINE_EXCEEDED, activeDeadlineRemaining, pastActiveDeadline } from "./active-deadline.ts";
import { mountPodVolumes, setUpPodVolumes } from "./pod-volumes.ts";
import { forgetMountBackoff, inMountBackoff, recordMountFailure } from "./volume-backoff.ts";
import { armProbeWorkers } from "./probe-worker.ts";

/** What runPod needs. */
export interface RunPodInput {
  readonly c: KubeletComponent;
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
  // The active deadline handler (API pods; a static pod is never made terminal by the kubelet): past the
  // deadline the pod is stopped and reported Failed, DeadlineExceeded; before it, its sync is due then.
  const deadlineApplies = apiPod !== undefined && apiPod === specPod;
  const evict = deadlineApplies && pastActiveDeadline(specPod, apiPod.status, now) ? DEADLINE_EXCEEDED : undefined;
  let deadlineAt = deadlineApplies && !evict ? activeDeadlineRemaining(specPod, apiPod.status, now) : undefined;
  let backoffAt: number | undefined;
  if (evict) {
    if (rp && isRuntimePodRunning(rp)) {
      rp = killPod(rp, now, false);
      s = putRuntimePod(s, node, rp);
    }
    if (apiPod?.status?.reason !== evict.reason) s = recordDeadlineExceeded(s, c.id, apiPod, evict.message, log);
  } else if (!rp && (specPod.spec?.restartPolicy ?? "Always") === "Never" && containersRan(apiPod?.status)) {
    // computePodActions: a Never pod whose containers already ran gets no new sandbox (the machine lost the old
    // one): it is not run a second time; its containers show as lost and the pod fails.
  } else if (!rp) {
    // WaitForAttachAndMount: no sandbox, no container until every volume can be mounted (pod-volumes.ts), and
    // no new attempt while the last failed one's back-off runs (volume-backoff.ts).
    const cur = componentAt<KubeletMemory>(s, c.id) ?? c;
    const volumes = inMountBackoff(cur, key, uid, now) ? undefined : setUpPodVolumes(s, c, node, specPod, uid, apiPod, log);
    if (volumes) s = volumes.state;
    if (!volumes || !volumes.ready) {
      if (volumes) s = recordMountFailure(s, cur, key, uid, now);
      retry = true;
    } else {
      s = forgetMountBackoff(s, c.id, key);
      const created = createSandbox(s, node, specPod, uid, apiPod?.status);
      s = created.state;
      rp = created.runtime;
      if (!rp) {
        s = recordSandboxFailed(s, c.id, apiPod, m.podCIDR, log);
        retry = true;
      } else {
        const mounted = mountPodVolumes(s, node, rp, volumes);
        s = mounted.state;
        rp = mounted.runtime;
      }
    }
  }
  if (rp && rp.sandboxRunning && !evict) {
    const mem = (componentAt<KubeletMemory>(s, c.id) ?? c).memory;
    const out = syncContainers(specPod, rp, mem.backoff, now);
    rp = out.done ? killPod(out.runtime, now, false) : out.runtime;
    s = putRuntimePod(s, node, rp);
    if (out.backoff !== mem.backoff) s = updateMemory(s, c.id, (mm) => ({ ...mm, backoff: out.backoff }));
    for (const name of out.started) s = recordStarted(s, c.id, apiPod, name, log);
    for (const b of out.backingOff) s = recordBackOff(s, c.id, apiPod, b.container, uid, log);
    // The pod worker syncs the pod again when the back-off ends (a one-shot timer keeps settle going).
    if (out.requeueAfter !== undefined) backoffAt = out.requeueAfter;
    requeueNow = out.requeueNow;
    if (out.done) deadlineAt = undefined;
    else s = armProbeWorkers(s, c.id, specPod, rp, out.started);
  }
  // One timer per key: the earlier of the back-off's end and the active deadline. A deadline does not hold settle
  // open (a pod with an hour to live is quiet until then); time passing (advance) reaches it.
  if (backoffAt !== undefined && (deadlineAt === undefined || backoffAt <= deadlineAt)) s = enqueueAfter(s, c.id, key, backoffAt);
  else if (deadlineAt !== undefined) s = enqueueAfter(s, c.id, key, deadlineAt, true);
  m = getMachine(s, node)!;
  if (apiPod) {
    const runtime = rp;
    const hostIP = hostIPOf(m);
    const r = syncPodStatus(
      s,
      c,
      apiPod,
      (oldStatus) => generatePodStatus({ specPod, oldStatus, runtime, hostIP, now, podIsTerminal: false, finished: false, ...(evict ? { evict } : {}) }),
      log,
    );
    s = r.state;
    retry ||= r.failed;
  }
  s = markRetry(s, c.id, key, retry);
  return { state: s, requeue: requeueNow };
}
