/**
 * maxSurge / maxUnavailable resolution for rolling updates.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts, MaxUnavailable, MinAvailable,
 * MaxSurge). Pure.
 */
import { getScaledValueFromIntOrPercent, valueOrDefault, type IntOrString } from "./intstr.ts";
import { deploymentReplicas, isRollingUpdate, type DeploymentV } from "./types.ts";

/** Resolved rolling-update bounds, in pods. */
export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
}

/**
 * Resolves maxSurge (rounded up) and maxUnavailable (rounded down) against `desiredReplicas`; an unset value
 * counts as 0. When both resolve to 0, maxUnavailable becomes 1 (surge might not work because of quota).
 * Throws on an invalid value (e.g. "oops" or "90").
 * Follows deployment_util.go (ResolveFenceposts).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined | null,
  maxUnavailable: IntOrString | undefined | null,
  desiredReplicas: number,
): Fenceposts {
  const surge = getScaledValueFromIntOrPercent(valueOrDefault(maxSurge, 0), desiredReplicas, true);
  let unavailable = getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 0), desiredReplicas, false);
  if (surge === 0 && unavailable === 0) {
    // Validation never allows both to be 0 explicitly, but rounding maxUnavailable down may resolve it to 0.
    unavailable = 1;
  }
  return { surge, unavailable };
}

/** ResolveFenceposts as Go's callers use it when they ignore the error ("caught by validation"): 0/0 on error. */
function fencepostsOrZero(d: DeploymentV): Fenceposts {
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d));
  } catch {
    return { surge: 0, unavailable: 0 };
  }
}

/**
 * The most pods a rolling deployment may have unavailable: the resolved maxUnavailable, capped at spec.replicas;
 * 0 for a non-rolling strategy or 0 replicas. Follows deployment_util.go (MaxUnavailable).
 */
export function maxUnavailable(d: DeploymentV): number {
  if (!isRollingUpdate(d) || deploymentReplicas(d) === 0) return 0;
  const { unavailable } = fencepostsOrZero(d);
  return Math.min(unavailable, deploymentReplicas(d));
}

/**
 * The fewest pods a deployment must keep available: spec.replicas − MaxUnavailable; 0 for a non-rolling strategy.
 * Follows deployment_util.go (MinAvailable).
 */
export function minAvailable(d: DeploymentV): number {
  if (!isRollingUpdate(d)) return 0;
  return deploymentReplicas(d) - maxUnavailable(d);
}

/**
 * The most pods a rolling deployment may run above spec.replicas; 0 for a non-rolling strategy.
 * Follows deployment_util.go (MaxSurge).
 */
export function maxSurge(d: DeploymentV): number {
  if (!isRollingUpdate(d)) return 0;
  return fencepostsOrZero(d).surge;
}
