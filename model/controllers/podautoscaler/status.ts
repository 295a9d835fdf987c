/**
 * The HPA's status as the controller writes it (autoscaling/v2 HorizontalPodAutoscalerStatus): reading the
 * conditions back from an object, and rendering conditions, currentMetrics and the whole status.
 * Follows pkg/controller/podautoscaler/horizontal.go (setStatus, setCurrentReplicasAndMetricsInStatus,
 * computeStatusFor*Metric's MetricStatus values) and the JSON of k8s.io/api/autoscaling/v2 types.go.
 */
import type { KObject } from "../../objects/types.ts";
import { fromTimestamp, timestamp } from "../../clock.ts";
import { newMilliQuantity } from "../../quantity/index.ts";
import type { HpaCondition, HpaConditionType } from "./conditions.ts";
import type { MetricStatus } from "./reconcile.ts";

/** status.conditions of an HPA object, with transition times in logical seconds. */
export function conditionsOf(hpa: KObject): HpaCondition[] {
  const list = hpa.status?.conditions;
  if (!Array.isArray(list)) return [];
  return list.map((c: any) => ({
    type: c.type as HpaConditionType,
    status: c.status,
    reason: c.reason ?? "",
    message: c.message ?? "",
    lastTransitionTime: typeof c.lastTransitionTime === "string" ? fromTimestamp(c.lastTransitionTime) : 0,
  }));
}

/** Conditions as API JSON. */
export function renderConditions(list: readonly HpaCondition[]): Record<string, unknown>[] {
  return list.map((c) => ({
    type: c.type,
    status: c.status,
    lastTransitionTime: timestamp(c.lastTransitionTime),
    reason: c.reason,
    message: c.message,
  }));
}

/** A milli-value as a Quantity string (resource.NewMilliQuantity(v, DecimalSI)): 400 → "400m", 1000 → "1". */
export const milliQuantity = (milli: number): string => newMilliQuantity(BigInt(Math.trunc(milli)), "DecimalSI").toString();

/** MetricValueStatus JSON. */
function current(s: MetricStatus): Record<string, unknown> {
  return {
    ...(s.averageValueMilli !== undefined ? { averageValue: milliQuantity(s.averageValueMilli) } : {}),
    ...(s.averageUtilization !== undefined ? { averageUtilization: s.averageUtilization } : {}),
  };
}

/**
 * One status.currentMetrics entry. `spec` is the metric's spec entry (the Pods metric identifier, selector
 * included, is copied from it). A failed metric (null) is Go's zero MetricStatus: `{type: ""}`.
 */
export function renderMetricStatus(s: MetricStatus | null, spec: any): Record<string, unknown> {
  if (s === null) return { type: "" };
  switch (s.type) {
    case "Resource":
      return { type: "Resource", resource: { name: s.name, current: current(s) } };
    case "ContainerResource":
      return { type: "ContainerResource", containerResource: { name: s.name, container: s.container ?? "", current: current(s) } };
    case "Pods":
      return {
        type: "Pods",
        pods: {
          metric: { name: s.name, ...(spec?.pods?.metric?.selector !== undefined ? { selector: spec.pods.metric.selector } : {}) },
          current: current(s),
        },
      };
  }
}

/** The fields setStatus writes. */
export interface HpaStatusFields {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  /** Logical seconds, or the previous status' timestamp text, or undefined. */
  readonly lastScaleTime?: number | string;
  /** null/undefined = nil (omitted). */
  readonly currentMetrics?: readonly Record<string, unknown>[] | null;
  readonly conditions: readonly HpaCondition[];
}

/**
 * A whole status, recreated as setStatus does (observedGeneration is not carried over). Empty fields are
 * omitted as Go's omitempty does; desiredReplicas is always present.
 */
export function renderStatus(f: HpaStatusFields): Record<string, unknown> {
  const lst = typeof f.lastScaleTime === "number" ? timestamp(f.lastScaleTime) : f.lastScaleTime;
  return {
    ...(lst !== undefined ? { lastScaleTime: lst } : {}),
    ...(f.currentReplicas !== 0 ? { currentReplicas: f.currentReplicas } : {}),
    desiredReplicas: f.desiredReplicas,
    ...(f.currentMetrics && f.currentMetrics.length > 0 ? { currentMetrics: f.currentMetrics } : {}),
    ...(f.conditions.length > 0 ? { conditions: renderConditions(f.conditions) } : {}),
  };
}
