/**
 * Container probes: the spec with its defaults and one run of a probe worker. Follows
 * pkg/kubelet/prober/worker.go (newWorker's initial values, doProbe's resultRun counting against
 * successThreshold / failureThreshold, onHold after a liveness or startup failure, the initial delay, startup
 * gating the other probes), pkg/kubelet/prober/prober_manager.go (UpdatePodStatus: started and ready) and the
 * defaults of pkg/apis/core/v1/defaults.go (SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10,
 * successThreshold 1, failureThreshold 3).
 *
 * Model choices: the handler (exec, httpGet, tcpSocket, grpc) is not looked at, only the outcome the world gives
 * (model/world/probe-outcomes.ts); a probe that answers is instant; one that does not ("timeout") is a failure
 * that held the worker for timeoutSeconds, so its next run is max(periodSeconds, timeoutSeconds) later (worker.go's
 * loop waits on a ticker whose one buffered tick fires as soon as a slow probe returns); its result is recorded
 * when it starts, not when it times out. A worker's first run is at startedAt + initialDelaySeconds and then every
 * periodSeconds (upstream's ticker has a random phase).
 */
import type { ContainerProbes, ProbeWorkerState, RuntimeContainer } from "../state.ts";
import { probeResultOf, type ProbeKind, type ProbeOutcome } from "../world/probe-outcomes.ts";

/** A v1.Probe's timing, defaulted. */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** The container spec fields for probes. */
export interface ProbedContainerSpec {
  readonly name: string;
  readonly readinessProbe?: any;
  readonly livenessProbe?: any;
  readonly startupProbe?: any;
}

const positive = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : d);

/** SetDefaults_Probe, and successThreshold forced to 1 for liveness and startup (validation requires it). */
export function probeTiming(probe: any, kind: ProbeKind): ProbeTiming {
  const initial = probe?.initialDelaySeconds;
  return {
    initialDelaySeconds: typeof initial === "number" && initial > 0 ? initial : 0,
    periodSeconds: positive(probe?.periodSeconds, 10),
    timeoutSeconds: positive(probe?.timeoutSeconds, 1),
    successThreshold: kind === "readiness" ? positive(probe?.successThreshold, 1) : 1,
    failureThreshold: positive(probe?.failureThreshold, 3),
  };
}

/** The container's probe of a kind, if it has one. */
export function probeOf(spec: ProbedContainerSpec, kind: ProbeKind): unknown {
  const p = kind === "readiness" ? spec.readinessProbe : kind === "liveness" ? spec.livenessProbe : spec.startupProbe;
  return p == null ? undefined : p;
}

/** The probe kinds a container has, startup first. */
export const probeKindsOf = (spec: ProbedContainerSpec): ProbeKind[] =>
  (["startup", "readiness", "liveness"] as const).filter((k) => probeOf(spec, k) !== undefined);

/** newWorker's initialValue: readiness Failure, liveness Success, startup Unknown. */
export function initialWorker(kind: ProbeKind): ProbeWorkerState {
  return { result: kind === "readiness" ? "failure" : kind === "liveness" ? "success" : "unknown", run: 0 };
}

/** The worker state of a kind on a container instance (its initial value before the first run). */
export const workerOf = (rc: RuntimeContainer, kind: ProbeKind): ProbeWorkerState => rc.probes?.[kind] ?? initialWorker(kind);

/** UpdatePodStatus: started when running and the startup probe succeeded (or there is none). */
export function isContainerStarted(spec: ProbedContainerSpec, rc: RuntimeContainer): boolean {
  if (rc.state !== "running") return false;
  return probeOf(spec, "startup") === undefined || rc.probes?.startup?.result === "success";
}

/** What one run did. */
export type ProbeRunEffect =
  /** Nothing was probed (initial delay, gated by startup, on hold, startup already done). */
  | "skipped"
  /** Probed; the reported result did not change. */
  | "unchanged"
  /** Probed; the result flipped (readiness → ready changes; startup success → started). */
  | "changed"
  /** A liveness or startup failure reached failureThreshold: the container must be killed. */
  | "kill";

/**
 * doProbe for a running container: `outcome` is what the probe answers now. Returns the container with its
 * worker's new state and what happened. A readiness result is mirrored in `ready`.
 */
export function doProbe(
  rc: RuntimeContainer,
  spec: ProbedContainerSpec,
  kind: ProbeKind,
  outcome: ProbeOutcome,
  now: number,
): { rc: RuntimeContainer; effect: ProbeRunEffect } {
  const timing = probeTiming(probeOf(spec, kind), kind);
  const w = workerOf(rc, kind);
  if (rc.state !== "running" || w.onHold) return { rc, effect: "skipped" };
  // Probe disabled for InitialDelaySeconds.
  if (now - (rc.startedAt ?? now) < timing.initialDelaySeconds) return { rc, effect: "skipped" };
  const started = isContainerStarted(spec, rc);
  // Startup stops probing once the container has started; the others wait until it has.
  if (kind === "startup" ? started : !started) return { rc, effect: "skipped" };
  const result = probeResultOf(outcome);
  const run = w.last === result ? w.run + 1 : 1;
  let next: ProbeWorkerState = { ...w, last: result, run };
  const threshold = result === "failure" ? timing.failureThreshold : timing.successThreshold;
  let effect: ProbeRunEffect = "unchanged";
  if (run >= threshold) {
    if (next.result !== result) effect = "changed";
    next = { ...next, result };
    if (kind !== "readiness" && result === "failure") {
      // The container fails a liveness/startup check and will be restarted: stop probing until a new container.
      next = { ...next, run: 0, onHold: true };
      effect = "kill";
    }
  }
  const probes: ContainerProbes = { ...rc.probes, [kind]: next };
  const ready = kind === "readiness" ? next.result === "success" : rc.ready;
  return { rc: { ...rc, probes, ready }, effect };
}

/**
 * Whether the worker's next run may change something: its result differs from what the probe answers, or it is
 * still counting, or it is waiting for the initial delay or for startup. A worker that may not is armed with a
 * periodic timer (it does not hold settle open); one that may, with a one-shot one.
 */
export function workerPending(rc: RuntimeContainer, spec: ProbedContainerSpec, kind: ProbeKind, outcome: ProbeOutcome): boolean {
  if (rc.state !== "running") return false;
  const w = workerOf(rc, kind);
  if (w.onHold) return false;
  const started = isContainerStarted(spec, rc);
  if (kind === "startup") return !started;
  if (!started) return true;
  return w.result !== probeResultOf(outcome);
}
