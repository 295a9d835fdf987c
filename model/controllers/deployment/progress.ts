/**
 * Rollout completion and progress of a deployment, judged from its status.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (DeploymentComplete, DeploymentProgressing). Pure.
 */
import type { DeploymentStatusV, DeploymentV } from "./types.ts";
import { deploymentReplicas } from "./types.ts";

/**
 * A deployment is complete once all desired replicas are updated and available, no old pods run, and the
 * status reflects the current generation. Follows deployment_util.go (DeploymentComplete).
 */
export function deploymentComplete(d: DeploymentV, newStatus: DeploymentStatusV): boolean {
  const replicas = deploymentReplicas(d);
  return (
    (newStatus.updatedReplicas ?? 0) === replicas &&
    (newStatus.replicas ?? 0) === replicas &&
    (newStatus.availableReplicas ?? 0) === replicas &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/**
 * A deployment progresses when, from its current status to `newStatus`, new pods were added, old pods were
 * removed, or more pods became ready or available. Follows deployment_util.go (DeploymentProgressing).
 */
export function deploymentProgressing(d: DeploymentV, newStatus: DeploymentStatusV): boolean {
  const old = d.status ?? {};
  const oldStatusOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStatusOldReplicas = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}
