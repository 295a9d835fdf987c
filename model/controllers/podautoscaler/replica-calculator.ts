/**
 * The HPA replica calculator: how many replicas a set of pods' metrics asks for.
 *
 * Follows pkg/controller/podautoscaler/replica_calculator.go (Tolerances.isWithin, GetResourceReplicas,
 * GetRawResourceReplicas, GetMetricReplicas, calcPlainMetricReplicas, groupPods, calculateRequests,
 * calculatePodLevelRequests, calculatePodRequestsFromContainers, removeMetricsForPods) and the resource part of
 * pkg/controller/podautoscaler/metrics/rest_metrics_client.go (GetResourceMetric, getContainerMetrics,
 * getPodMetrics). Time is logical seconds, passed in as `now`. Pure; errors are thrown with Go's messages.
 */
import { getMetricUsageRatio, getResourceUtilizationRatio, type PodMetric, type PodMetricsInfo } from "./utilization.ts";

/** The default tolerance (--horizontal-pod-autoscaler-tolerance). */
export const DEFAULT_TOLERANCE = 0.1;
/** The default --horizontal-pod-autoscaler-cpu-initialization-period (5 min), in seconds. */
export const DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS = 300;
/** The default --horizontal-pod-autoscaler-initial-readiness-delay (30 s), in seconds. */
export const DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS = 30;

/** Scale-up and scale-down tolerances around a usage ratio of 1 (Go: Tolerances). */
export interface Tolerances {
  readonly scaleUp: number;
  readonly scaleDown: number;
}

/** A single tolerance for both directions, or one per direction. */
export type ToleranceInput = number | Tolerances;

/** Normalizes a tolerance input (default {@link DEFAULT_TOLERANCE} both ways). */
export function toTolerances(t: ToleranceInput | undefined | null): Tolerances {
  if (t === undefined || t === null) return { scaleUp: DEFAULT_TOLERANCE, scaleDown: DEFAULT_TOLERANCE };
  if (typeof t === "number") return { scaleUp: t, scaleDown: t };
  return t;
}

/** True when the change is too small to act on: 1−scaleDown ≤ ratio ≤ 1+scaleUp. Follows Tolerances.isWithin. */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** The pod's Ready condition. */
export interface ReadyCondition {
  readonly status: "True" | "False" | "Unknown";
  /** Logical seconds of the last status change. */
  readonly lastTransitionTime: number;
}

/** A container's request for the resource being scaled on; null/undefined = no request. */
export interface ContainerRequest {
  readonly name: string;
  readonly requestMilli?: number | null;
}

/** An init container; only restartable ones (restartPolicy: Always, i.e. sidecars) count towards requests. */
export interface InitContainerRequest extends ContainerRequest {
  readonly restartPolicyAlways?: boolean;
}

/** What the replica calculator reads from a pod. */
export interface CalculatorPod {
  readonly name: string;
  /** status.phase ("Pending", "Running", "Succeeded", "Failed", "Unknown"). */
  readonly phase: string;
  /** metadata.deletionTimestamp is set. */
  readonly deleting?: boolean;
  /** The Ready condition; null/undefined = the pod has none. */
  readonly readyCondition?: ReadyCondition | null;
  /** status.startTime in logical seconds; null/undefined = unset. */
  readonly startTime?: number | null;
  readonly containers?: readonly ContainerRequest[];
  readonly initContainers?: readonly InitContainerRequest[];
  /** spec.resources.requests for the resource (pod-level resources); used when set and no container is targeted. */
  readonly podLevelRequestMilli?: number | null;
}

/** One item of the resource metrics API (metrics.k8s.io PodMetrics) for the resource being scaled on. */
export interface PodMetricsSample {
  readonly pod: string;
  readonly timestamp: number;
  readonly windowSeconds: number;
  /** usageMilli null/undefined = the container's usage has no entry for the resource. */
  readonly containers: readonly { readonly name: string; readonly usageMilli?: number | null }[];
}

/** How groupPods classified the pods. */
export interface PodGroups {
  readonly readyPodCount: number;
  readonly unreadyPods: ReadonlySet<string>;
  readonly missingPods: ReadonlySet<string>;
  readonly ignoredPods: ReadonlySet<string>;
}

/**
 * Classifies pods: deleted or Failed pods are ignored; Pending pods are unready; pods without a metric are
 * missing. For the cpu resource only, a pod is also unready when it has no Ready condition or start time,
 * when it is still inside the cpu initialization period and is not Ready or its sample is not a full window
 * after the readiness transition, or when it is past that period, not Ready and has never been Ready.
 * Follows replica_calculator.go (groupPods).
 */
export function groupPods(
  pods: readonly CalculatorPod[],
  metrics: ReadonlyMap<string, PodMetric>,
  resource: string,
  cpuInitializationPeriodSeconds: number,
  delayOfInitialReadinessStatusSeconds: number,
  now: number,
): PodGroups {
  const missingPods = new Set<string>();
  const unreadyPods = new Set<string>();
  const ignoredPods = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    if (pod.deleting === true || pod.phase === "Failed") {
      ignoredPods.add(pod.name);
      continue;
    }
    // Pending pods are ignored.
    if (pod.phase === "Pending") {
      unreadyPods.add(pod.name);
      continue;
    }
    // Pods missing metrics.
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      missingPods.add(pod.name);
      continue;
    }
    // Unready pods are ignored.
    if (resource === "cpu") {
      let unready: boolean;
      const condition = pod.readyCondition;
      const startTime = pod.startTime;
      if (condition === undefined || condition === null || startTime === undefined || startTime === null) {
        unready = true;
      } else if (startTime + cpuInitializationPeriodSeconds > now) {
        // Pod still within possible initialisation period.
        // Ignore sample if pod is unready or one window of metric wasn't collected since last state transition.
        unready =
          condition.status === "False" || metric.timestamp < condition.lastTransitionTime + metric.windowSeconds;
      } else {
        // Ignore metric if pod is unready and it has never been ready.
        unready =
          condition.status === "False" && startTime + delayOfInitialReadinessStatusSeconds > condition.lastTransitionTime;
      }
      if (unready) {
        unreadyPods.add(pod.name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unreadyPods, missingPods, ignoredPods };
}

/**
 * Each pod's request for the resource, in milli-units: the targeted container's request when `container` is
 * set; otherwise the pod-level request when set (and `podLevelResources` is on), else the sum over containers
 * and restartable init containers. Throws when a counted container has no request or the targeted container
 * does not exist. Follows replica_calculator.go (calculateRequests, calculatePodLevelRequests,
 * calculatePodRequestsFromContainers).
 */
export function calculateRequests(
  pods: readonly CalculatorPod[],
  container: string,
  resource: string,
  podLevelResources = true,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const usePodLevelRequests =
      podLevelResources && pod.podLevelRequestMilli !== undefined && pod.podLevelRequestMilli !== null && container === "";
    const request = usePodLevelRequests
      ? (pod.podLevelRequestMilli as number)
      : calculatePodRequestsFromContainers(pod, container, resource);
    requests.set(pod.name, request);
  }
  return requests;
}

/** Sums container requests; see {@link calculateRequests}. Follows calculatePodRequestsFromContainers. */
function calculatePodRequestsFromContainers(pod: CalculatorPod, container: string, resource: string): number {
  const containers: ContainerRequest[] = [...(pod.containers ?? [])];
  for (const c of pod.initContainers ?? []) {
    if (c.restartPolicyAlways === true) containers.push(c);
  }
  let request = 0;
  for (const c of containers) {
    if (container === "" || container === c.name) {
      if (c.requestMilli === undefined || c.requestMilli === null) {
        throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.name}`);
      }
      request += c.requestMilli;
    }
    // container names are unique inside the pod
    if (container === c.name) return request;
  }
  // If we're looking for a specific container and didn't find it
  if (container !== "") throw new Error(`container ${container} not found in Pod ${pod.name}`);
  return request;
}

/** Deletes the metrics of the given pods (in place). Follows replica_calculator.go (removeMetricsForPods). */
export function removeMetricsForPods(metrics: PodMetricsInfo, pods: ReadonlySet<string>): void {
  for (const pod of pods) metrics.delete(pod);
}

/**
 * Turns resource metrics API items into per-pod values: the targeted container's usage, or the sum over all
 * containers (a pod with no containers, or a container without the resource, gets no value). Throws
 * "no metrics returned from resource metrics API" for an empty list, and
 * "failed to get container metrics: container C not present in metrics for pod NS/P" when a targeted container
 * is absent. Follows rest_metrics_client.go (GetResourceMetric, getContainerMetrics, getPodMetrics).
 */
export function getResourceMetric(
  podMetrics: readonly PodMetricsSample[],
  container: string,
  namespace = "default",
): { metrics: PodMetricsInfo; timestamp: number } {
  if (podMetrics.length === 0) throw new Error("no metrics returned from resource metrics API");
  const res: PodMetricsInfo = new Map();
  for (const m of podMetrics) {
    const sample = (valueMilli: number): PodMetric => ({ valueMilli, timestamp: m.timestamp, windowSeconds: m.windowSeconds });
    if (container !== "") {
      const c = m.containers.find((x) => x.name === container);
      if (c === undefined) {
        throw new Error(`failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${m.pod}`);
      }
      if (c.usageMilli !== undefined && c.usageMilli !== null) res.set(m.pod, sample(c.usageMilli));
    } else {
      let missing = m.containers.length === 0;
      let podSum = 0;
      for (const c of m.containers) {
        if (c.usageMilli === undefined || c.usageMilli === null) {
          missing = true;
          break;
        }
        podSum += c.usageMilli;
      }
      if (!missing) res.set(m.pod, sample(podSum));
    }
  }
  return { metrics: res, timestamp: podMetrics[0]!.timestamp };
}

/** Readiness timing knobs shared by the calculator entry points. */
export interface ReadinessOptions {
  /** Logical now, in seconds. */
  readonly now: number;
  /** Default {@link DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS}. */
  readonly cpuInitializationPeriodSeconds?: number;
  /** Default {@link DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS}. */
  readonly delayOfInitialReadinessStatusSeconds?: number;
}

/** Input of {@link getResourceReplicas}. */
export interface ResourceReplicasInput extends ReadinessOptions {
  readonly currentReplicas: number;
  /** Target average utilization, an integer percentage of the request. */
  readonly targetUtilization: number;
  /** Resource name; default "cpu" (only cpu applies the readiness rules). */
  readonly resource?: string;
  /** Target a single container (ContainerResource metric); null/""/undefined = whole pod. */
  readonly container?: string | null;
  /** Default {@link DEFAULT_TOLERANCE}. */
  readonly tolerance?: ToleranceInput;
  /** The pods the HPA's selector matches. */
  readonly pods: readonly CalculatorPod[];
  /** What the resource metrics API returns for the selector (may include pods not in `pods`). */
  readonly podMetrics: readonly PodMetricsSample[];
  /** Namespace, only used in error messages. Default "default". */
  readonly namespace?: string;
  /** The PodLevelResources feature gate. Default true. */
  readonly podLevelResources?: boolean;
}

/** Result of {@link getResourceReplicas}. */
export interface ResourceReplicasResult {
  readonly replicas: number;
  /** Current utilization, integer percent of request, over the ready pods with metrics. */
  readonly utilization: number;
  /** Average raw usage over those pods, milli-units. */
  readonly rawAverageUsageMilli: number;
  /** Timestamp of the first metrics item. */
  readonly timestamp: number;
}

type Metrics = ReadonlyMap<string, PodMetric>;

/**
 * Desired replicas for a target average utilization of a resource. Ready pods' utilization gives the ratio;
 * within tolerance the current count stays. Missing pods count as max(100, target)% of their request on a
 * scale-down and 0 on a scale-up, unready pods as 0 on a scale-up; if that makes the change small or flips its
 * direction the current count stays. Follows replica_calculator.go (GetResourceReplicas).
 */
export function getResourceReplicas(input: ResourceReplicasInput): ResourceReplicasResult {
  const resource = input.resource ?? "cpu";
  const container = input.container ?? "";
  const tolerances = toTolerances(input.tolerance);
  let fetched: { metrics: PodMetricsInfo; timestamp: number };
  try {
    fetched = getResourceMetric(input.podMetrics, container, input.namespace);
  } catch (e) {
    throw new Error(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  const { metrics, timestamp } = fetched;
  if (input.pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");

  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(
    input.pods,
    metrics,
    resource,
    input.cpuInitializationPeriodSeconds ?? DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
    input.delayOfInitialReadinessStatusSeconds ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
    input.now,
  );
  removeMetricsForPods(metrics, ignoredPods);
  removeMetricsForPods(metrics, unreadyPods);
  if (metrics.size === 0) throw new Error("did not receive metrics for targeted pods (pods might be unready)");

  const requests = calculateRequests(input.pods, container, resource, input.podLevelResources ?? true);
  const { ratio: usageRatio, utilization, rawAverageValueMilli } = getResourceUtilizationRatio(
    metrics,
    requests,
    input.targetUtilization,
  );
  const result = (replicas: number): ResourceReplicasResult => ({
    replicas,
    utilization,
    rawAverageUsageMilli: rawAverageValueMilli,
    timestamp,
  });

  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    // return the current replicas if the change would be too small
    if (isWithinTolerance(tolerances, usageRatio)) return result(input.currentReplicas);
    // if we don't have any unready or missing pods, we can calculate the new replica count now
    return result(Math.ceil(usageRatio * readyPodCount));
  }

  if (missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using 100% (all) of the resource request
      // or the utilization target for targets higher than 100%
      const fallbackUtilization = BigInt(Math.max(100, input.targetUtilization));
      for (const podName of missingPods) {
        const value = Number((BigInt(requests.get(podName) ?? 0) * fallbackUtilization) / 100n);
        metrics.set(podName, { valueMilli: value, timestamp: 0, windowSeconds: 0 });
      }
    } else if (usageRatio > 1.0) {
      // on a scale-up, treat missing pods as using 0% of the resource request
      for (const podName of missingPods) metrics.set(podName, { valueMilli: 0, timestamp: 0, windowSeconds: 0 });
    }
  }
  if (scaleUpWithUnready) {
    // on a scale-up, treat unready pods as using 0% of the resource request
    for (const podName of unreadyPods) metrics.set(podName, { valueMilli: 0, timestamp: 0, windowSeconds: 0 });
  }

  // re-run the utilization calculation with our new numbers
  const newUsageRatio = getResourceUtilizationRatio(metrics, requests, input.targetUtilization).ratio;
  return result(settle(input.currentReplicas, usageRatio, newUsageRatio, metrics, tolerances));
}

/**
 * The final step shared by the resource and plain calculators: keep the current count when the rebalanced
 * ratio is within tolerance or flips direction, or when the new count moves against the ratio.
 */
function settle(
  currentReplicas: number,
  usageRatio: number,
  newUsageRatio: number,
  metrics: Metrics,
  tolerances: Tolerances,
): number {
  if (
    isWithinTolerance(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    // return the current replicas if the change would be too small,
    // or if the new usage ratio would cause a change in scale direction
    return currentReplicas;
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    // return the current replicas if the change of metrics length would cause a change in scale direction
    return currentReplicas;
  }
  // return the result, where the number of replicas considered is
  // however many replicas factored into our calculation
  return newReplicas;
}

/** Result of the plain (average value) calculators. */
export interface PlainMetricReplicasResult {
  readonly replicas: number;
  /** Average value per ready pod with a metric, milli-units. */
  readonly usageMilli: number;
}

/**
 * Desired replicas for a target average value over per-pod metrics. Like {@link getResourceReplicas}, but the
 * ratio is average value / target, and missing pods count as exactly the target on a scale-down.
 * `resource` is "" for custom metrics (no readiness rules) or the resource name for resource AverageValue targets.
 * Follows replica_calculator.go (calcPlainMetricReplicas).
 */
export function calcPlainMetricReplicas(
  metrics: PodMetricsInfo,
  currentReplicas: number,
  targetUsageMilli: number,
  tolerances: Tolerances,
  pods: readonly CalculatorPod[],
  resource: string,
  readiness: ReadinessOptions,
): PlainMetricReplicasResult {
  if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(
    pods,
    metrics,
    resource,
    readiness.cpuInitializationPeriodSeconds ?? DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
    readiness.delayOfInitialReadinessStatusSeconds ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
    readiness.now,
  );
  removeMetricsForPods(metrics, ignoredPods);
  removeMetricsForPods(metrics, unreadyPods);
  if (metrics.size === 0) throw new Error("did not receive metrics for targeted pods (pods might be unready)");

  const { ratio: usageRatio, usageMilli } = getMetricUsageRatio(metrics, targetUsageMilli);
  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicas: currentReplicas, usageMilli };
    return { replicas: Math.ceil(usageRatio * readyPodCount), usageMilli };
  }
  if (missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using exactly the target amount
      for (const podName of missingPods) metrics.set(podName, { valueMilli: targetUsageMilli, timestamp: 0, windowSeconds: 0 });
    } else if (usageRatio > 1.0) {
      // on a scale-up, treat missing pods as using 0% of the resource request
      for (const podName of missingPods) metrics.set(podName, { valueMilli: 0, timestamp: 0, windowSeconds: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const podName of unreadyPods) metrics.set(podName, { valueMilli: 0, timestamp: 0, windowSeconds: 0 });
  }
  // re-run the usage calculation with our new numbers
  const newUsageRatio = getMetricUsageRatio(metrics, targetUsageMilli).ratio;
  return { replicas: settle(currentReplicas, usageRatio, newUsageRatio, metrics, tolerances), usageMilli };
}

/** One pod's value of a custom (pods) metric. */
export interface PodMetricValue {
  readonly pod: string;
  readonly valueMilli: number;
  /** Default: `now`. */
  readonly timestamp?: number;
  /** Default 60. */
  readonly windowSeconds?: number;
}

/** Input of {@link getMetricReplicas}. */
export interface MetricReplicasInput extends Partial<ReadinessOptions> {
  readonly currentReplicas: number;
  /** Target average value per pod, milli-units. */
  readonly targetAverageValueMilli: number;
  /** Metric name, only used in error messages. Default "metric". */
  readonly metricName?: string;
  readonly tolerance?: ToleranceInput;
  readonly pods: readonly CalculatorPod[];
  /** What the custom metrics API returns for the selector. */
  readonly metrics: readonly PodMetricValue[];
}

/**
 * Desired replicas for a Pods metric with an AverageValue target. Throws
 * "unable to get metric M: no metrics returned from custom metrics API" when there are no values.
 * Follows replica_calculator.go (GetMetricReplicas → calcPlainMetricReplicas with no resource).
 */
export function getMetricReplicas(input: MetricReplicasInput): PlainMetricReplicasResult {
  const now = input.now ?? 0;
  if (input.metrics.length === 0) {
    throw new Error(`unable to get metric ${input.metricName ?? "metric"}: no metrics returned from custom metrics API`);
  }
  const metrics: PodMetricsInfo = new Map(
    input.metrics.map((m) => [m.pod, { valueMilli: m.valueMilli, timestamp: m.timestamp ?? now, windowSeconds: m.windowSeconds ?? 60 }]),
  );
  return calcPlainMetricReplicas(metrics, input.currentReplicas, input.targetAverageValueMilli, toTolerances(input.tolerance), input.pods, "", {
    ...input,
    now,
  });
}

/** Input of {@link getRawResourceReplicas}: like {@link ResourceReplicasInput} with an average value target. */
export interface RawResourceReplicasInput extends Omit<ResourceReplicasInput, "targetUtilization" | "podLevelResources"> {
  /** Target average usage per pod, milli-units. */
  readonly targetAverageValueMilli: number;
}

/**
 * Desired replicas for a resource metric with an AverageValue target (raw milli-units, not a percentage).
 * Follows replica_calculator.go (GetRawResourceReplicas).
 */
export function getRawResourceReplicas(input: RawResourceReplicasInput): PlainMetricReplicasResult & { timestamp: number } {
  const resource = input.resource ?? "cpu";
  let fetched: { metrics: PodMetricsInfo; timestamp: number };
  try {
    fetched = getResourceMetric(input.podMetrics, input.container ?? "", input.namespace);
  } catch (e) {
    throw new Error(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  const r = calcPlainMetricReplicas(
    fetched.metrics,
    input.currentReplicas,
    input.targetAverageValueMilli,
    toTolerances(input.tolerance),
    input.pods,
    resource,
    input,
  );
  return { ...r, timestamp: fetched.timestamp };
}

/** A pod as {@link hpaReplicas} takes it. */
export interface SimpleHpaPod {
  readonly name: string;
  readonly phase: string;
  /** false = unready for cpu purposes (not Ready, never been Ready). */
  readonly ready: boolean;
  readonly deleting?: boolean;
  /** The pod's cpu request (sum over containers); null = no request. */
  readonly requestMilli: number | null;
  /** The pod's cpu usage; null = no metric. */
  readonly usageMilli: number | null;
}

/** Input of {@link hpaReplicas}. */
export interface HpaReplicasInput {
  readonly currentReplicas: number;
  readonly targetUtilization: number;
  readonly tolerance?: ToleranceInput;
  readonly pods: readonly SimpleHpaPod[];
  /** Metrics the API returns for pods that are not in `pods` (they count for nothing). */
  readonly extraMetrics?: readonly { readonly pod: string; readonly usageMilli: number }[];
}

/** Result of {@link hpaReplicas}. */
export interface HpaReplicasResult {
  readonly replicas: number;
  /** Integer percent of request. */
  readonly utilization: number;
  readonly rawAverageUsageMilli?: number;
}

/** Logical "now" used by {@link hpaReplicas}: far past any pod's cpu initialization period. */
const SIMPLE_NOW = 1_000_000;

/**
 * The replica calculator for a cpu utilization target over simplified pods: long-running pods whose
 * readiness is `ready` (a not-ready pod has never been Ready) and whose metric, if any, is fresh.
 * Throws as Go does, e.g. "no metrics returned matched known pods" when no metric belongs to a listed pod.
 * Derived from {@link getResourceReplicas} (replica_calculator.go GetResourceReplicas).
 */
export function hpaReplicas(input: HpaReplicasInput): HpaReplicasResult {
  const pods: CalculatorPod[] = input.pods.map((p) => ({
    name: p.name,
    phase: p.phase,
    deleting: p.deleting === true,
    readyCondition: { status: p.ready ? "True" : "False", lastTransitionTime: 0 },
    startTime: 0,
    containers: [{ name: "main", requestMilli: p.requestMilli }],
  }));
  const sample = (pod: string, usageMilli: number): PodMetricsSample => ({
    pod,
    timestamp: SIMPLE_NOW,
    windowSeconds: 60,
    containers: [{ name: "main", usageMilli }],
  });
  const podMetrics: PodMetricsSample[] = [
    ...input.pods.filter((p) => p.usageMilli !== null).map((p) => sample(p.name, p.usageMilli as number)),
    ...(input.extraMetrics ?? []).map((m) => sample(m.pod, m.usageMilli)),
  ];
  const r = getResourceReplicas({
    currentReplicas: input.currentReplicas,
    targetUtilization: input.targetUtilization,
    tolerance: input.tolerance,
    pods,
    podMetrics,
    now: SIMPLE_NOW,
  });
  return { replicas: r.replicas, utilization: r.utilization, rawAverageUsageMilli: r.rawAverageUsageMilli };
}
