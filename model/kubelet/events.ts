/**
 * The Events the kubelet records about pods (pkg/kubelet/events/event.go reasons, kuberuntime messages).
 * Recording is best effort: on a partitioned node they are dropped, as the broadcaster drops them.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import { recordEvent } from "../events/recorder.ts";
import { reachable } from "../client.ts";
import { formatPod } from "./container-status.ts";

function record(state: State, source: string, pod: KObject | undefined, type: "Normal" | "Warning", reason: string, message: string, log: EffectLog): State {
  if (!pod || !reachable(state, source)) return state;
  return recordEvent(state, source, pod, { type, reason, message }, log);
}

/** events.StartedContainer. */
export const recordStarted = (s: State, source: string, pod: KObject | undefined, container: string, log: EffectLog) =>
  record(s, source, pod, "Normal", "Started", `Started container ${container}`, log);

/** events.KillingContainer (graceful termination of a pod being deleted). */
export const recordKilling = (s: State, source: string, pod: KObject | undefined, container: string, log: EffectLog) =>
  record(s, source, pod, "Normal", "Killing", `Stopping container ${container}`, log);

/** events.BackOffStartContainer (doBackOff). */
export const recordBackOff = (s: State, source: string, pod: KObject | undefined, container: string, uid: string, log: EffectLog) =>
  record(s, source, pod, "Warning", "BackOff", `Back-off restarting failed container ${container} in pod ${pod ? formatPod(pod, uid) : uid}`, log);

/** events.FailedCreatePodSandBox (the pod CIDR has no free address). */
export const recordSandboxFailed = (s: State, source: string, pod: KObject | undefined, cidr: string, log: EffectLog) =>
  record(s, source, pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: no IP addresses available in range set: ${cidr}`, log);

/** The active deadline handler's event (active_deadline.go ShouldEvict). */
export const recordDeadlineExceeded = (s: State, source: string, pod: KObject | undefined, message: string, log: EffectLog) =>
  record(s, source, pod, "Normal", "DeadlineExceeded", message, log);

const PROBE_NAMES = { readiness: "Readiness", liveness: "Liveness", startup: "Startup" } as const;

/** events.ContainerUnhealthy (prober.go recordContainerEvent), recorded when a failure reaches failureThreshold. */
export const recordUnhealthy = (s: State, source: string, pod: KObject | undefined, kind: keyof typeof PROBE_NAMES, log: EffectLog) =>
  record(s, source, pod, "Warning", "Unhealthy", `${PROBE_NAMES[kind]} probe failed`, log);

/** events.KillingContainer after a failed liveness or startup probe (computePodActions' message). */
export const recordProbeKilling = (s: State, source: string, pod: KObject | undefined, container: string, kind: keyof typeof PROBE_NAMES, log: EffectLog) =>
  record(s, source, pod, "Normal", "Killing", `Container ${container} failed ${kind} probe, will be restarted`, log);
