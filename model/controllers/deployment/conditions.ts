/**
 * Deployment conditions (Available, Progressing, ReplicaFailure) and their reasons.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (the reason constants, NewDeploymentCondition,
 * GetDeploymentCondition, SetDeploymentCondition, RemoveDeploymentCondition, filterOutCondition,
 * ReplicaSetToDeploymentCondition). Pure: setters return new status objects. Times are logical seconds rendered
 * with the model's clock.
 */
import type { DeploymentCondition } from "kubernetes-types/apps/v1.js";
import { timestamp } from "../../clock.ts";
import type { DeploymentStatusV } from "./types.ts";

/** apps.DeploymentAvailable: at least minAvailable pods are available. */
export const DEPLOYMENT_AVAILABLE = "Available";
/** apps.DeploymentProgressing: the rollout is progressing, complete, paused or timed out. */
export const DEPLOYMENT_PROGRESSING = "Progressing";
/** apps.DeploymentReplicaFailure: a ReplicaSet failed to create or delete pods. */
export const DEPLOYMENT_REPLICA_FAILURE = "ReplicaFailure";

/** A replica set was updated as part of the rollout. */
export const REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated";
/** The new replica set could not be created. */
export const FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
/** The controller created the new replica set. */
export const NEW_REPLICA_SET_REASON = "NewReplicaSetCreated";
/** The controller found (adopted) an existing new replica set. */
export const FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
/** The new replica set has all desired replicas updated and available. */
export const NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
/** No progress within progressDeadlineSeconds. */
export const TIMED_OUT_REASON = "ProgressDeadlineExceeded";
/** The deployment is paused: progress is not estimated. */
export const PAUSED_DEPLOY_REASON = "DeploymentPaused";
/** The deployment was resumed: the deadline counts from the resume, not from before the pause. */
export const RESUMED_DEPLOY_REASON = "DeploymentResumed";
/** At least spec.replicas − maxUnavailable pods are available. */
export const MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
/** Fewer than spec.replicas − maxUnavailable pods are available. */
export const MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

/** A condition stamped with the current logical time. Follows deployment_util.go (NewDeploymentCondition). */
export function newDeploymentCondition(type: string, status: "True" | "False" | "Unknown", reason: string, message: string, now: number): DeploymentCondition {
  const t = timestamp(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of a type, if present. Follows deployment_util.go (GetDeploymentCondition). */
export function getDeploymentCondition(status: DeploymentStatusV | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * The status with `condition` set: unchanged when a condition of that type already has the same status and
 * reason; otherwise the old one is replaced (moved to the end), keeping its lastTransitionTime when the status
 * did not change. Follows deployment_util.go (SetDeploymentCondition).
 */
export function setDeploymentCondition(status: DeploymentStatusV, condition: DeploymentCondition): DeploymentStatusV {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return status;
  let next = condition;
  if (current && current.status === condition.status) {
    // Overwriting the key in place keeps DeploymentCondition's field order (lastTransitionTime before reason).
    if (current.lastTransitionTime !== undefined) next = { ...condition, lastTransitionTime: current.lastTransitionTime };
    else {
      const { lastTransitionTime: _t, ...rest } = condition;
      next = rest;
    }
  }
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] };
}

/** The status without conditions of `type`. Follows deployment_util.go (RemoveDeploymentCondition). */
export function removeDeploymentCondition(status: DeploymentStatusV, type: string): DeploymentStatusV {
  if (!status.conditions?.some((c) => c.type === type)) return status;
  const conditions = status.conditions.filter((c) => c.type !== type);
  if (conditions.length > 0) return { ...status, conditions };
  const { conditions: _dropped, ...rest } = status;
  return rest;
}

/** A ReplicaSet condition (ReplicaFailure) as a deployment condition. Follows deployment_util.go (ReplicaSetToDeploymentCondition). */
export function replicaSetToDeploymentCondition(c: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    ...(c.message !== undefined ? { message: c.message } : {}),
  };
}
