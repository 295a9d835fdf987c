/**
 * An HPA's spec.metrics (autoscaling/v2) turned into the decision's metric inputs, with what the metrics APIs
 * answer for the target's pods. Follows the per-type dispatch of pkg/controller/podautoscaler/horizontal.go
 * (computeReplicasForMetric, computeStatusForResourceMetricGeneric, computeStatusForPodsMetric) and the metrics
 * client's queries (pkg/controller/podautoscaler/metrics/client.go: resource metrics for the selector's pods,
 * custom pods metrics by name).
 *
 * The model's metrics source (model/world/metrics.ts) reports, per pod, a cpu usage and custom metrics by name:
 * - Resource / ContainerResource metrics exist for cpu only (any other resource has no samples, so the HPA
 *   reports "no metrics returned from resource metrics API"); a pod's usage is attributed to the targeted
 *   container (ContainerResource) or to its first container, the others reporting 0;
 * - Pods metrics read the pod's custom value of that name (the metric's label selector is not modelled);
 * - Object and External metrics have no source and fail as an adapter without them would.
 * Samples are queried for the pods the HPA selected from its pod cache (Kubernetes asks the metrics API with the
 * label selector; samples of pods the cache does not know would be dropped by the calculator anyway).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { METRICS_WINDOW_SECONDS, podMetrics } from "../../world/metrics.ts";
import { milliOf } from "./pod-inputs.ts";
import type { MetricInput } from "./reconcile.ts";
import type { PodMetricValue, PodMetricsSample } from "./replica-calculator.ts";

/**
 * The metric the API's defaulting gives an HPA with no metrics (pkg/apis/autoscaling/v2/defaults.go,
 * SetDefaults_HorizontalPodAutoscaler: cpu at 80% utilization). The model's API server does not default it yet,
 * so the controller applies it.
 */
export const DEFAULT_METRICS = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] as const;

/** spec.metrics, defaulted. */
export function metricSpecsOf(hpa: KObject): readonly any[] {
  const m = hpa.spec?.metrics;
  return Array.isArray(m) && m.length > 0 ? m : DEFAULT_METRICS;
}

/** Resource metrics API samples for `resource` of the pods (a pod without usage has no sample). */
function resourceSamples(state: State, namespace: string, pods: readonly KObject[], resource: string, container: string): PodMetricsSample[] {
  if (resource !== "cpu") return [];
  const out: PodMetricsSample[] = [];
  for (const pod of pods) {
    const usage = podMetrics(state, namespace, pod.metadata.name!)?.cpuMilli;
    if (usage === undefined) continue;
    const names = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
    const owner = container !== "" && names.includes(container) ? container : names[0];
    out.push({
      pod: pod.metadata.name!,
      timestamp: state.clock.now,
      windowSeconds: METRICS_WINDOW_SECONDS,
      containers: names.map((n) => ({ name: n, usageMilli: n === owner ? usage : 0 })),
    });
  }
  return out;
}

/** Custom metrics API values of a pods metric. */
function customValues(state: State, namespace: string, pods: readonly KObject[], metric: string): PodMetricValue[] {
  const out: PodMetricValue[] = [];
  for (const pod of pods) {
    const v = podMetrics(state, namespace, pod.metadata.name!)?.custom?.[metric];
    if (v !== undefined) out.push({ pod: pod.metadata.name!, valueMilli: v, timestamp: state.clock.now, windowSeconds: 60 });
  }
  return out;
}

/** A metric that fails with a fixed error. */
const unavailable = (reason: string, inner: string, outer: string): MetricInput => ({ type: "Unavailable", reason, inner, outer });

/** The target of a Resource or ContainerResource metric, or the error Go returns for a spec without one. */
function resourceTarget(target: any): { averageUtilization: number } | { averageValueMilli: number } | undefined {
  const value = milliOf(target?.averageValue);
  if (target?.averageValue !== undefined && value !== null) return { averageValueMilli: value };
  if (typeof target?.averageUtilization === "number") return { averageUtilization: target.averageUtilization };
  return undefined;
}

const NO_RESOURCE_TARGET = "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set";

/** One metric spec with its metrics API answer. */
function metricInput(state: State, namespace: string, pods: readonly KObject[], spec: any): MetricInput {
  switch (spec?.type) {
    case "Resource": {
      const name: string = spec.resource?.name ?? "";
      const target = resourceTarget(spec.resource?.target);
      if (!target) return unavailable("FailedGetResourceMetric", NO_RESOURCE_TARGET, `failed to get ${name} resource metric value: ${NO_RESOURCE_TARGET}`);
      return { type: "Resource", name, target, podMetrics: resourceSamples(state, namespace, pods, name, "") };
    }
    case "ContainerResource": {
      const name: string = spec.containerResource?.name ?? "";
      const container: string = spec.containerResource?.container ?? "";
      const target = resourceTarget(spec.containerResource?.target);
      if (!target) return unavailable("FailedGetContainerResourceMetric", NO_RESOURCE_TARGET, `failed to get ${container} container metric value: ${NO_RESOURCE_TARGET}`);
      return { type: "ContainerResource", name, container, target, podMetrics: resourceSamples(state, namespace, pods, name, container) };
    }
    case "Pods": {
      const metric: string = spec.pods?.metric?.name ?? "";
      const target = milliOf(spec.pods?.target?.averageValue);
      if (target === null) {
        const inner = `invalid pods metric source: no average value target for metric ${metric}`;
        return unavailable("FailedGetPodsMetric", inner, `failed to get pods metric value: ${inner}`);
      }
      return { type: "Pods", metricName: metric, targetAverageValueMilli: target, values: customValues(state, namespace, pods, metric) };
    }
    case "Object": {
      const metric: string = spec.object?.metric?.name ?? "";
      const inner = `unable to get metric ${metric}: the model's custom metrics API serves no object metrics`;
      return unavailable("FailedGetObjectMetric", inner, `failed to get object metric value: ${inner}`);
    }
    case "External": {
      const metric: string = spec.external?.metric?.name ?? "";
      const inner = `unable to get external metric ${namespace}/${metric}: the model serves no external metrics API`;
      return unavailable("FailedGetExternalMetric", inner, `failed to get ${metric} external metric value: ${inner}`);
    }
    default: {
      const inner = `unknown metric source type "${String(spec?.type ?? "")}"`;
      return unavailable("InvalidMetricSourceType", inner, inner);
    }
  }
}

/** Every metric of the HPA with its metrics API answer for `pods` (the pods the target's selector matches). */
export function metricInputs(state: State, hpa: KObject, pods: readonly KObject[]): MetricInput[] {
  const namespace = hpa.metadata.namespace ?? "default";
  return metricSpecsOf(hpa).map((spec) => metricInput(state, namespace, pods, spec));
}
