/**
 * The scaling decisions of a rolling update, over plain data.
 *
 * Follows pkg/controller/deployment/rolling.go (rolloutRolling's scaling steps, reconcileNewReplicaSet,
 * reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate) and
 * pkg/controller/deployment/sync.go (scaleReplicaSetAndRecordEvent, scaleReplicaSet). Where Go calls the API
 * server to scale a ReplicaSet, these functions return a {@link ScaleDecision} (the updated object to write and
 * the event to record) and go on as if the update succeeded, so a controller can apply the decisions in order.
 * Pure: inputs are never mutated.
 */
import { setReplicasAnnotations } from "./annotations.ts";
import { maxSurge, maxUnavailable } from "./fenceposts.ts";
import { getAvailableReplicaCountForReplicaSets, getReplicaCountForReplicaSets } from "./replica-counts.ts";
import { newRSNewReplicas } from "./replica-math.ts";
import { filterActiveReplicaSets, sortReplicaSetsByCreationTimestamp } from "./replica-set-order.ts";
import {
  deploymentReplicas,
  rsReplicas,
  type DeploymentFeatureGates,
  type DeploymentV,
  type ReplicaSetV,
} from "./types.ts";

/** One ReplicaSet resize: what sync.go's scaleReplicaSet would write and record. */
export interface ScaleDecision {
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  /** spec.replicas before. */
  readonly from: number;
  /** spec.replicas after. */
  readonly to: number;
  readonly direction: "up" | "down";
  /** The ReplicaSet to write: spec.replicas = to, desired/max-replicas annotations set from the deployment. */
  readonly updated: ReplicaSetV;
  /** The event recorded on the deployment. */
  readonly event: { readonly type: "Normal"; readonly reason: "ScalingReplicaSet"; readonly message: string };
}

/**
 * The decision to resize `rs` to `newScale`, or null when it already has that size.
 * Follows sync.go (scaleReplicaSetAndRecordEvent, scaleReplicaSet).
 */
export function scaleReplicaSetDecision(rs: ReplicaSetV, newScale: number, d: DeploymentV): ScaleDecision | null {
  const from = rsReplicas(rs);
  if (from === newScale) return null; // no need to scale
  const direction = from < newScale ? "up" : "down";
  const replicas = deploymentReplicas(d);
  const resized: ReplicaSetV = { ...rs, spec: { ...(rs.spec ?? { selector: {} }), replicas: newScale } };
  const { rs: updated } = setReplicasAnnotations(resized, replicas, replicas + maxSurge(d));
  const name = rs.metadata?.name;
  return {
    namespace: rs.metadata?.namespace,
    name,
    from,
    to: newScale,
    direction,
    updated,
    event: {
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: `Scaled ${direction} replica set ${name ?? ""} from ${from} to ${newScale}`,
    },
  };
}

/** Outcome of {@link reconcileNewReplicaSet}. */
export interface NewRSDecision {
  /** Whether the new ReplicaSet is resized. */
  readonly scaled: boolean;
  /** Its spec.replicas afterwards. */
  readonly newReplicas: number;
  readonly decision: ScaleDecision | null;
}

/**
 * Scales the new ReplicaSet: down to spec.replicas when above it, otherwise up as far as
 * {@link newRSNewReplicas} allows. Throws where NewRSNewReplicas fails (invalid maxSurge, unknown terminating
 * replicas under TerminationComplete). Follows rolling.go (reconcileNewReplicaSet).
 */
export function reconcileNewReplicaSet(
  allRSs: readonly (ReplicaSetV | null | undefined)[],
  newRS: ReplicaSetV,
  d: DeploymentV,
  gates: DeploymentFeatureGates = {},
): NewRSDecision {
  const replicas = deploymentReplicas(d);
  const current = rsReplicas(newRS);
  if (current === replicas) return { scaled: false, newReplicas: current, decision: null }; // scaling not required
  const target = current > replicas ? replicas : newRSNewReplicas(d, allRSs, newRS, gates);
  const decision = scaleReplicaSetDecision(newRS, target, d);
  return { scaled: decision !== null, newReplicas: target, decision };
}

/** Outcome of {@link cleanupUnhealthyReplicas}. */
export interface CleanupResult {
  /** The old ReplicaSets, oldest first, with the resized ones replaced by their updated objects. */
  readonly oldRSs: readonly ReplicaSetV[];
  readonly cleanupCount: number;
  readonly decisions: readonly ScaleDecision[];
  /** Set when Go would return an error; `decisions` then holds the resizes issued before it. */
  readonly error?: string;
}

/**
 * Scales old ReplicaSets down by their unavailable replicas, oldest first, at most `maxCleanupCount` in all, so
 * that unhealthy pods are deleted without lowering availability. Follows rolling.go (cleanupUnhealthyReplicas).
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSetV[],
  d: DeploymentV,
  maxCleanupCount: number,
): CleanupResult {
  const sorted = sortReplicaSetsByCreationTimestamp(oldRSs);
  const decisions: ScaleDecision[] = [];
  let totalScaledDown = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (totalScaledDown >= maxCleanupCount) break;
    const targetRS = sorted[i]!;
    const specReplicas = rsReplicas(targetRS);
    const available = targetRS.status?.availableReplicas ?? 0;
    if (specReplicas === 0) continue; // cannot scale down this replica set
    if (specReplicas === available) continue; // no unhealthy replicas found
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, specReplicas - available);
    const newReplicasCount = specReplicas - scaledDownCount;
    if (newReplicasCount > specReplicas) {
      const error =
        `when cleaning up unhealthy replicas, got invalid request to scale down ` +
        `${targetRS.metadata?.namespace ?? ""}/${targetRS.metadata?.name ?? ""} ${specReplicas} -> ${newReplicasCount}`;
      return { oldRSs: sorted, cleanupCount: 0, decisions, error };
    }
    const decision = scaleReplicaSetDecision(targetRS, newReplicasCount, d);
    if (decision !== null) {
      decisions.push(decision);
      sorted[i] = decision.updated;
    }
    totalScaledDown += scaledDownCount;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown, decisions };
}

/** Outcome of {@link scaleDownOldReplicaSetsForRollingUpdate}. */
export interface ScaleDownResult {
  readonly scaledDownCount: number;
  readonly decisions: readonly ScaleDecision[];
  readonly error?: string;
}

/**
 * Scales old ReplicaSets down, oldest first, by as many pods as are available above minAvailable
 * (spec.replicas − MaxUnavailable). Follows rolling.go (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly (ReplicaSetV | null | undefined)[],
  oldRSs: readonly ReplicaSetV[],
  d: DeploymentV,
): ScaleDownResult {
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return { scaledDownCount: 0, decisions: [] }; // cannot scale down

  const decisions: ScaleDecision[] = [];
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const targetRS of sortReplicaSetsByCreationTimestamp(oldRSs)) {
    if (totalScaledDown >= totalScaleDownCount) break; // no further scaling required
    const specReplicas = rsReplicas(targetRS);
    if (specReplicas === 0) continue; // cannot scale down this ReplicaSet
    const scaleDownCount = Math.min(specReplicas, totalScaleDownCount - totalScaledDown);
    const newReplicasCount = specReplicas - scaleDownCount;
    if (newReplicasCount > specReplicas) {
      const error =
        `when scaling down old RS, got invalid request to scale down ` +
        `${targetRS.metadata?.namespace ?? ""}/${targetRS.metadata?.name ?? ""} ${specReplicas} -> ${newReplicasCount}`;
      return { scaledDownCount: 0, decisions, error };
    }
    const decision = scaleReplicaSetDecision(targetRS, newReplicasCount, d);
    if (decision !== null) decisions.push(decision);
    totalScaledDown += scaleDownCount;
  }
  return { scaledDownCount: totalScaledDown, decisions };
}

/** Outcome of {@link reconcileOldReplicaSets}. */
export interface OldRSDecision {
  /** Whether any old replica was scaled down (cleanup + scale-down > 0). */
  readonly scaled: boolean;
  readonly cleanupCount: number;
  readonly scaledDownCount: number;
  /** The resizes, in the order Go issues them (the same ReplicaSet may appear twice). */
  readonly decisions: readonly ScaleDecision[];
  /** An error Go logs and swallows (it then reports no scaling). */
  readonly error?: string;
}

/**
 * Scales old ReplicaSets down when availability allows: at most allPods − minAvailable − (unavailable pods of
 * the new RS), first by removing unhealthy replicas, then by scaling down available ones above minAvailable.
 * Follows rolling.go (reconcileOldReplicaSets).
 */
export function reconcileOldReplicaSets(
  allRSs: readonly (ReplicaSetV | null | undefined)[],
  oldRSs: readonly ReplicaSetV[],
  newRS: ReplicaSetV,
  d: DeploymentV,
): OldRSDecision {
  const none = { scaled: false, cleanupCount: 0, scaledDownCount: 0, decisions: [] };
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return none; // can't scale down further

  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return none;

  // Clean up unhealthy replicas first, otherwise they block the deployment (kubernetes#16737).
  const cleanup = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
  if (cleanup.error !== undefined) return { ...none, decisions: cleanup.decisions, error: cleanup.error };

  // Scale down old replica sets; maxUnavailable is checked again there.
  const scaleDown = scaleDownOldReplicaSetsForRollingUpdate([...cleanup.oldRSs, newRS], cleanup.oldRSs, d);
  const decisions = [...cleanup.decisions, ...scaleDown.decisions];
  if (scaleDown.error !== undefined) return { ...none, cleanupCount: cleanup.cleanupCount, decisions, error: scaleDown.error };

  const totalScaledDown = cleanup.cleanupCount + scaleDown.scaledDownCount;
  return {
    scaled: totalScaledDown > 0,
    cleanupCount: cleanup.cleanupCount,
    scaledDownCount: scaleDown.scaledDownCount,
    decisions,
  };
}

/** Outcome of one rolling-update scaling step. */
export interface RollingStep {
  /** "up" when the new RS was resized, "down" when old RSs were, "none" otherwise. */
  readonly step: "up" | "down" | "none";
  readonly decisions: readonly ScaleDecision[];
}

/**
 * The scaling part of one rolloutRolling pass over an existing new ReplicaSet: scale the new RS if possible;
 * otherwise scale the active old RSs down. Creating the new RS, revision bookkeeping, cleanup of old RSs and the
 * status update are left to the caller. Follows rolling.go (rolloutRolling).
 */
export function rollingScaleStep(
  d: DeploymentV,
  newRS: ReplicaSetV,
  oldRSs: readonly ReplicaSetV[],
  gates: DeploymentFeatureGates = {},
): RollingStep {
  const allRSs = [...oldRSs, newRS];
  const up = reconcileNewReplicaSet(allRSs, newRS, d, gates);
  if (up.scaled && up.decision !== null) return { step: "up", decisions: [up.decision] };
  const down = reconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS, d);
  if (down.scaled) return { step: "down", decisions: down.decisions };
  return { step: "none", decisions: down.decisions };
}
