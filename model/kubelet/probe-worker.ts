/**
 * The kubelet's probe workers in logical time. Follows pkg/kubelet/prober/prober_manager.go (AddPod: one worker
 * per container and probe kind; the results managers' updates reach the sync loop), worker.go (run: a probe
 * every periodSeconds; doProbe, see probes.ts; a worker ends when its pod is gone or terminal, or its container
 * exited and will not be restarted) and kubelet.go syncLoopIteration (a liveness or startup failure syncs the
 * pod, which kills the container: kuberuntime_manager.go computePodActions "failed liveness probe, will be
 * restarted"; a readiness change updates the pod status).
 *
 * Each worker is a timer in the state (enqueueAfter of a key "probe:<kind>:<pod uid>:<container>" to the kubelet's
 * queue), so traces replay. The timer is one-shot while the worker's next run may change something (probes.ts
 * workerPending) and periodic otherwise, so settle runs until readiness has settled but not forever. A probe.set
 * action makes the timers of the namespace one-shot again (wakeProbeWorkers).
 *
 * Model choice: the liveness kill happens in the probe's own step (the container exits with 137, as
 * container.crash does), and the pod sync that follows restarts it through the crash back-off.
 */
import type { RuntimeContainer, RuntimePod, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { btreeGet, btreePrefix } from "../collections/btree.ts";
import { cacheGet } from "../informers/cache.ts";
import { enqueueAfter, timerIdFor } from "../informers/enqueue-after.ts";
import { queueAdd } from "../informers/workqueue.ts";
import { updateComponent } from "../components/update.ts";
import { getTimer, setTimer } from "../timers.ts";
import { getMachine, putRuntimePod } from "../world/machine.ts";
import { staticPodForKey } from "../world/static-pods.ts";
import { probeOutcome, type ProbeKind } from "../world/probe-outcomes.ts";
import { PODS, podKey } from "./keys.ts";
import type { KubeletComponent } from "./memory.ts";
import { exitContainer } from "./runtime-container.ts";
import { doProbe, probeKindsOf, probeOf, probeTiming, workerPending, type ProbedContainerSpec } from "./probes.ts";
import { isTerminalPhase } from "./pod-status.ts";
import { recordProbeKilling, recordUnhealthy } from "./events.ts";

const PREFIX = "probe:";

/**
 * Exit code of a container the kubelet killed after a failed liveness or startup probe: 143, the process ended
 * by the SIGTERM of killContainer within its grace period (the model does not wait out the grace period; 137,
 * a SIGKILL after it, is what the model's runtime reports for a container it lost).
 */
export const PROBE_KILL_EXIT_CODE = 143;

/** The queue key of one probe worker. */
export const probeKey = (kind: ProbeKind, uid: string, container: string): string => `${PREFIX}${kind}:${uid}:${container}`;

/** Whether a kubelet queue key is a probe worker's. */
export const isProbeKey = (key: string): boolean => key.startsWith(PREFIX);

function parseProbeKey(key: string): { kind: ProbeKind; uid: string; container: string } | undefined {
  if (!isProbeKey(key)) return undefined;
  const [kind, uid, container] = key.slice(PREFIX.length).split(":");
  if ((kind !== "readiness" && kind !== "liveness" && kind !== "startup") || !uid || !container) return undefined;
  return { kind, uid, container };
}

/** The pod the kubelet runs under this sandbox: its static pod, or the API pod of that uid in its cache. */
function specPodOf(state: State, c: KubeletComponent, node: string, rp: RuntimePod): KObject | undefined {
  const m = getMachine(state, node)!;
  const key = podKey(rp.namespace, rp.name);
  const pod = staticPodForKey(m, key) ?? cacheGet(c, PODS, key);
  return pod && pod.metadata.uid === rp.uid ? pod : undefined;
}

/** Arms (or moves) a worker's timer: one-shot when `pending`, periodic otherwise. */
function arm(state: State, id: string, key: string, due: number, pending: boolean): State {
  return enqueueAfter(state, id, key, Math.max(0, due - state.clock.now), !pending);
}

const wake = (state: State, id: string, key: string): State =>
  updateComponent(state, id, (cur) => {
    const queue = queueAdd(cur.queue, key);
    return queue === cur.queue ? cur : { ...cur, queue };
  });

/** One run of the worker named by `key` on the kubelet of `node`. */
export function runProbeKey(state: State, c: KubeletComponent, node: string, key: string, log: EffectLog): ReconcileResult {
  const k = parseProbeKey(key);
  const m = getMachine(state, node);
  const rp = k && m ? btreeGet(m.pods, k.uid) : undefined;
  // The pod is gone from this machine, or no longer runs: the worker ends.
  if (!k || !rp || !rp.sandboxRunning || rp.terminating) return { state };
  const pod = specPodOf(state, c, node, rp);
  if (!pod || isTerminalPhase(pod.status?.phase)) return { state };
  const spec = ((pod.spec?.containers ?? []) as ProbedContainerSpec[]).find((s) => s.name === k.container);
  const probe = spec ? probeOf(spec, k.kind) : undefined;
  // Graceful deletion: liveness and startup stop (a last Success, a quiet shutdown).
  if (!spec || probe === undefined || (pod.metadata.deletionTimestamp && k.kind !== "readiness")) return { state };
  const timing = probeTiming(probe, k.kind);
  const now = state.clock.now;
  const i = rp.containers.findIndex((x) => x.name === k.container);
  const rc = rp.containers[i];
  if (!rc || rc.state !== "running") {
    // Abort if the container will not be restarted; otherwise wait for it (its start re-arms the worker).
    if (rc?.state === "terminated" && (pod.spec?.restartPolicy ?? "Always") === "Never") return { state };
    return { state: arm(state, c.id, key, now + timing.periodSeconds, false) };
  }
  const probed = { namespace: rp.namespace, name: rp.name, labels: (pod.metadata.labels ?? {}) as Record<string, string> };
  const outcome = probeOutcome(state.world, probed, k.container, k.kind);
  const r = doProbe(rc, spec, k.kind, outcome, now);
  let next: RuntimeContainer = r.rc;
  let s = state;
  if (r.effect === "kill") {
    next = exitContainer(next, PROBE_KILL_EXIT_CODE, now);
    log.push({ kind: "note", who: `node/${node}`, text: `container ${k.container} of pod ${rp.namespace}/${rp.name} failed its ${k.kind} probe: killed` });
  }
  if (next !== rc) s = putRuntimePod(s, node, { ...rp, containers: rp.containers.map((x, j) => (j === i ? next : x)) });
  if (r.effect === "changed" || r.effect === "kill") {
    if (outcome !== "success") s = recordUnhealthy(s, c.id, pod, k.kind, log);
    if (r.effect === "kill") s = recordProbeKilling(s, c.id, pod, k.container, k.kind, log);
    // The results manager's update: the pod worker syncs the pod (status, or the restart).
    s = wake(s, c.id, podKey(rp.namespace, rp.name));
  }
  const startedAt = next.startedAt ?? now;
  // A probe that timed out held the worker for timeoutSeconds: its next run comes no sooner (probes.ts).
  const period = outcome === "timeout" ? Math.max(timing.periodSeconds, timing.timeoutSeconds) : timing.periodSeconds;
  const due = now - startedAt < timing.initialDelaySeconds ? startedAt + timing.initialDelaySeconds : now + period;
  return { state: arm(s, c.id, key, due, workerPending(next, spec, k.kind, outcome)) };
}

/**
 * AddPod, in the pod sync: every probe of a running app container gets its worker. A container started by this
 * sync gets a fresh one (first run after initialDelaySeconds); a running container without a worker timer (the
 * kubelet restarted, or the pod was found again) gets one too.
 */
export function armProbeWorkers(state: State, id: string, pod: KObject, rp: RuntimePod, started: readonly string[]): State {
  let s = state;
  const probed = { namespace: rp.namespace, name: rp.name, labels: (pod.metadata.labels ?? {}) as Record<string, string> };
  for (const spec of (pod.spec?.containers ?? []) as ProbedContainerSpec[]) {
    const rc = rp.containers.find((x) => x.name === spec.name);
    if (!rc || rc.state !== "running") continue;
    for (const kind of probeKindsOf(spec)) {
      const key = probeKey(kind, rp.uid, spec.name);
      if (!started.includes(spec.name) && getTimer(s, timerIdFor(id, key))) continue;
      const due = Math.max(s.clock.now, (rc.startedAt ?? s.clock.now) + probeTiming(probeOf(spec, kind), kind).initialDelaySeconds);
      // One-shot only when the first run may change something (a readiness probe the world fails stays unready).
      s = arm(s, id, key, due, workerPending(rc, spec, kind, probeOutcome(s.world, probed, spec.name, kind)));
    }
  }
  return s;
}

/** After a probe.set: every probe worker timer of the namespace's pods becomes one-shot, its due time kept. */
export function wakeProbeWorkers(state: State, namespace: string): State {
  const uids = new Set<string>();
  for (const [, m] of btreePrefix(state.world.machines, "")) for (const [uid, rp] of btreePrefix(m.pods, "")) if (rp.namespace === namespace) uids.add(uid);
  if (uids.size === 0) return state;
  let s = state;
  for (const [id] of btreePrefix(state.timers.byId, "kubelet/")) {
    const k = parseProbeKey(id.slice(id.indexOf("|") + 1));
    if (!k || !uids.has(k.uid)) continue;
    const t = getTimer(s, id);
    if (t?.periodic) s = setTimer(s, id, t.due, t.action, false);
  }
  return s;
}
