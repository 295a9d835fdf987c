/**
 * Types and constants shared by the HPA normalization steps (normalize.ts, behavior.ts) and the reconcile
 * decision. Follows the corresponding declarations of pkg/controller/podautoscaler/horizontal.go
 * (timestampedRecommendation) and the controller's defaults.
 */

/** The default --horizontal-pod-autoscaler-downscale-stabilization (5 min), in seconds. */
export const DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS = 300;

/** Why the normalized count is what it is (the ScalingLimited condition's reason). */
export type LimitReason = "DesiredWithinRange" | "TooFewReplicas" | "TooManyReplicas" | "ScaleUpLimit" | "ScaleDownLimit";

/** A normalized replica count with the ScalingLimited reason and message. */
export interface NormalizedReplicas {
  readonly replicas: number;
  readonly condition: LimitReason;
  readonly message: string;
}

/** A past unstabilized recommendation (Go: timestampedRecommendation). */
export interface TimestampedRecommendation {
  readonly recommendation: number;
  /** Logical seconds. */
  readonly timestamp: number;
}

/** A condition an HPA step sets: status and reason/message. */
export interface ConditionUpdate {
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

/** Result of a normalization step (with or without behavior). */
export interface NormalizeResult {
  readonly replicas: number;
  /** The stabilized recommendation, before the rate/range limits. */
  readonly stabilizedRecommendation: number;
  /** The AbleToScale condition set by the step. */
  readonly ableToScale: ConditionUpdate;
  /** The ScalingLimited condition set by the step. */
  readonly scalingLimited: ConditionUpdate;
  readonly recommendations: TimestampedRecommendation[];
}
