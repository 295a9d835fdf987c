/**
 * Replica arithmetic of the Deployment controller: how far the new ReplicaSet may grow during a rolling update,
 * and how a resize of the deployment is spread over its ReplicaSets.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (NewRSNewReplicas, IsSaturated,
 * getReplicaSetFraction, GetReplicaSetProportion) and k8s.io/utils/integer (RoundToInt32). The replica sums and
 * the completion/progress checks live in replica-counts.ts and progress.ts and are re-exported here. Pure.
 */
import { getDesiredReplicasAnnotation, getMaxReplicasAnnotation } from "./annotations.ts";
import { maxSurge } from "./fenceposts.ts";
import { getScaledValueFromIntOrPercent } from "./intstr.ts";
import {
  getReplicaCountForReplicaSets,
  getSpecOrActualReplicaCountForReplicaSets,
  getTerminatingReplicaCountForReplicaSets,
} from "./replica-counts.ts";
import {
  deploymentReplicas,
  rsReplicas,
  type DeploymentFeatureGates,
  type DeploymentV,
  type ReplicaSetV,
} from "./types.ts";

export {
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getSpecOrActualReplicaCountForReplicaSets,
  getTerminatingReplicaCountForReplicaSets,
} from "./replica-counts.ts";
export { deploymentComplete, deploymentProgressing } from "./progress.ts";

/**
 * True when the deployment asks for replacement pods only once old pods have fully terminated: the
 * DeploymentPodReplacementPolicy gate is on and spec.podReplacementPolicy is TerminationComplete. An unset policy
 * keeps the rolling-update behaviour of TerminationStarted (rolling_test.go, "empty policy" case).
 */
export function hasTerminationCompletePodReplacement(d: DeploymentV, gates: DeploymentFeatureGates = {}): boolean {
  return gates.deploymentPodReplacementPolicy === true && d.spec?.podReplacementPolicy === "TerminationComplete";
}

/**
 * The replica count the new ReplicaSet should have.
 *
 * RollingUpdate: with maxTotal = spec.replicas + maxSurge (rounded up) and `current` the pods of `allRSs`
 * (Σ spec.replicas; with the TerminationComplete policy Σ max(spec, status) replicas + terminating replicas),
 * the new RS keeps its size when current ≥ maxTotal and otherwise grows by min(maxTotal − current,
 * spec.replicas − newRS.spec.replicas). Recreate: spec.replicas.
 * Throws on an unset or invalid maxSurge, an unknown strategy type, or (TerminationComplete) an unknown
 * terminating count. Follows deployment_util.go (NewRSNewReplicas).
 */
export function newRSNewReplicas(
  d: DeploymentV,
  allRSs: readonly (ReplicaSetV | null | undefined)[],
  newRS: ReplicaSetV,
  gates: DeploymentFeatureGates = {},
): number {
  const replicas = deploymentReplicas(d);
  const type = d.spec?.strategy?.type;
  switch (type) {
    case "RollingUpdate": {
      const surge = getScaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas, true);
      let currentPodCount = getReplicaCountForReplicaSets(allRSs);
      if (hasTerminationCompletePodReplacement(d, gates)) {
        const terminating = getTerminatingReplicaCountForReplicaSets(allRSs);
        if (terminating === null) throw new Error("failed to calculate terminating replicas");
        currentPodCount = getSpecOrActualReplicaCountForReplicaSets(allRSs) + terminating;
      }
      const maxTotalPods = replicas + surge;
      if (currentPodCount >= maxTotalPods) return rsReplicas(newRS); // cannot scale up
      // scale up, but not past the desired replicas
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - rsReplicas(newRS));
      return rsReplicas(newRS) + scaleUpCount;
    }
    case "Recreate":
      return replicas;
    default:
      throw new Error(`deployment type ${type ?? ""} isn't supported`);
  }
}

/**
 * True when `rs` owns all the deployment's desired replicas: its size, its desired-replicas annotation and its
 * available replicas all equal spec.replicas. Follows deployment_util.go (IsSaturated).
 */
export function isSaturated(d: DeploymentV, rs: ReplicaSetV | null | undefined): boolean {
  if (rs == null) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (!desired.valid) return false;
  const replicas = deploymentReplicas(d);
  return rsReplicas(rs) === replicas && desired.value === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** Rounds half away from zero to an int32. Follows k8s.io/utils/integer (RoundToInt32: int32(math.Round(a))). */
export function roundToInt32(a: number): number {
  return (Math.sign(a) * Math.round(Math.abs(a))) | 0;
}

/**
 * The change in size `rs` should get when the deployment is resized: round(rs.spec.replicas ×
 * (spec.replicas + maxSurge) / maxReplicasBefore) − rs.spec.replicas, where maxReplicasBefore is the RS's
 * max-replicas annotation, or, when that is missing, invalid or 0, the deployment's status.replicas. Returns
 * −rs.spec.replicas when the deployment scales to 0, and 0 when no base is known.
 * Follows deployment_util.go (getReplicaSetFraction).
 */
export function getReplicaSetFraction(rs: ReplicaSetV, d: DeploymentV): number {
  // scaling down to zero: the fraction of this replica set is its whole size
  if (deploymentReplicas(d) === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = deploymentReplicas(d) + maxSurge(d);
  const annotated = getMaxReplicasAnnotation(rs);
  let maxReplicasBeforeScale = annotated.valid ? annotated.value : 0;
  if (maxReplicasBeforeScale === 0) {
    // The annotation was removed or tampered with: fall back to the current deployment size. This is not an
    // accurate estimate when other replica sets differ, but the min/max in the proportion keeps it in limits.
    maxReplicasBeforeScale = d.status?.replicas ?? 0;
    if (maxReplicasBeforeScale === 0) return 0;
  }
  // Go multiplies in int32 before converting to float64
  const newRSsize = Math.imul(rsReplicas(rs), deploymentMaxReplicas) / maxReplicasBeforeScale;
  return roundToInt32(newRSsize) - rsReplicas(rs);
}

/**
 * How many replicas `rs` should gain (or lose, when negative) out of `deploymentReplicasToAdd`, given that
 * `deploymentReplicasAdded` were already handed out: its fraction, bounded by what is left to add or remove.
 * Follows deployment_util.go (GetReplicaSetProportion, formerly GetProportion).
 */
export function getReplicaSetProportion(
  rs: ReplicaSetV | null | undefined,
  d: DeploymentV,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (
    rs == null ||
    rsReplicas(rs) === 0 ||
    deploymentReplicasToAdd === 0 ||
    deploymentReplicasToAdd === deploymentReplicasAdded
  ) {
    return 0;
  }
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  // scaling up: never add more than allowed; scaling down: never remove more than allowed
  return deploymentReplicasToAdd > 0 ? Math.min(rsFraction, allowed) : Math.max(rsFraction, allowed);
}

/** Alias of {@link getReplicaSetProportion}, under its older Go name GetProportion. */
export const getProportion = getReplicaSetProportion;
