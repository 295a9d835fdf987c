/**
 * Container statuses as the API shows them, from what the runtime runs. Follows pkg/kubelet/kubelet_pods.go
 * (convertToAPIContainerStatuses) and pkg/kubelet/prober/prober_manager.go (UpdatePodStatus):
 * - a container the runtime has not started shows waiting ContainerCreating (PodInitializing while the pod has
 *   init containers); without a runtime record the previous API status is carried over, and a container that
 *   was running shows a last termination with exit 137 (ContainerStatusUnknown);
 * - running → state.running; exited → state.terminated (Completed for 0, Error otherwise);
 * - an exited container that will be restarted and that the last sync could not start (the reasonCache, here
 *   RuntimeContainer.reason) shows waiting with that reason (CrashLoopBackOff) and the exit as lastState;
 * - started = running and the startup probe (if any) succeeded; ready = started and the readiness result is
 *   Success (probes.ts, probe-worker.ts); a regular init container is ready once it exited 0;
 * - app container statuses are sorted by name, init container statuses are in spec order;
 * - volumeMounts lists the container's mounts (volumeMountStatuses).
 */
import type { KObject } from "../objects/types.ts";
import type { RuntimeContainer, RuntimePod } from "../state.ts";
import { timestamp } from "../clock.ts";
import { fnv32aCodeUnits, hex32 } from "../collections/fnv.ts";
import { goDuration } from "./backoff.ts";
import { isRestartableInitContainer } from "./pod-phase.ts";
import { shouldContainerBeRestarted } from "./restart-policy.ts";
import { terminationReason, type ContainerSpec } from "./runtime-container.ts";
import { isContainerStarted } from "./probes.ts";

/** The default waiting reasons (kubelet_pods.go constants). */
export const CONTAINER_CREATING = "ContainerCreating";
/** The default waiting reason while the pod has init containers. */
export const POD_INITIALIZING = "PodInitializing";

/** format.Pod: how the kubelet names a pod in messages, "name_namespace(uid)". */
export const formatPod = (pod: KObject, uid: string): string => `${pod.metadata.name}_${pod.metadata.namespace}(${uid})`;

/** The CrashLoopBackOff message (doBackOff's error). */
export const backoffMessage = (backoff: number, container: string, pod: KObject, uid: string): string =>
  `back-off ${goDuration(backoff)} restarting failed container=${container} pod=${formatPod(pod, uid)}`;

/** A container's volume mount as its spec states it (the fields VolumeMountStatus reports). */
interface VolumeMountSpec {
  readonly name?: string;
  readonly mountPath?: string;
  readonly readOnly?: boolean;
}

/**
 * status.volumeMounts (RecursiveReadOnlyMounts, beta and on by default since v1.31): each of the container's
 * mounts, with recursiveReadOnly "Disabled" on a read-only one. The model's runtime is containerd 1.7, which
 * reports no recursive read-only support, so no mount resolves to "Enabled" (resolveRecursiveReadOnly). Upstream
 * writes the list on the first (waiting) status and carries it over after ("immutable"); container mounts cannot
 * change, so taking them from the spec each time gives the same list. Follows kubelet_pods.go
 * (convertToAPIContainerStatuses).
 */
export function volumeMountStatuses(mounts: readonly VolumeMountSpec[] | undefined): Record<string, unknown>[] | undefined {
  if (!mounts || mounts.length === 0) return undefined;
  return mounts.map((m) => ({
    name: m.name ?? "",
    mountPath: m.mountPath ?? "",
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: "Disabled" } : {}),
  }));
}

/** The status with volumeMounts added from the container's spec (left out when the container mounts nothing). */
function withVolumeMounts(status: any, spec: ContainerSpec): any {
  const mounts = volumeMountStatuses((spec as { volumeMounts?: readonly VolumeMountSpec[] }).volumeMounts);
  return mounts ? { ...status, volumeMounts: mounts } : status;
}

/** containerID of a runtime container instance: stable for one instance, new on each restart. */
function containerID(uid: string, rc: RuntimeContainer): string {
  return `containerd://${hex32(fnv32aCodeUnits(`${uid}/${rc.name}/${rc.restartCount}`))}`;
}

function stateOf(rc: RuntimeContainer, uid: string, defaultWaiting: string): Record<string, unknown> {
  if (rc.state === "running") return { running: { startedAt: timestamp(rc.startedAt ?? 0) } };
  if (rc.state === "terminated") {
    const exitCode = rc.exitCode ?? 0;
    return {
      terminated: {
        exitCode,
        reason: terminationReason(exitCode),
        startedAt: timestamp(rc.startedAt ?? rc.finishedAt ?? 0),
        finishedAt: timestamp(rc.finishedAt ?? 0),
        containerID: containerID(uid, rc),
      },
    };
  }
  return { waiting: { reason: defaultWaiting } };
}

function lastStateOf(rc: RuntimeContainer): Record<string, unknown> {
  if (rc.lastExitCode === undefined) return {};
  return { terminated: { exitCode: rc.lastExitCode, reason: rc.lastExitCode === 137 ? "ContainerStatusUnknown" : terminationReason(rc.lastExitCode) } };
}

/**
 * The statuses of one list of containers (app or init) of a pod whose sandbox is `runtime` (undefined when
 * the runtime has nothing for the pod). `specPod` gives the containers; `previous` is the API's last status.
 */
export function containerStatuses(
  specPod: KObject,
  runtime: RuntimePod | undefined,
  previous: readonly any[] | undefined,
  isInit: boolean,
): any[] {
  const specs = ((isInit ? specPod.spec?.initContainers : specPod.spec?.containers) ?? []) as ContainerSpec[];
  const hasInit = (specPod.spec?.initContainers ?? []).length > 0;
  const defaultWaiting = hasInit ? POD_INITIALIZING : CONTAINER_CREATING;
  const uid = runtime?.uid ?? specPod.metadata.uid ?? "";
  const have = (isInit ? runtime?.initContainers : runtime?.containers) ?? [];
  const out = specs.map((spec) => {
    const rc = have.find((c) => c.name === spec.name);
    const old = previous?.find((s: any) => s?.name === spec.name);
    if (!rc) return withVolumeMounts(withoutRuntime(spec, old, specPod, defaultWaiting), spec);
    let state = stateOf(rc, uid, defaultWaiting);
    let lastState = lastStateOf(rc);
    const initSucceeded = isInit && rc.state === "terminated" && rc.exitCode === 0;
    if (!initSucceeded && rc.reason && shouldContainerBeRestarted(spec, specPod, rc)) {
      if (state.terminated) lastState = state;
      state = { waiting: { reason: rc.reason, message: backoffMessage(rc.backoff ?? 0, spec.name, specPod, uid) } };
    }
    // UpdatePodStatus: an app container is started once its startup probe succeeded, and ready only then.
    const running = isInit ? rc.state === "running" : isContainerStarted(spec, rc);
    const ready = isInit && !isRestartableInitContainer(spec) ? initSucceeded : running && rc.ready;
    return withVolumeMounts(
      {
        name: spec.name,
        state,
        lastState,
        ready,
        restartCount: rc.restartCount,
        image: spec.image,
        imageID: rc.startedAt !== undefined ? spec.image : "",
        ...(rc.startedAt !== undefined ? { containerID: containerID(uid, rc) } : {}),
        started: running,
      },
      spec,
    );
  });
  return isInit ? out : out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A container the runtime has no record of (never started here, or lost with the machine). */
function withoutRuntime(spec: ContainerSpec, old: any, pod: KObject, defaultWaiting: string): any {
  if (old?.state?.terminated) return old;
  let lastState = old?.lastState ?? {};
  let restartCount = old?.restartCount ?? 0;
  if (old?.state?.running && !lastState.terminated) {
    lastState = {
      terminated: {
        exitCode: 137,
        reason: "ContainerStatusUnknown",
        message: "The container could not be located when the pod was deleted.  The container used to be Running",
      },
    };
    if (!pod.metadata.deletionTimestamp) restartCount += 1;
  }
  return { name: spec.name, state: { waiting: { reason: defaultWaiting } }, lastState, ready: false, restartCount, image: spec.image, imageID: "", started: false };
}
