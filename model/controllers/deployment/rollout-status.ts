/**
 * A deployment's status computed from its ReplicaSets, and the progress estimate of a rollout (the Progressing
 * condition and when to look again for a deadline).
 *
 * Follows pkg/controller/deployment/sync.go (calculateStatus), progress.go (syncRolloutStatus's status part,
 * getReplicaFailures, requeueStuckDeployment) and util/deployment_util.go (HasProgressDeadline,
 * HasRevisionHistoryLimit, DeploymentTimedOut). Pure: the caller writes the status and sets the timer.
 */
import { fromTimestamp } from "../../clock.ts";
import {
  DEPLOYMENT_AVAILABLE,
  DEPLOYMENT_PROGRESSING,
  DEPLOYMENT_REPLICA_FAILURE,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_RS_AVAILABLE_REASON,
  REPLICA_SET_UPDATED_REASON,
  TIMED_OUT_REASON,
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.ts";
import { maxUnavailable } from "./fenceposts.ts";
import { semanticJson } from "./hash.ts";
import { deploymentComplete, deploymentProgressing } from "./progress.ts";
import {
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
} from "./replica-counts.ts";
import { deploymentReplicas, type DeploymentStatusV, type DeploymentV, type ReplicaSetV } from "./types.ts";

const MAX_INT32 = 2 ** 31 - 1;

/** Whether the deployment has a progress deadline (set and not MaxInt32). Follows deployment_util.go (HasProgressDeadline). */
export function hasProgressDeadline(d: DeploymentV): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** Whether old ReplicaSets are cleaned up (revisionHistoryLimit set and not MaxInt32). Follows deployment_util.go (HasRevisionHistoryLimit). */
export function hasRevisionHistoryLimit(d: DeploymentV): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

const COUNT_FIELDS = ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "terminatingReplicas"] as const;

/**
 * The status as the API serves it: zero counts and an empty condition list left out (DeploymentStatus fields are
 * omitempty; collisionCount is a pointer and is kept when set).
 */
export function normalizeDeploymentStatus(s: DeploymentStatusV | undefined): DeploymentStatusV {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s ?? {})) {
    if (v === undefined || v === null) continue;
    if ((COUNT_FIELDS as readonly string[]).includes(k) && v === 0) continue;
    if (k === "conditions" && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as DeploymentStatusV;
}

/** reflect.DeepEqual of two statuses as served. */
export function deploymentStatusEqual(a: DeploymentStatusV | undefined, b: DeploymentStatusV | undefined): boolean {
  return semanticJson(normalizeDeploymentStatus(a)) === semanticJson(normalizeDeploymentStatus(b));
}

/**
 * The status the ReplicaSets imply: replica counts summed over them, updatedReplicas from the new one,
 * observedGeneration, the existing conditions, and Available set from availableReplicas ≥ replicas −
 * maxUnavailable. Follows sync.go (calculateStatus).
 */
export function calculateStatus(allRSs: readonly (ReplicaSetV | undefined)[], newRS: ReplicaSetV | undefined, d: DeploymentV, now: number): DeploymentStatusV {
  const available = getAvailableReplicaCountForReplicaSets(allRSs);
  const total = getReplicaCountForReplicaSets(allRSs);
  // More available than desired happens while scaling down: that is not negative unavailability.
  const unavailable = Math.max(0, total - available);
  let status: DeploymentStatusV = normalizeDeploymentStatus({
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    ...(d.status?.conditions?.length ? { conditions: [...d.status.conditions] } : {}),
  });
  status =
    available >= deploymentReplicas(d) - maxUnavailable(d)
      ? setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_AVAILABLE, "True", MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now))
      : setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_AVAILABLE, "False", MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now));
  return status;
}

/**
 * Whether the rollout ran past its deadline: the Progressing condition (in `newStatus`) was last updated more than
 * progressDeadlineSeconds ago, or already says ProgressDeadlineExceeded. A completed rollout (reason
 * NewReplicaSetAvailable) never times out: a resync that comes before the cache shows the new ReplicaSet's
 * condition must not fail it. Follows deployment_util.go (DeploymentTimedOut).
 */
export function deploymentTimedOut(d: DeploymentV, newStatus: DeploymentStatusV, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(newStatus, DEPLOYMENT_PROGRESSING);
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  if (!c.lastUpdateTime) return false;
  return fromTimestamp(c.lastUpdateTime) + (d.spec!.progressDeadlineSeconds as number) < now;
}

/** ReplicaFailure conditions of the new ReplicaSet, else of the others. Follows progress.go (getReplicaFailures). */
function replicaFailures(allRSs: readonly (ReplicaSetV | undefined)[], newRS: ReplicaSetV | undefined) {
  const of = (rs: ReplicaSetV | undefined) => (rs?.status?.conditions ?? []).filter((c) => c.type === DEPLOYMENT_REPLICA_FAILURE).map(replicaSetToDeploymentCondition);
  const fromNew = of(newRS);
  if (fromNew.length > 0) return fromNew;
  return allRSs.flatMap(of);
}

/**
 * The status syncRolloutStatus writes: calculateStatus, then the Progressing condition — NewReplicaSetAvailable
 * once complete, ReplicaSetUpdated (with a fresh lastUpdateTime) while progressing, ProgressDeadlineExceeded once
 * past the deadline; nothing is estimated for a rollout that already completed — and the ReplicaFailure condition
 * copied from the ReplicaSets. Follows progress.go (syncRolloutStatus).
 */
export function rolloutStatus(allRSs: readonly (ReplicaSetV | undefined)[], newRS: ReplicaSetV | undefined, d: DeploymentV, now: number): DeploymentStatusV {
  let newStatus = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) newStatus = removeDeploymentCondition(newStatus, DEPLOYMENT_PROGRESSING);

  // A resync after the rollout completed (only one active ReplicaSet) estimates no progress.
  const currentCond = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  const isCompleteDeployment = (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const name = d.metadata?.name ?? "";
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      newStatus = setDeploymentCondition(newStatus, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", NEW_RS_AVAILABLE_REASON, msg, now));
    } else if (deploymentProgressing(d, newStatus)) {
      // Progress moves lastUpdateTime even with the same reason, which SetDeploymentCondition would not do.
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      let condition = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", REPLICA_SET_UPDATED_REASON, msg, now);
      if (currentCond) {
        if (currentCond.status === "True" && currentCond.lastTransitionTime !== undefined) condition = { ...condition, lastTransitionTime: currentCond.lastTransitionTime };
        newStatus = removeDeploymentCondition(newStatus, DEPLOYMENT_PROGRESSING);
      }
      newStatus = setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      newStatus = setDeploymentCondition(newStatus, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "False", TIMED_OUT_REASON, msg, now));
    }
  }

  const failures = replicaFailures(allRSs, newRS);
  newStatus = failures.length > 0 ? setDeploymentCondition(newStatus, failures[0]!) : removeDeploymentCondition(newStatus, DEPLOYMENT_REPLICA_FAILURE);
  return newStatus;
}

/**
 * When to look at a stuck rollout again, in seconds from now, or undefined when there is nothing to wait for (no
 * deadline, no Progressing condition yet, complete, or already timed out): the deadline counted from the
 * condition's lastUpdateTime, plus one second (AddAfter's margin against clock skew, kubernetes#39785). Without
 * this requeue a stuck deployment would be noticed only at the next informer resync (kubernetes#34458).
 * Go requeues at once (rate-limited) when less than a second is left; the model's clock moves in whole seconds,
 * so it waits one second instead, which is when the strict "deadline before now" test turns true.
 * Follows progress.go (requeueStuckDeployment).
 */
export function stuckDeploymentRequeueDelay(d: DeploymentV, newStatus: DeploymentStatusV, now: number): number | undefined {
  const currentCond = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (!hasProgressDeadline(d) || !currentCond) return undefined;
  if (deploymentComplete(d, newStatus) || currentCond.reason === TIMED_OUT_REASON) return undefined;
  // Deviation: a rollout whose condition still says NewReplicaSetAvailable (e.g. a Recreate waiting for old pods
  // to terminate, before its new ReplicaSet exists) can never time out (DeploymentTimedOut), so once its deadline
  // has passed Go requeues it rate-limited over and over with nothing to change. The model does not arm that
  // timer: it would keep settle running forever without changing anything.
  if (currentCond.reason === NEW_RS_AVAILABLE_REASON) return undefined;
  if (!currentCond.lastUpdateTime) return undefined;
  const after = fromTimestamp(currentCond.lastUpdateTime) + (d.spec!.progressDeadlineSeconds as number) - now;
  return after < 1 ? 1 : after + 1;
}
