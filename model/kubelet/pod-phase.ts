/**
 * The kubelet's pod phase computation.
 *
 * Follows pkg/kubelet/kubelet_pods.go (getPhase, and generateAPIPodStatus for the order in which the statuses
 * are handed to it), with the helpers it calls: pkg/kubelet/types (IsRestartableInitContainer, IsStaticPod),
 * pkg/kubelet/container/helpers.go (HasAnyRegularContainerStarted) and pkg/api/v1/pod (GetContainerStatus).
 * This is the recent version with restartable init containers (sidecars). Pure.
 */
import type { Container, ContainerStatus, Pod, PodSpec } from "kubernetes-types/core/v1.js";
import { CONFIG_SOURCE_ANNOTATION } from "../objects/kubelet-annotations.ts";

/** A pod's phase, as v1.PodPhase. */
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** Annotation that records where the kubelet got a pod from (pkg/kubelet/types ConfigSourceAnnotationKey). */
export { CONFIG_SOURCE_ANNOTATION };

/**
 * True when an init container is a restartable init container (a sidecar): its restartPolicy is "Always".
 * Follows pkg/kubelet/types (IsRestartableInitContainer).
 */
export function isRestartableInitContainer(c: Pick<Container, "restartPolicy">): boolean {
  return c.restartPolicy === "Always";
}

/**
 * True for a static pod: one whose config source annotation is present and is not "api".
 * Follows pkg/kubelet/types/pod_update.go (IsStaticPod, GetPodSource).
 */
export function isStaticPod(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION];
  return source !== undefined && source !== "api";
}

/** The first status with the given name. Follows pkg/api/v1/pod/util.go (GetContainerStatus). */
function getContainerStatus(statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

/**
 * True when any regular container (of spec.containers) is running or has terminated, which shows that the pod
 * has been initialized. Follows pkg/kubelet/container/helpers.go (HasAnyRegularContainerStarted).
 */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  if (statuses.length === 0) return false;
  const names = new Set((spec.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state?.running != null || s.state?.terminated != null));
}

/**
 * The phase of a pod given its container statuses (regular and init, in one list).
 * Follows pkg/kubelet/kubelet_pods.go (getPhase). Pending regular init containers and pending restartable init
 * containers are counted apart, as in the current getPhase (`pendingRegularInitContainers > 0 ||
 * (pendingRestartableInitContainers > 0 && !podHasInitialized)`); an older version (read at the commit stored in
 * the index) counted them together, which TestPodPhaseWithRestartAlwaysAndPodHasRun rejects.
 * `podHasInitialized` defaults to {@link hasAnyRegularContainerStarted} over `info`, which is what the kubelet
 * passed before it began reading it from the runtime status (HasAnyActiveRegularContainerStarted).
 *
 * A container without a status counts as not started (the pod stays Pending); a restartable init container that
 * is running but not `started` still holds the pod in initialization; terminated sidecars are not counted.
 * When `podIsTerminal`, a non-static pod whose containers have all stopped is Succeeded or Failed regardless of
 * the restart policy.
 */
export function getPhase(
  pod: Pod,
  info: readonly ContainerStatus[],
  podIsTerminal: boolean,
  podHasInitialized?: boolean,
): PodPhase {
  const spec: PodSpec = pod.spec ?? { containers: [] };
  const initContainers = spec.initContainers ?? [];
  const containers = spec.containers ?? [];
  let pendingRegularInitContainers = 0;
  let pendingRestartableInitContainers = 0;
  let failedInitialization = 0;

  // regular init containers
  for (const container of initContainers) {
    if (isRestartableInitContainer(container)) continue;
    const cs = getContainerStatus(info, container.name);
    if (cs === undefined) {
      pendingRegularInitContainers++;
      continue;
    }
    if (cs.state?.running != null) {
      pendingRegularInitContainers++;
    } else if (cs.state?.terminated != null) {
      if (cs.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (cs.state?.waiting != null) {
      if (cs.lastState?.terminated != null) {
        if (cs.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else {
        pendingRegularInitContainers++;
      }
    } else {
      pendingRegularInitContainers++;
    }
  }

  // counters for restartable init and regular containers
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  // restartable init containers
  for (const container of initContainers) {
    if (!isRestartableInitContainer(container)) continue;
    const cs = getContainerStatus(info, container.name);
    if (cs === undefined) {
      unknown++;
      continue;
    }
    if (cs.state?.running != null) {
      if (cs.started !== true) pendingRestartableInitContainers++;
      running++;
    } else if (cs.state?.terminated != null) {
      // terminated restartable init containers are not taken into account for the pod phase
    } else if (cs.state?.waiting != null) {
      if (cs.lastState?.terminated == null) {
        pendingRestartableInitContainers++;
        waiting++;
      }
    } else {
      pendingRestartableInitContainers++;
      unknown++;
    }
  }

  // regular containers
  for (const container of containers) {
    const cs = getContainerStatus(info, container.name);
    if (cs === undefined) {
      unknown++;
      continue;
    }
    if (cs.state?.running != null) {
      running++;
    } else if (cs.state?.terminated != null) {
      stopped++;
      if (cs.state.terminated.exitCode === 0) succeeded++;
    } else if (cs.state?.waiting != null) {
      if (cs.lastState?.terminated != null) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && spec.restartPolicy === "Never") return "Failed";

  // A pending regular init container always holds the pod in Pending. A pending restartable init container does
  // so only until the pod has been initialized: once regular containers have run, sidecars that restart do not
  // put the pod back into Pending.
  const initialized = podHasInitialized ?? hasAnyRegularContainerStarted(spec, info);
  if (
    pendingRegularInitContainers > 0 ||
    (pendingRestartableInitContainers > 0 && !initialized) ||
    waiting > 0
  ) {
    // one or more containers has not been started
    return "Pending";
  }
  if (running > 0 && unknown === 0) {
    // all containers have been started, and at least one is running
    return "Running";
  }
  if (running === 0 && stopped > 0 && unknown === 0) {
    // a terminal pod's containers won't be restarted regardless of the restart policy
    if (podIsTerminal && !isStaticPod(pod)) {
      return stopped === succeeded ? "Succeeded" : "Failed";
    }
    // all containers are in the process of restarting
    if (spec.restartPolicy === "Always") return "Running";
    // restart policy is not Always and all containers terminated in success
    if (stopped === succeeded) return "Succeeded";
    // Never, with at least one failure
    if (spec.restartPolicy === "Never") return "Failed";
    // OnFailure, with at least one failure that is being restarted
    return "Running";
  }
  return "Pending";
}

/**
 * The phase the kubelet computes for a pod from its own status: `status.containerStatuses` followed by
 * `status.initContainerStatuses`, as generateAPIPodStatus hands them to getPhase.
 * Follows pkg/kubelet/kubelet_pods.go (generateAPIPodStatus → getPhase).
 */
export function getPodPhase(pod: Pod, podIsTerminal: boolean): PodPhase {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return getPhase(pod, statuses, podIsTerminal);
}
