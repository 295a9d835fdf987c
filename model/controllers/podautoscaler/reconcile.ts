/**
 * One HPA reconcile, as a pure decision: given the target's scale, the HPA spec, the pods and their metrics,
 * and the controller's per-HPA memory (recommendations, scale events), what it scales to and which status
 * conditions it sets.
 *
 * Follows pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler, recordInitialRecommendation,
 * computeReplicasForMetrics, computeReplicasForMetric, computeStatusForResourceMetricGeneric,
 * computeStatusForResourceMetric, computeStatusForContainerResourceMetric, computeStatusForPodsMetric,
 * getUnableComputeReplicaCountCondition, setStatus) and the per-HPA tolerances (HPAConfigurableTolerance).
 * Getting the scale and the selector are assumed to succeed; writing the scale is assumed to succeed.
 * Time is logical seconds. Pure.
 */
import {
  generateScaleDownRules,
  generateScaleUpRules,
  normalizeDesiredReplicasWithBehaviors,
  storeScaleEvent,
  type HpaBehavior,
  type TimestampedScaleEvent,
} from "./behavior.ts";
import { conditionSummary, setCondition, type HpaCondition } from "./conditions.ts";
import { normalizeDesiredReplicas, SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM } from "./normalize.ts";
import {
  DEFAULT_TOLERANCE,
  getMetricReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  type CalculatorPod,
  type PodMetricValue,
  type PodMetricsSample,
  type Tolerances,
} from "./replica-calculator.ts";
import { DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS, type TimestampedRecommendation } from "./types.ts";

/** A Resource or ContainerResource metric with the resource metrics API's answer. */
export interface ResourceMetricInput {
  readonly type: "Resource" | "ContainerResource";
  /** Resource name, e.g. "cpu". */
  readonly name: string;
  /** The container, for ContainerResource. */
  readonly container?: string;
  /** Exactly one target: average utilization (% of request) or average value (milli-units). */
  readonly target: { readonly averageUtilization: number } | { readonly averageValueMilli: number };
  readonly podMetrics: readonly PodMetricsSample[];
}

/** A Pods metric (custom metric, AverageValue target) with the custom metrics API's answer. */
export interface PodsMetricInput {
  readonly type: "Pods";
  readonly metricName: string;
  readonly targetAverageValueMilli: number;
  readonly values: readonly PodMetricValue[];
}

/**
 * A metric whose value cannot be had (an Object or External metric, which the model's metrics source does not
 * serve, or a spec with no usable target): it fails with `reason` (the ScalingActive reason and the Warning
 * event's reason), `inner` (the event's message) and `outer` (the error computeReplicasForMetric returns).
 */
export interface UnavailableMetricInput {
  readonly type: "Unavailable";
  readonly reason: string;
  readonly inner: string;
  readonly outer: string;
}

/** A metric of spec.metrics together with what its metrics API returns. */
export type MetricInput = ResourceMetricInput | PodsMetricInput | UnavailableMetricInput;

/** A metric that failed: what getUnableComputeReplicaCountCondition records as a Warning event. */
export interface MetricFailureEvent {
  readonly reason: string;
  readonly message: string;
}

/** status.currentMetrics entry (the parts modelled). */
export interface MetricStatus {
  readonly type: Exclude<MetricInput["type"], "Unavailable">;
  /** Resource name or custom metric name. */
  readonly name: string;
  readonly container?: string;
  readonly averageUtilization?: number;
  readonly averageValueMilli?: number;
}

/** Input of {@link reconcileDecision}. */
export interface ReconcileInput {
  /** scale.spec.replicas (the controller's currentReplicas). */
  readonly specReplicas: number;
  /** spec.minReplicas; null/undefined = 1. */
  readonly minReplicas?: number | null;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricInput[];
  /** The pods the target's selector matches. */
  readonly pods: readonly CalculatorPod[];
  readonly behavior?: HpaBehavior | null;
  /** The controller's recommendation history for this HPA; null = none yet (seeded with the current size). */
  readonly recommendations: readonly TimestampedRecommendation[] | null;
  readonly scaleUpEvents?: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents?: readonly TimestampedScaleEvent[];
  /** status.conditions before this reconcile. */
  readonly conditions?: readonly HpaCondition[];
  readonly now: number;
  /** --horizontal-pod-autoscaler-tolerance. Default 0.1. */
  readonly tolerance?: number;
  readonly cpuInitializationPeriodSeconds?: number;
  readonly delayOfInitialReadinessStatusSeconds?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization. Default 300. */
  readonly downscaleStabilizationWindowSeconds?: number;
  /** Default 2 (production); Go's test binary uses 8. */
  readonly scaleUpLimitFactor?: number;
  /** Default 4. */
  readonly scaleUpLimitMinimum?: number;
  /** The HPAConfigurableTolerance feature gate (per-direction tolerances in behavior). Default true. */
  readonly configurableTolerance?: boolean;
  readonly namespace?: string;
}

/** Result of {@link reconcileDecision}. */
export interface ReconcileDecision {
  /** status.desiredReplicas after the reconcile: the new size when rescaling, else the current one. */
  readonly desiredReplicas: number;
  /** The scale subresource is updated to `desiredReplicas`. */
  readonly rescale: boolean;
  readonly rescaleReason: string;
  readonly currentReplicas: number;
  /** The metrics' proposal (max over valid metrics) when metrics were consulted. */
  readonly metricDesiredReplicas?: number;
  readonly metricName?: string;
  readonly metricStatuses: MetricStatus[];
  /**
   * status.currentMetrics as Go builds it when the metrics were consulted: one slot per spec.metrics entry, null
   * for a metric that failed (Go leaves a zero MetricStatus there, which serializes as `type: ""`). Undefined
   * when the metrics were not consulted (scaling disabled, or clamped to min/max): currentMetrics is then nil.
   */
  readonly metricStatusSlots?: (MetricStatus | null)[];
  /** Each failed metric's Warning event (reason and message), in spec order. */
  readonly metricFailures: MetricFailureEvent[];
  /** status.currentMetrics' cpu averageUtilization, when present. */
  readonly cpuUtilization?: number;
  readonly conditions: HpaCondition[];
  /** `{ Type: "Status/Reason" }` of `conditions`. */
  readonly conditionSummary: Record<string, string>;
  readonly recommendations: TimestampedRecommendation[];
  readonly scaleUpEvents: TimestampedScaleEvent[];
  readonly scaleDownEvents: TimestampedScaleEvent[];
  /** status.lastScaleTime is set to now (rescale). */
  readonly lastScaleTime?: number;
  /** The error reconcileAutoscaler returns, if any (the decision may still scale on the valid metrics). */
  readonly error?: string;
}

/** The tolerances for this HPA: the controller's, overridden per direction by behavior. Follows tolerancesForHpa. */
function tolerancesFor(input: ReconcileInput): Tolerances {
  const t = input.tolerance ?? DEFAULT_TOLERANCE;
  const b = input.behavior;
  if (b === undefined || b === null || input.configurableTolerance === false) return { scaleUp: t, scaleDown: t };
  return {
    scaleUp: b.scaleUp?.tolerance ?? t,
    scaleDown: b.scaleDown?.tolerance ?? t,
  };
}

interface MetricProposal {
  readonly replicas: number;
  readonly metricName: string;
  readonly status: MetricStatus;
}

interface MetricFailure {
  readonly reason: string;
  /** The error getUnableComputeReplicaCountCondition gets (the Warning event's message). */
  readonly inner: string;
  readonly conditionMessage: string;
  readonly error: string;
}

/** One metric's proposal or failure. Follows computeReplicasForMetric and the computeStatusFor* helpers. */
function computeReplicasForMetric(
  input: ReconcileInput,
  spec: MetricInput,
  currentReplicas: number,
  tolerances: Tolerances,
): MetricProposal | MetricFailure {
  const readiness = {
    now: input.now,
    cpuInitializationPeriodSeconds: input.cpuInitializationPeriodSeconds,
    delayOfInitialReadinessStatusSeconds: input.delayOfInitialReadinessStatusSeconds,
  };
  const fail = (reason: string, inner: string, outer: string): MetricFailure => ({
    reason,
    inner,
    conditionMessage: `the HPA was unable to compute the replica count: ${inner}`,
    error: outer,
  });
  if (spec.type === "Unavailable") return fail(spec.reason, spec.inner, spec.outer);
  if (spec.type === "Pods") {
    try {
      const r = getMetricReplicas({
        ...readiness,
        currentReplicas,
        targetAverageValueMilli: spec.targetAverageValueMilli,
        metricName: spec.metricName,
        tolerance: tolerances,
        pods: input.pods,
        metrics: spec.values,
      });
      return {
        replicas: r.replicas,
        metricName: `pods metric ${spec.metricName}`,
        status: { type: "Pods", name: spec.metricName, averageValueMilli: r.usageMilli },
      };
    } catch (e) {
      const msg = (e as Error).message;
      return fail("FailedGetPodsMetric", msg, `failed to get pods metric value: ${msg}`);
    }
  }
  const container = spec.type === "ContainerResource" ? (spec.container ?? "") : "";
  const failReason = spec.type === "ContainerResource" ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric";
  const outer = (inner: string): string =>
    spec.type === "ContainerResource"
      ? `failed to get ${container} container metric value: ${inner}`
      : `failed to get ${spec.name} resource metric value: ${inner}`;
  const base = { type: spec.type, name: spec.name, ...(spec.type === "ContainerResource" ? { container } : {}) };
  if ("averageValueMilli" in spec.target) {
    try {
      const r = getRawResourceReplicas({
        ...readiness,
        currentReplicas,
        targetAverageValueMilli: spec.target.averageValueMilli,
        resource: spec.name,
        container,
        tolerance: tolerances,
        pods: input.pods,
        podMetrics: spec.podMetrics,
        namespace: input.namespace,
      });
      return { replicas: r.replicas, metricName: `${spec.name} resource`, status: { ...base, averageValueMilli: r.usageMilli } };
    } catch (e) {
      const inner = `failed to get ${spec.name} usage: ${(e as Error).message}`;
      return fail(failReason, inner, outer(inner));
    }
  }
  try {
    const r = getResourceReplicas({
      ...readiness,
      currentReplicas,
      targetUtilization: spec.target.averageUtilization,
      resource: spec.name,
      container,
      tolerance: tolerances,
      pods: input.pods,
      podMetrics: spec.podMetrics,
      namespace: input.namespace,
    });
    const metricName =
      spec.type === "ContainerResource"
        ? `${spec.name} container resource utilization (percentage of request)`
        : `${spec.name} resource utilization (percentage of request)`;
    return {
      replicas: r.replicas,
      metricName,
      status: { ...base, averageUtilization: r.utilization, averageValueMilli: r.rawAverageUsageMilli },
    };
  } catch (e) {
    const inner = `failed to get ${spec.name} utilization: ${(e as Error).message}`;
    return fail(failReason, inner, outer(inner));
  }
}

/**
 * The decision of one reconcileAutoscaler pass. In order:
 * - the history is seeded with the current size when there is none (recordInitialRecommendation);
 * - current = 0 with minReplicas ≠ 0: scaling disabled (ScalingActive False/ScalingDisabled), no change;
 * - current > max → max, current < min → min, without metrics;
 * - otherwise each metric proposes a count (the maximum wins; on errors the controller proceeds only if some
 *   metric is valid and the proposal is not a scale-down), then the proposal is stabilized and normalized,
 *   with {@link normalizeDesiredReplicas} (no behavior) or {@link normalizeDesiredReplicasWithBehaviors};
 * - a changed count is written (AbleToScale True/SucceededRescale) and, with behavior, recorded as a scale event.
 * Follows horizontal.go (reconcileAutoscaler, computeReplicasForMetrics).
 */
export function reconcileDecision(input: ReconcileInput): ReconcileDecision {
  const now = input.now;
  const currentReplicas = input.specReplicas;
  let conditions: HpaCondition[] = [...(input.conditions ?? [])];
  const set = (type: HpaCondition["type"], status: "True" | "False", reason: string, message: string): void => {
    conditions = setCondition(conditions, type, status, reason, message, now);
  };
  set("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
  let recommendations: TimestampedRecommendation[] =
    input.recommendations === null ? [{ recommendation: currentReplicas, timestamp: now }] : [...input.recommendations];
  let scaleUpEvents: TimestampedScaleEvent[] = [...(input.scaleUpEvents ?? [])];
  let scaleDownEvents: TimestampedScaleEvent[] = [...(input.scaleDownEvents ?? [])];

  let metricStatuses: MetricStatus[] = [];
  let metricStatusSlots: (MetricStatus | null)[] | undefined;
  const metricFailures: MetricFailureEvent[] = [];
  let metricDesiredReplicas: number | undefined;
  let metricName: string | undefined;
  let desiredReplicas = 0;
  let rescaleReason = "";
  let rescale = true;
  let error: string | undefined;
  const minReplicas = input.minReplicas ?? 1;

  const finish = (): ReconcileDecision => {
    const cpu = metricStatuses.find((s) => s.type === "Resource" && s.name === "cpu" && s.averageUtilization !== undefined);
    return {
      desiredReplicas: rescale ? desiredReplicas : currentReplicas,
      rescale,
      rescaleReason,
      currentReplicas,
      ...(metricDesiredReplicas !== undefined ? { metricDesiredReplicas } : {}),
      ...(metricName !== undefined ? { metricName } : {}),
      metricStatuses,
      ...(metricStatusSlots !== undefined ? { metricStatusSlots } : {}),
      metricFailures,
      ...(cpu !== undefined ? { cpuUtilization: cpu.averageUtilization } : {}),
      conditions,
      conditionSummary: conditionSummary(conditions),
      recommendations,
      scaleUpEvents,
      scaleDownEvents,
      ...(rescale ? { lastScaleTime: now } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  };

  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource
    desiredReplicas = 0;
    rescale = false;
    set("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
  } else if (currentReplicas > input.maxReplicas) {
    rescaleReason = "Current number of replicas above Spec.MaxReplicas";
    desiredReplicas = input.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = "Current number of replicas below Spec.MinReplicas";
    desiredReplicas = minReplicas;
  } else {
    // computeReplicasForMetrics
    const tolerances = tolerancesFor(input);
    let replicas = 0;
    let invalidMetricsCount = 0;
    let firstFailure: MetricFailure | undefined;
    const statuses: MetricStatus[] = [];
    const slots: (MetricStatus | null)[] = [];
    for (const spec of input.metrics) {
      const p = computeReplicasForMetric(input, spec, currentReplicas, tolerances);
      if ("error" in p) {
        if (invalidMetricsCount <= 0) firstFailure = p;
        invalidMetricsCount++;
        metricFailures.push({ reason: p.reason, message: p.inner });
        slots.push(null);
        continue;
      }
      statuses.push(p.status);
      slots.push(p.status);
      if (replicas === 0 || p.replicas > replicas) {
        replicas = p.replicas;
        metricName = p.metricName;
      }
    }
    metricStatuses = statuses;
    metricStatusSlots = slots;
    const invalidError =
      firstFailure !== undefined
        ? `invalid metrics (${invalidMetricsCount} invalid out of ${input.metrics.length}), first error is: ${firstFailure.error}`
        : undefined;
    // If all metrics are invalid or some are invalid and we would scale down,
    // return an error and set the condition of the hpa based on the first invalid metric.
    if (invalidMetricsCount >= input.metrics.length || (invalidMetricsCount > 0 && replicas < currentReplicas)) {
      if (firstFailure !== undefined) set("ScalingActive", "False", firstFailure.reason, firstFailure.conditionMessage);
      rescale = false;
      metricName = undefined;
      error = invalidError ?? "no metrics specified";
      return finish();
    }
    set("ScalingActive", "True", "ValidMetricFound", `the HPA was able to successfully calculate a replica count from ${metricName ?? ""}`);
    error = invalidError; // We proceed to scaling, but report this error.
    metricDesiredReplicas = replicas;

    let rescaleMetric = "";
    if (metricDesiredReplicas > desiredReplicas) {
      desiredReplicas = metricDesiredReplicas;
      rescaleMetric = metricName ?? "";
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = "All metrics below target";

    const normalized =
      input.behavior === undefined || input.behavior === null
        ? normalizeDesiredReplicas({
            currentReplicas,
            desiredReplicas,
            minReplicas,
            maxReplicas: input.maxReplicas,
            recommendations,
            now,
            downscaleStabilizationWindowSeconds: input.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
            scaleUpLimitFactor: input.scaleUpLimitFactor ?? SCALE_UP_LIMIT_FACTOR,
            scaleUpLimitMinimum: input.scaleUpLimitMinimum ?? SCALE_UP_LIMIT_MINIMUM,
          })
        : normalizeDesiredReplicasWithBehaviors({
            currentReplicas,
            desiredReplicas,
            minReplicas,
            maxReplicas: input.maxReplicas,
            behavior: { scaleUp: generateScaleUpRules(input.behavior.scaleUp), scaleDown: generateScaleDownRules(input.behavior.scaleDown) },
            recommendations,
            scaleUpEvents,
            scaleDownEvents,
            now,
            downscaleStabilizationWindowSeconds: input.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
          });
    recommendations = normalized.recommendations;
    set("AbleToScale", normalized.ableToScale.status, normalized.ableToScale.reason, normalized.ableToScale.message);
    set("ScalingLimited", normalized.scalingLimited.status, normalized.scalingLimited.reason, normalized.scalingLimited.message);
    desiredReplicas = normalized.replicas;
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    set("AbleToScale", "True", "SucceededRescale", `the HPA controller was able to update the target scale to ${desiredReplicas}`);
    const stored = storeScaleEvent(input.behavior, scaleUpEvents, scaleDownEvents, currentReplicas, desiredReplicas, now);
    scaleUpEvents = stored.scaleUpEvents;
    scaleDownEvents = stored.scaleDownEvents;
  }
  return finish();
}
