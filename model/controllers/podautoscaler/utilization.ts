/**
 * Usage ratios of a set of per-pod metrics against a target.
 *
 * Follows pkg/controller/podautoscaler/metrics/utilization.go (GetResourceUtilizationRatio, GetMetricUsageRatio).
 * Sums are taken as Go int64 (exact here, via bigint) and divisions truncate as Go's integer division does.
 * Pure.
 */

/** One pod's metric value, as the metrics client hands it to the replica calculator (Go: metrics.PodMetric). */
export interface PodMetric {
  /** The value in milli-units (milli-cores for cpu). */
  readonly valueMilli: number;
  /** When the sample was taken, in logical seconds. */
  readonly timestamp: number;
  /** The window the sample was collected over, in seconds. */
  readonly windowSeconds: number;
}

/** Metric values by pod name (Go: metrics.PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** Result of {@link getResourceUtilizationRatio}. */
export interface ResourceUtilizationRatio {
  /** utilization / targetUtilization. */
  readonly ratio: number;
  /** floor(100 × Σusage / Σrequest), an integer percentage (int32, clamped). */
  readonly utilization: number;
  /** Σusage / number of counted pods (integer division), in milli-units. */
  readonly rawAverageValueMilli: number;
}

const MIN_INT32 = -(2 ** 31);
const MAX_INT32 = 2 ** 31 - 1;

/**
 * The utilization of the pods that have both a metric and a request, as an integer percentage of their
 * summed requests, and its ratio to `targetUtilization`. Metrics of pods without a request are skipped
 * (they are extraneous). Throws "no metrics returned matched known pods" when the counted requests sum to 0.
 * Follows metrics/utilization.go (GetResourceUtilizationRatio).
 */
export function getResourceUtilizationRatio(
  metrics: ReadonlyMap<string, { readonly valueMilli: number }>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): ResourceUtilizationRatio {
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let numEntries = 0n;
  for (const [podName, metric] of metrics) {
    const request = requests.get(podName);
    if (request === undefined) {
      // we check for missing requests elsewhere, so assuming missing requests == extraneous metrics
      continue;
    }
    metricsTotal += BigInt(metric.valueMilli);
    requestsTotal += BigInt(request);
    numEntries++;
  }
  // if the set of requests is completely disjoint from the set of metrics,
  // then we could have an issue where the requests total is zero
  if (requestsTotal === 0n) throw new Error("no metrics returned matched known pods");

  const percentage = (metricsTotal * 100n) / requestsTotal;
  const utilization = Number(percentage > BigInt(MAX_INT32) ? BigInt(MAX_INT32) : percentage < BigInt(MIN_INT32) ? BigInt(MIN_INT32) : percentage);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverageValueMilli: Number(metricsTotal / numEntries),
  };
}

/** Result of {@link getMetricUsageRatio}. */
export interface MetricUsageRatio {
  /** usage / targetUsage. */
  readonly ratio: number;
  /** The average value per pod (integer division), in milli-units. */
  readonly usageMilli: number;
}

/**
 * The average of all metric values (integer division) and its ratio to `targetUsageMilli`.
 * Follows metrics/utilization.go (GetMetricUsageRatio). `metrics` must not be empty (the caller checks).
 */
export function getMetricUsageRatio(
  metrics: ReadonlyMap<string, { readonly valueMilli: number }>,
  targetUsageMilli: number,
): MetricUsageRatio {
  let metricsTotal = 0n;
  for (const metric of metrics.values()) metricsTotal += BigInt(metric.valueMilli);
  const usageMilli = Number(metricsTotal / BigInt(metrics.size));
  return { ratio: usageMilli / targetUsageMilli, usageMilli };
}
