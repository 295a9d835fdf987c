/**
 * Container runtime operations on one container (the CRI calls the kubelet makes: create+start, stop) and the
 * ways a container ends on its own (exit). Pure functions from RuntimeContainer to RuntimeContainer.
 */
import type { RuntimeContainer } from "../state.ts";

/** The subset of a v1.Container the runtime needs. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly readinessProbe?: unknown;
  readonly livenessProbe?: unknown;
  readonly startupProbe?: unknown;
  readonly restartPolicy?: string;
}

/** Exit code and reason the runtime reports for a container killed after its pod's restart was lost. */
export const CONTAINER_STATUS_UNKNOWN_EXIT_CODE = 137;

/**
 * A container the runtime has not created yet. `restartCount` and `lastExitCode` carry over what the API
 * status already recorded: a container that was running before its sandbox vanished (the machine crashed) counts
 * as one restart with an unknown (137) exit, as convertToAPIContainerStatuses does, and the restart count read
 * back from the log directory survives a reboot (kuberuntime_container.go startContainer).
 */
export function newRuntimeContainer(spec: ContainerSpec, previous?: { restartCount?: number; state?: { running?: unknown } }): RuntimeContainer {
  const wasRunning = previous?.state?.running != null;
  const restartCount = (previous?.restartCount ?? 0) + (wasRunning ? 1 : 0);
  return {
    name: spec.name,
    image: spec.image,
    state: "waiting",
    restartCount,
    ready: false,
    ...(wasRunning ? { lastExitCode: CONTAINER_STATUS_UNKNOWN_EXIT_CODE } : {}),
  };
}

/**
 * Create and start (startContainer). A container without a readiness probe is ready as soon as it runs; one
 * with a probe is not ready until its probe worker has seen it succeed (probe-worker.ts; or a pod.readiness
 * action). A new instance starts with fresh probe workers (upstream's results are keyed by container ID).
 */
export function startContainer(rc: RuntimeContainer, spec: ContainerSpec, now: number): RuntimeContainer {
  return {
    name: rc.name,
    image: spec.image,
    state: "running",
    startedAt: now,
    restartCount: rc.restartCount,
    ready: spec.readinessProbe == null,
    ...(rc.lastExitCode !== undefined ? { lastExitCode: rc.lastExitCode } : {}),
  };
}

/** A restart of an exited container: a new instance, the old exit becomes lastState, restartCount + 1. */
export function restartContainer(rc: RuntimeContainer, spec: ContainerSpec, now: number): RuntimeContainer {
  return startContainer({ ...rc, restartCount: rc.restartCount + 1, lastExitCode: rc.exitCode ?? 0 }, spec, now);
}

/** The container's process exits with `exitCode` (a crash, a completed init container, a killed container). */
export function exitContainer(rc: RuntimeContainer, exitCode: number, now: number): RuntimeContainer {
  if (rc.state !== "running") return rc;
  const { reason: _r, backoff: _b, restartAt: _a, ...rest } = rc;
  return { ...rest, state: "terminated", finishedAt: now, exitCode, ready: false };
}

/** Marks an exited container as held by CrashLoopBackOff (the kubelet's reasonCache entry). */
export function holdInBackoff(rc: RuntimeContainer, backoff: number, restartAt: number): RuntimeContainer {
  return { ...rc, reason: "CrashLoopBackOff", backoff, restartAt };
}

/** Clears the back-off hold of a container (it is being stopped for good). */
export function clearHold(rc: RuntimeContainer): RuntimeContainer {
  if (rc.reason === undefined && rc.backoff === undefined && rc.restartAt === undefined) return rc;
  const { reason: _r, backoff: _b, restartAt: _a, ...rest } = rc;
  return rest;
}

/** The reason a terminated container reports (containerd: "Completed" for 0, "Error" otherwise). */
export const terminationReason = (exitCode: number): string => (exitCode === 0 ? "Completed" : "Error");
