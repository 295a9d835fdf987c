/**
 * Normalizing an HPA's metric recommendation without `behavior`: downscale stabilization over recent
 * recommendations, then clamping to [minReplicas, min(maxReplicas, scale-up limit)].
 *
 * Follows pkg/controller/podautoscaler/horizontal.go (convertDesiredReplicasWithRules, calculateScaleUpLimit,
 * stabilizeRecommendation, normalizeDesiredReplicas). The behavior-based path lives in behavior.ts and is
 * re-exported here. Time is logical seconds. Pure: history is returned, never mutated.
 */

export {
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  generateScaleDownRules,
  generateScaleUpRules,
  getReplicasChangePerPeriod,
  normalizeDesiredReplicasWithBehaviors,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type HpaBehavior,
  type NormalizationArg,
  type ResolvedScalingRules,
  type ScalingPolicy,
  type ScalingRules,
  type SelectPolicy,
  type TimestampedScaleEvent,
} from "./behavior.ts";
import {
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  type ConditionUpdate,
  type LimitReason,
  type NormalizeResult,
  type NormalizedReplicas,
  type TimestampedRecommendation,
} from "./types.ts";
export {
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  type ConditionUpdate,
  type LimitReason,
  type NormalizeResult,
  type NormalizedReplicas,
  type TimestampedRecommendation,
} from "./types.ts";

/** Production's scaleUpLimitFactor (horizontal_test.go's init() sets it to 8 in the Go test binary). */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
/** Production's scaleUpLimitMinimum. */
export const SCALE_UP_LIMIT_MINIMUM = 4.0;

/**
 * The most replicas one step may reach without behavior: max(factor × current, minimum), as int32.
 * Follows horizontal.go (calculateScaleUpLimit).
 */
export function calculateScaleUpLimit(
  currentReplicas: number,
  scaleUpLimitFactor: number = SCALE_UP_LIMIT_FACTOR,
  scaleUpLimitMinimum: number = SCALE_UP_LIMIT_MINIMUM,
): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/**
 * Clamps `desiredReplicas` to [min, min(max, scale-up limit)] and names the limiting rule.
 * Follows horizontal.go (convertDesiredReplicasWithRules).
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  scaleUpLimitFactor: number = SCALE_UP_LIMIT_FACTOR,
  scaleUpLimitMinimum: number = SCALE_UP_LIMIT_MINIMUM,
): NormalizedReplicas {
  const minimumAllowedReplicas = hpaMinReplicas;
  let maximumAllowedReplicas: number;
  let possibleLimitingCondition: LimitReason;
  let possibleLimitingReason: string;

  // Do not scaleup too much to prevent incorrect rapid increase of the number of master replicas caused by
  // bogus CPU usage report from heapster/kubelet (like in issue #32304).
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum);
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    possibleLimitingCondition = "ScaleUpLimit";
    possibleLimitingReason = "the desired replica count is increasing faster than the maximum scale rate";
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    possibleLimitingCondition = "TooManyReplicas";
    possibleLimitingReason = "the desired replica count is more than the maximum replica count";
  }

  if (desiredReplicas < minimumAllowedReplicas) {
    return {
      replicas: minimumAllowedReplicas,
      condition: "TooFewReplicas",
      message: "the desired replica count is less than the minimum replica count",
    };
  } else if (desiredReplicas > maximumAllowedReplicas) {
    return { replicas: maximumAllowedReplicas, condition: possibleLimitingCondition, message: possibleLimitingReason };
  }
  return { replicas: desiredReplicas, condition: "DesiredWithinRange", message: "the desired count is within the acceptable range" };
}

/**
 * {@link convertDesiredReplicasWithRules} without the message: replicas and the limiting condition
 * (DesiredWithinRange, TooFewReplicas, TooManyReplicas or ScaleUpLimit). `scaleUpLimitFactor` defaults to
 * production's 2, so the scale-up limit is max(2 × current, 4).
 */
export function hpaNormalizeReplicas(
  current: number,
  desired: number,
  min: number,
  max: number,
  scaleUpLimitFactor: number = SCALE_UP_LIMIT_FACTOR,
): { replicas: number; condition: string } {
  const r = convertDesiredReplicasWithRules(current, desired, min, max, scaleUpLimitFactor);
  return { replicas: r.replicas, condition: r.condition };
}

/** Result of {@link stabilizeRecommendation}. */
export interface StabilizedRecommendation {
  readonly replicas: number;
  /** The history after recording this recommendation. */
  readonly recommendations: TimestampedRecommendation[];
}

/**
 * The maximum of `desiredReplicas` and every recommendation not older than the window; records
 * `desiredReplicas` at `now`, reusing the slot of the last recommendation older than the window if any,
 * else appending. Follows horizontal.go (stabilizeRecommendation).
 */
export function stabilizeRecommendation(
  recommendations: readonly TimestampedRecommendation[],
  prenormalizedDesiredReplicas: number,
  now: number,
  downscaleStabilizationWindowSeconds: number = DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
): StabilizedRecommendation {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let foundOldSample = false;
  let oldSampleIndex = 0;
  const cutoff = now - downscaleStabilizationWindowSeconds;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    } else if (rec.recommendation > maxRecommendation) {
      maxRecommendation = rec.recommendation;
    }
  });
  const next = [...recommendations];
  const entry = { recommendation: prenormalizedDesiredReplicas, timestamp: now };
  if (foundOldSample) next[oldSampleIndex] = entry;
  else next.push(entry);
  return { replicas: maxRecommendation, recommendations: next };
}

/** Input of {@link normalizeDesiredReplicas}. */
export interface NormalizeInput {
  readonly currentReplicas: number;
  /** The metrics' recommendation before normalization. */
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly now: number;
  /** Default {@link DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS}. */
  readonly downscaleStabilizationWindowSeconds?: number;
  /** Default {@link SCALE_UP_LIMIT_FACTOR}. */
  readonly scaleUpLimitFactor?: number;
  /** Default {@link SCALE_UP_LIMIT_MINIMUM}. */
  readonly scaleUpLimitMinimum?: number;
}

/**
 * Stabilizes the recommendation over the downscale window, then applies {@link convertDesiredReplicasWithRules};
 * AbleToScale is ScaleDownStabilized when stabilization changed the value (else ReadyForNewScale), and
 * ScalingLimited is True when the rules changed the stabilized value. Follows horizontal.go (normalizeDesiredReplicas).
 */
export function normalizeDesiredReplicas(input: NormalizeInput): NormalizeResult {
  const stabilized = stabilizeRecommendation(
    input.recommendations,
    input.desiredReplicas,
    input.now,
    input.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  );
  const ableToScale: ConditionUpdate =
    stabilized.replicas !== input.desiredReplicas
      ? {
          status: "True",
          reason: "ScaleDownStabilized",
          message: "recent recommendations were higher than current one, applying the highest recent recommendation",
        }
      : { status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" };
  const r = convertDesiredReplicasWithRules(
    input.currentReplicas,
    stabilized.replicas,
    input.minReplicas,
    input.maxReplicas,
    input.scaleUpLimitFactor ?? SCALE_UP_LIMIT_FACTOR,
    input.scaleUpLimitMinimum ?? SCALE_UP_LIMIT_MINIMUM,
  );
  return {
    replicas: r.replicas,
    stabilizedRecommendation: stabilized.replicas,
    ableToScale,
    scalingLimited: { status: r.replicas === stabilized.replicas ? "False" : "True", reason: r.condition, message: r.message },
    recommendations: stabilized.recommendations,
  };
}
