/**
 * Pod sandboxes: creating one (RunPodSandbox: network namespace and IP, the pod's volume directories), and
 * killing a pod (KillPod: stop every container, then the sandbox; the pod's own directory goes with it, its
 * hostPaths stay on the node). Follows pkg/kubelet/kuberuntime/kuberuntime_sandbox.go (createPodSandbox),
 * kuberuntime_manager.go (KillPod, killPodWithSyncResult) and the volume manager's mount / TearDown.
 *
 * Model choice for graceful termination: the model's containers honour SIGTERM at once, so a kill stops them
 * immediately with exit code 0 rather than at the end of the grace period.
 */
import type { KObject } from "../objects/types.ts";
import type { RuntimePod, State } from "../state.ts";
import { btreeSet } from "../collections/btree.ts";
import { addHostPaths, getMachine, updateMachine } from "../world/machine.ts";
import { allocatePodIP, hostIPOf } from "../world/network.ts";
import { hostPathsOf, volumeLocations, withoutPodDirectory } from "./volumes.ts";
import { clearHold, exitContainer, newRuntimeContainer, type ContainerSpec } from "./runtime-container.ts";

/** Exit code of a container stopped by the kubelet (the model's processes exit cleanly on SIGTERM). */
export const KILLED_EXIT_CODE = 0;

/**
 * Creates the sandbox of `pod` (uid `uid`) on `node`, with containers not started yet. `previous` is the API
 * status the pod had (restart counts carry over). Returns no runtime when the pod CIDR is exhausted.
 */
export function createSandbox(state: State, node: string, pod: KObject, uid: string, previous: any): { state: State; runtime?: RuntimePod } {
  const m = getMachine(state, node);
  if (!m) return { state };
  // A hostNetwork pod shares the node's network namespace: it takes no address from the pod CIDR.
  const hostNetwork = pod.spec?.hostNetwork === true;
  const alloc = hostNetwork ? { ip: hostIPOf(m), nextIP: m.nextIP } : allocatePodIP(m);
  if (!alloc) return { state };
  const prev = (list: any[] | undefined, name: string) => list?.find((s: any) => s?.name === name);
  const runtime: RuntimePod = {
    uid,
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name!,
    ip: alloc.ip,
    sandboxRunning: true,
    initContainers: ((pod.spec?.initContainers ?? []) as ContainerSpec[]).map((s) => newRuntimeContainer(s, prev(previous?.initContainerStatuses, s.name))),
    containers: ((pod.spec?.containers ?? []) as ContainerSpec[]).map((s) => newRuntimeContainer(s, prev(previous?.containerStatuses, s.name))),
    volumes: volumeLocations(pod, uid),
  };
  let s = updateMachine(state, node, (mm) => ({ ...mm, nextIP: alloc.nextIP, pods: btreeSet(mm.pods, uid, runtime) }));
  s = addHostPaths(s, node, hostPathsOf(pod));
  return { state: s, runtime };
}

/** Stops every running container of the pod and its sandbox; the pod's own directory (emptyDirs) is removed. */
export function killPod(rp: RuntimePod, now: number, terminating: boolean): RuntimePod {
  const stop = (list: RuntimePod["containers"]) => list.map((c) => clearHold(exitContainer(c, KILLED_EXIT_CODE, now)));
  return {
    ...rp,
    sandboxRunning: false,
    initContainers: stop(rp.initContainers),
    containers: stop(rp.containers),
    volumes: withoutPodDirectory(rp.volumes),
    ...(terminating ? { terminating: true } : {}),
  };
}

/** The names of the containers of a pod that are running now. */
export function runningContainerNames(rp: RuntimePod): string[] {
  return [...rp.initContainers, ...rp.containers].filter((c) => c.state === "running").map((c) => c.name);
}
