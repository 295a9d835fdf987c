/**
 * Whether a container should be (re)started. Follows pkg/kubelet/container/helpers.go
 * (ShouldContainerBeRestarted): never once the pod is being deleted; a container never started is started; a
 * running one is left alone; an exited one restarts unless the policy is Never, or OnFailure and it exited 0.
 * A restartable init container (a sidecar) follows its own restartPolicy Always.
 */
import type { KObject } from "../objects/types.ts";
import type { RuntimeContainer } from "../state.ts";
import type { ContainerSpec } from "./runtime-container.ts";

/** The restart policy that applies to a container: its own (sidecars) or the pod's (default Always). */
export function containerRestartPolicy(pod: KObject, spec: ContainerSpec): string {
  return spec.restartPolicy ?? pod.spec?.restartPolicy ?? "Always";
}

/** ShouldContainerBeRestarted (rc undefined: the runtime has no record of the container). */
export function shouldContainerBeRestarted(spec: ContainerSpec, pod: KObject, rc: RuntimeContainer | undefined): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (!rc || rc.state === "waiting") return true;
  if (rc.state === "running") return false;
  const policy = containerRestartPolicy(pod, spec);
  if (policy === "Never") return false;
  if (policy === "OnFailure" && (rc.exitCode ?? 0) === 0) return false;
  return true;
}
