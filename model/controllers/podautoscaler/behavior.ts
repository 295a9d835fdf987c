/**
 * Normalizing an HPA's metric recommendation with `spec.behavior`: per-direction stabilization windows and
 * scaling policies (Pods / Percent per period, selected by Max / Min / Disabled), plus the API defaults.
 *
 * Follows pkg/controller/podautoscaler/horizontal.go (normalizeDesiredReplicasWithBehaviors,
 * maybeInitScaleDownStabilizationWindow, stabilizeRecommendationWithBehaviors,
 * convertDesiredReplicasWithBehaviorRate, getReplicasChangePerPeriod, calculateScaleUpLimitWithScalingRules,
 * calculateScaleDownLimitWithBehaviors, storeScaleEvent, markScaleEventsOutdated, getLongestPolicyPeriod) and
 * pkg/apis/autoscaling/v2/defaults.go (GenerateHPAScaleUpRules, GenerateHPAScaleDownRules). Time is logical
 * seconds. Pure: histories are returned, never mutated.
 */
import {
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  type ConditionUpdate,
  type NormalizeResult,
  type NormalizedReplicas,
  type TimestampedRecommendation,
} from "./types.ts";

const MAX_INT32 = 2 ** 31 - 1;
const MIN_INT32 = -(2 ** 31);

/** How a policy limits change: a number of pods or a percentage of the count at the start of the period. */
export type ScalingPolicyType = "Pods" | "Percent";
/** Which policy wins: the one allowing the most change (Max), the least (Min), or none (Disabled). */
export type SelectPolicy = "Max" | "Min" | "Disabled";

/** One scaling policy (Go: HPAScalingPolicy). */
export interface ScalingPolicy {
  readonly type: ScalingPolicyType;
  readonly value: number;
  readonly periodSeconds: number;
}

/** Scaling rules for one direction as written in the spec; unset fields are defaulted (Go: HPAScalingRules). */
export interface ScalingRules {
  readonly selectPolicy?: SelectPolicy | null;
  readonly stabilizationWindowSeconds?: number | null;
  readonly policies?: readonly ScalingPolicy[] | null;
  /** Per-direction tolerance (HPAConfigurableTolerance); null/undefined = the controller's tolerance. */
  readonly tolerance?: number | null;
}

/** spec.behavior (Go: HorizontalPodAutoscalerBehavior). */
export interface HpaBehavior {
  readonly scaleUp?: ScalingRules | null;
  readonly scaleDown?: ScalingRules | null;
}

/** Scaling rules after API defaulting. A null scale-down window means "the controller's downscale window". */
export interface ResolvedScalingRules {
  readonly selectPolicy: SelectPolicy;
  readonly stabilizationWindowSeconds: number | null;
  readonly policies: readonly ScalingPolicy[];
  readonly tolerance?: number | null;
}

/** The API default for scale-up: window 0, Max of +4 pods and +100% per 15 s. */
export const DEFAULT_SCALE_UP_RULES: ResolvedScalingRules = {
  selectPolicy: "Max",
  stabilizationWindowSeconds: 0,
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

/** The API default for scale-down: window unset (the controller's 300 s), Max of −100% per 15 s. */
export const DEFAULT_SCALE_DOWN_RULES: ResolvedScalingRules = {
  selectPolicy: "Max",
  stabilizationWindowSeconds: null,
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

/** Fills unset fields of `rules` from `defaults` (Go: copyHPAScalingRules). */
function copyRules(rules: ScalingRules | null | undefined, defaults: ResolvedScalingRules): ResolvedScalingRules {
  if (rules === undefined || rules === null) return defaults;
  return {
    selectPolicy: rules.selectPolicy ?? defaults.selectPolicy,
    stabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    policies: rules.policies ?? defaults.policies,
    tolerance: rules.tolerance ?? defaults.tolerance ?? null,
  };
}

/** Defaulted scale-up rules. Follows autoscaling/v2 defaults.go (GenerateHPAScaleUpRules). */
export function generateScaleUpRules(rules?: ScalingRules | null): ResolvedScalingRules {
  return copyRules(rules, DEFAULT_SCALE_UP_RULES);
}

/** Defaulted scale-down rules. Follows autoscaling/v2 defaults.go (GenerateHPAScaleDownRules). */
export function generateScaleDownRules(rules?: ScalingRules | null): ResolvedScalingRules {
  return copyRules(rules, DEFAULT_SCALE_DOWN_RULES);
}

/** A past scale change (Go: timestampedScaleEvent). */
export interface TimestampedScaleEvent {
  /** Absolute value, non-negative. */
  readonly replicaChange: number;
  /** Logical seconds. */
  readonly timestamp: number;
  /** Marked for reuse by {@link storeScaleEvent}. */
  readonly outdated?: boolean;
}

/** Sum of the changes strictly newer than now − period. Follows horizontal.go (getReplicasChangePerPeriod). */
export function getReplicasChangePerPeriod(
  periodSeconds: number,
  scaleEvents: readonly TimestampedScaleEvent[],
  now: number,
): number {
  const cutoff = now - periodSeconds;
  let replicas = 0;
  for (const rec of scaleEvents) {
    if (rec.timestamp > cutoff) replicas += rec.replicaChange;
  }
  return replicas;
}

/**
 * The highest count the scale-up policies allow now: per policy, the count at the start of its period
 * (current − added + deleted within it) plus `value` pods or `value`% (rounded up), combined by the select
 * policy; Disabled gives `currentReplicas`. Follows horizontal.go (calculateScaleUpLimitWithScalingRules).
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: ResolvedScalingRules,
  now: number,
): number {
  let result: number;
  let selectPolicyFn: (a: number, b: number) => number;
  if (scalingRules.selectPolicy === "Disabled") {
    return currentReplicas; // Scaling is disabled
  } else if (scalingRules.selectPolicy === "Min") {
    result = MAX_INT32;
    selectPolicyFn = Math.min; // For scaling up, the lowest change ('min' policy) produces a minimum value
  } else {
    result = MIN_INT32;
    selectPolicyFn = Math.max; // Use the default policy otherwise to produce a highest possible change
  }
  let proposed = 0;
  for (const policy of scalingRules.policies) {
    const replicasAddedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const replicasDeletedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
    if (policy.type === "Pods") {
      proposed = periodStartReplicas + policy.value;
    } else if (policy.type === "Percent") {
      // the proposal has to be rounded up because the proposed change might not increase the replica count
      // causing the target to never scale up
      proposed = Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    }
    result = selectPolicyFn(result, proposed);
  }
  return result;
}

/**
 * The lowest count the scale-down policies allow now: per policy, the count at the start of its period minus
 * `value` pods or `value`% (the remaining count truncated), combined by the select policy; Disabled gives
 * `currentReplicas`. Follows horizontal.go (calculateScaleDownLimitWithBehaviors).
 */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: ResolvedScalingRules,
  now: number,
): number {
  let result: number;
  let selectPolicyFn: (a: number, b: number) => number;
  if (scalingRules.selectPolicy === "Disabled") {
    return currentReplicas; // Scaling is disabled
  } else if (scalingRules.selectPolicy === "Min") {
    result = MIN_INT32;
    selectPolicyFn = Math.max; // For scaling down, the lowest change ('min' policy) produces a maximum value
  } else {
    result = MAX_INT32;
    selectPolicyFn = Math.min; // Use the default policy otherwise to produce a highest possible change
  }
  let proposed = 0;
  for (const policy of scalingRules.policies) {
    const replicasAddedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const replicasDeletedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
    if (policy.type === "Pods") {
      proposed = periodStartReplicas - policy.value;
    } else if (policy.type === "Percent") {
      proposed = Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    }
    result = selectPolicyFn(result, proposed);
  }
  return result;
}

/** Everything the behavior normalization needs about one HPA (Go: NormalizationArg, without the key). */
export interface NormalizationArg {
  readonly scaleUpBehavior: ResolvedScalingRules;
  readonly scaleDownBehavior: ResolvedScalingRules;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
}

/** Result of {@link stabilizeRecommendationWithBehaviors}. */
export interface BehaviorStabilization {
  readonly replicas: number;
  /** "ScaleUpStabilized" or "ScaleDownStabilized" (used only when stabilization changed the value). */
  readonly reason: string;
  readonly message: string;
  readonly recommendations: TimestampedRecommendation[];
}

/**
 * Stabilizes with per-direction windows: the current count is raised to at most the minimum recommendation
 * inside the scale-up window and lowered to at least the maximum inside the scale-down window (both include
 * the new recommendation). Records the new recommendation at `now`, reusing the slot of the last one older than
 * both windows. A null scale-up window counts as 0, a null scale-down window as
 * `downscaleStabilizationWindowSeconds` (maybeInitScaleDownStabilizationWindow).
 * Follows horizontal.go (stabilizeRecommendationWithBehaviors).
 */
export function stabilizeRecommendationWithBehaviors(
  args: NormalizationArg,
  recommendations: readonly TimestampedRecommendation[],
  now: number,
  downscaleStabilizationWindowSeconds: number = DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
): BehaviorStabilization {
  let foundOldSample = false;
  let oldSampleIndex = 0;

  let upRecommendation = args.desiredReplicas;
  const upCutoff = now - (args.scaleUpBehavior.stabilizationWindowSeconds ?? 0);
  let downRecommendation = args.desiredReplicas;
  const downCutoff = now - (args.scaleDownBehavior.stabilizationWindowSeconds ?? downscaleStabilizationWindowSeconds);

  // Calculate the upper and lower stabilization limits.
  recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    }
  });

  // Bring the recommendation to within the upper and lower limits (stabilize).
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;

  // Record the unstabilized recommendation.
  const next = [...recommendations];
  const entry = { recommendation: args.desiredReplicas, timestamp: now };
  if (foundOldSample) next[oldSampleIndex] = entry;
  else next.push(entry);

  // Determine a human-friendly message.
  const up = args.desiredReplicas >= args.currentReplicas;
  return {
    replicas: recommendation,
    reason: up ? "ScaleUpStabilized" : "ScaleDownStabilized",
    message: up
      ? "recent recommendations were lower than current one, applying the lowest recent recommendation"
      : "recent recommendations were higher than current one, applying the highest recent recommendation",
    recommendations: next,
  };
}

/**
 * Limits the (stabilized) desired count by the scaling policies and [minReplicas, maxReplicas]; names the
 * limiting rule (ScaleUpLimit, TooManyReplicas, ScaleDownLimit, TooFewReplicas or DesiredWithinRange). Never
 * moves against the desired direction: a policy limit past the current count is clamped to it.
 * Follows horizontal.go (convertDesiredReplicasWithBehaviorRate).
 */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  now: number,
): NormalizedReplicas {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleUpBehavior, now);
    if (scaleUpLimit < args.currentReplicas) {
      // We shouldn't scale up further until the scaleUpEvents will be cleaned up
      scaleUpLimit = args.currentReplicas;
    }
    let maximumAllowedReplicas = args.maxReplicas;
    let reason: NormalizedReplicas["condition"];
    let message: string;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      reason = "ScaleUpLimit";
      message = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
    if (args.desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, condition: reason, message };
  } else if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleDownBehavior, now);
    if (scaleDownLimit > args.currentReplicas) {
      // We shouldn't scale down further until the scaleDownEvents will be cleaned up
      scaleDownLimit = args.currentReplicas;
    }
    let minimumAllowedReplicas = args.minReplicas;
    let reason: NormalizedReplicas["condition"];
    let message: string;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      reason = "ScaleDownLimit";
      message = "the desired replica count is decreasing faster than the maximum scale rate";
    } else {
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    }
    if (args.desiredReplicas < minimumAllowedReplicas) return { replicas: minimumAllowedReplicas, condition: reason, message };
  }
  return { replicas: args.desiredReplicas, condition: "DesiredWithinRange", message: "the desired count is within the acceptable range" };
}

/** Input of {@link normalizeDesiredReplicasWithBehaviors}. */
export interface BehaviorNormalizeInput {
  readonly currentReplicas: number;
  /** The metrics' recommendation before normalization. */
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** spec.behavior; unset parts get the API defaults. */
  readonly behavior: HpaBehavior;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly scaleUpEvents?: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents?: readonly TimestampedScaleEvent[];
  readonly now: number;
  /** The controller's downscale window, used when the scale-down rules leave it unset. Default 300. */
  readonly downscaleStabilizationWindowSeconds?: number;
}

/**
 * Stabilizes with {@link stabilizeRecommendationWithBehaviors}, then rate-limits with
 * {@link convertDesiredReplicasWithBehaviorRate}; AbleToScale is ScaleUp/DownStabilized when stabilization
 * changed the value (else ReadyForNewScale), ScalingLimited is True when the rate/range limits changed it.
 * Follows horizontal.go (normalizeDesiredReplicasWithBehaviors, maybeInitScaleDownStabilizationWindow).
 */
export function normalizeDesiredReplicasWithBehaviors(input: BehaviorNormalizeInput): NormalizeResult {
  const window = input.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS;
  const scaleDown = generateScaleDownRules(input.behavior.scaleDown);
  const args: NormalizationArg = {
    scaleUpBehavior: generateScaleUpRules(input.behavior.scaleUp),
    scaleDownBehavior: { ...scaleDown, stabilizationWindowSeconds: scaleDown.stabilizationWindowSeconds ?? window },
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    currentReplicas: input.currentReplicas,
    desiredReplicas: input.desiredReplicas,
  };
  const stabilized = stabilizeRecommendationWithBehaviors(args, input.recommendations, input.now, window);
  const ableToScale: ConditionUpdate =
    stabilized.replicas !== input.desiredReplicas
      ? { status: "True", reason: stabilized.reason, message: stabilized.message }
      : { status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" };
  const r = convertDesiredReplicasWithBehaviorRate(
    { ...args, desiredReplicas: stabilized.replicas },
    input.scaleUpEvents ?? [],
    input.scaleDownEvents ?? [],
    input.now,
  );
  return {
    replicas: r.replicas,
    stabilizedRecommendation: stabilized.replicas,
    ableToScale,
    scalingLimited: { status: r.replicas === stabilized.replicas ? "False" : "True", reason: r.condition, message: r.message },
    recommendations: stabilized.recommendations,
  };
}

/** The longest period of the rules' policies. Follows horizontal.go (getLongestPolicyPeriod). */
function getLongestPolicyPeriod(rules: ResolvedScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/**
 * Records a rescale from `prevReplicas` to `newReplicas` at `now` in the scale-up (or, otherwise, scale-down)
 * history: events older than the direction's longest policy period are marked outdated, and the last outdated
 * slot is reused, else the event is appended. Without behavior nothing is stored.
 * Follows horizontal.go (storeScaleEvent, markScaleEventsOutdated).
 */
export function storeScaleEvent(
  behavior: HpaBehavior | null | undefined,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  prevReplicas: number,
  newReplicas: number,
  now: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  if (behavior === undefined || behavior === null) {
    return { scaleUpEvents: [...scaleUpEvents], scaleDownEvents: [...scaleDownEvents] };
  }
  const up = newReplicas > prevReplicas;
  const rules = up ? generateScaleUpRules(behavior.scaleUp) : generateScaleDownRules(behavior.scaleDown);
  const cutoff = now - getLongestPolicyPeriod(rules);
  const events = (up ? scaleUpEvents : scaleDownEvents).map((e) =>
    e.timestamp < cutoff ? { ...e, outdated: true } : { ...e },
  );
  let oldSampleIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated === true) oldSampleIndex = i;
  });
  const newEvent: TimestampedScaleEvent = {
    replicaChange: up ? newReplicas - prevReplicas : prevReplicas - newReplicas,
    timestamp: now,
    outdated: false,
  };
  if (oldSampleIndex >= 0) events[oldSampleIndex] = newEvent;
  else events.push(newEvent);
  return up
    ? { scaleUpEvents: events, scaleDownEvents: [...scaleDownEvents] }
    : { scaleUpEvents: [...scaleUpEvents], scaleDownEvents: events };
}
