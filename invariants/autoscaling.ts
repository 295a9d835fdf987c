/**
 * An HPA scales up only as far as its ready pods' cpu justifies (kubernetes#72775: during a rollout the HPA
 * counted the new, still unready pods — and their start-up cpu — and added pods under no load).
 *
 * The bound is what pkg/controller/podautoscaler/replica_calculator.go (GetResourceReplicas, groupPods) can
 * propose for a cpu utilization target, recomputed here independently from the pods the controller saw (its pod
 * cache: a lagging cache is a legitimate input, Kubernetes' lister lags too) and the metrics served now:
 * - pods being deleted or Failed are ignored; Pending ones are unready; ones without a sample are missing;
 * - a Running pod is unready while it has no Ready condition or start time; inside the cpu initialization period
 *   (300 s from its start) while Ready is False or its sample's window (15 s) began before it became Ready; after
 *   the period, only while Ready is False and it has never been Ready (its last transition within 30 s of start);
 * - with R the ready pods with samples, U the unready and M the missing ones, a scale-up asks for at most
 *   max(ceil(u(R)/t · |R|), ceil(u'(R ∪ U ∪ M)/t · |R ∪ U ∪ M|)), u the utilization floor(100·Σusage/Σrequest)
 *   over the ready pods' usage (u' with the unready and missing pods counted at 0), t the target — the plain
 *   and the rebalanced proposals of GetResourceReplicas, in Go's float arithmetic. Tolerance only ever keeps the
 *   current count, so it is not needed for an upper bound. With no ready pod with a sample, nothing justifies a
 *   metric scale-up (the calculator fails: "did not receive metrics for targeted pods").
 *
 * Checked at each "SuccessfulRescale ... above target" event (a scale-up for a metric: horizontal.go
 * reconcileAutoscaler sets that reason when the metrics propose more than the current count), for HPAs with one
 * cpu Utilization metric on containers with cpu requests and with spec.behavior set. Without spec.behavior,
 * Kubernetes' legacy normalization (normalizeDesiredReplicas, stabilizeRecommendation) takes the largest
 * recommendation of the last 5 minutes even when scaling up, so a scale-up may rightly exceed what the pods ask
 * for now; with a behavior (stabilizeRecommendationWithBehaviors) a scale-up takes the smallest recommendation
 * of its window, and the rate limits only lower it, so the new size never exceeds the current proposal — or
 * minReplicas.
 */
import type { Invariant, Violation } from "./types.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { labelsOf } from "../model/objects/types.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { cacheGet, cacheList } from "../model/informers/cache.ts";
import { fromTimestamp } from "../model/clock.ts";
import { labelSelectorAsSelectorCached } from "../model/labels/index.ts";
import { parseQuantity } from "../model/quantity/index.ts";
import { METRICS_WINDOW_SECONDS, podMetrics } from "../model/world/metrics.ts";
import { eventsSince } from "./objects.ts";

/** kube-controller-manager's defaults (--horizontal-pod-autoscaler-cpu-initialization-period, -initial-readiness-delay). */
const CPU_INITIALIZATION_PERIOD = 300;
const DELAY_OF_INITIAL_READINESS_STATUS = 30;

const HPA_RESOURCE = "horizontalpodautoscalers.autoscaling";

/** What the bound reads from one pod. */
export interface JustificationPod {
  readonly name: string;
  readonly phase: string;
  readonly deleting: boolean;
  /** The Ready condition: status and last transition (logical seconds); undefined = none. */
  readonly ready?: { readonly status: string; readonly since: number };
  /** status.startTime (logical seconds); undefined = unset. */
  readonly startTime?: number;
  /** Σ of the containers' cpu requests (milli); undefined = some container has none. */
  readonly requestMilli?: number;
  /** The metrics server's cpu usage (milli); undefined = no sample. */
  readonly usageMilli?: number;
}

/** groupPods' verdict on a Running pod with a sample, for cpu (the sample is taken at `now`). */
function unreadyForCpu(p: JustificationPod, now: number): boolean {
  if (p.ready === undefined || p.startTime === undefined) return true;
  if (p.startTime + CPU_INITIALIZATION_PERIOD > now) return p.ready.status === "False" || now < p.ready.since + METRICS_WINDOW_SECONDS;
  return p.ready.status === "False" && p.startTime + DELAY_OF_INITIAL_READINESS_STATUS > p.ready.since;
}

/** Go's int64 division of non-negative integers (exact, unlike flooring a float quotient). */
const intDiv = (x: number, y: number): number => (x - (x % y)) / y;

/**
 * The most replicas a cpu utilization target of `targetUtilization`% lets GetResourceReplicas propose for these
 * pods at `now`; undefined when the calculator cannot run at all for a reason other than a lack of ready pods
 * (a pod without a cpu request, requests summing to 0), where no metric scale-up can happen either.
 */
export function justifiedReplicas(pods: readonly JustificationPod[], targetUtilization: number, now: number): number | undefined {
  if (pods.some((p) => p.requestMilli === undefined)) return undefined;
  let readyCount = 0;
  let readyUsage = 0;
  let readyRequests = 0;
  let otherCount = 0;
  let otherRequests = 0;
  for (const p of pods) {
    if (p.deleting || p.phase === "Failed") continue;
    const ready = p.phase !== "Pending" && p.usageMilli !== undefined && !unreadyForCpu(p, now);
    if (ready) {
      readyCount++;
      readyUsage += p.usageMilli!;
      readyRequests += p.requestMilli!;
    } else {
      otherCount++;
      otherRequests += p.requestMilli!;
    }
  }
  if (readyCount === 0) return 0;
  if (readyRequests === 0) return undefined;
  const plain = Math.ceil((intDiv(readyUsage * 100, readyRequests) / targetUtilization) * readyCount);
  const rebalanced = Math.ceil((intDiv(readyUsage * 100, readyRequests + otherRequests) / targetUtilization) * (readyCount + otherCount));
  return Math.max(plain, rebalanced);
}

function milli(q: unknown): number | undefined {
  if (typeof q !== "string" && typeof q !== "number") return undefined;
  try {
    return Number(parseQuantity(String(q)).milliValue());
  } catch {
    return undefined;
  }
}

/** A cached pod with its sample, as the bound reads it; undefined when it has what the bound does not model. */
function podView(state: State, pod: KObject): JustificationPod | undefined {
  // Restartable init containers and pod-level resources change the request; the scope's pods have neither.
  if ((pod.spec?.initContainers ?? []).length > 0 || pod.spec?.resources?.requests?.cpu !== undefined) return undefined;
  let request: number | undefined = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = milli(c.resources?.requests?.cpu);
    request = r === undefined || request === undefined ? undefined : request + r;
  }
  const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === "Ready");
  const usage = podMetrics(state, pod.metadata.namespace!, pod.metadata.name!)?.cpuMilli;
  return {
    name: pod.metadata.name!,
    phase: typeof pod.status?.phase === "string" ? pod.status.phase : "Pending",
    deleting: pod.metadata.deletionTimestamp !== undefined,
    ...(cond ? { ready: { status: cond.status, since: typeof cond.lastTransitionTime === "string" ? fromTimestamp(cond.lastTransitionTime) : Number.NEGATIVE_INFINITY } } : {}),
    ...(typeof pod.status?.startTime === "string" ? { startTime: fromTimestamp(pod.status.startTime) } : {}),
    ...(request !== undefined ? { requestMilli: request } : {}),
    ...(usage !== undefined ? { usageMilli: usage } : {}),
  };
}

/** The cpu Utilization target of an HPA whose only metric is one, else undefined. */
function cpuTarget(hpa: KObject): number | undefined {
  const metrics = hpa.spec?.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) return 80; // the API default: cpu at 80%
  if (metrics.length !== 1) return undefined;
  const m = metrics[0];
  if (m?.type !== "Resource" || m.resource?.name !== "cpu" || m.resource?.target?.type !== "Utilization") return undefined;
  return typeof m.resource.target.averageUtilization === "number" ? m.resource.target.averageUtilization : undefined;
}

const RESCALE = /^New size: (\d+); reason: .* above target$/;

/** The bound for one HPA as controller `componentId` saw it; undefined when the invariant does not apply. */
function boundFor(state: State, componentId: string, namespace: string, name: string): { bound: number; min: number; justified: number } | undefined {
  const c = btreeGet(state.components, componentId);
  if (!c) return undefined;
  const hpa = cacheGet(c, HPA_RESOURCE, `${namespace}/${name}`);
  if (!hpa || hpa.spec?.behavior === undefined || hpa.spec?.behavior === null) return undefined;
  const target = cpuTarget(hpa);
  const ref = hpa.spec?.scaleTargetRef;
  if (target === undefined || ref?.kind !== "Deployment") return undefined;
  const d = cacheGet(c, "deployments.apps", `${namespace}/${ref.name}`);
  if (!d?.spec?.selector) return undefined;
  let selector;
  try {
    selector = labelSelectorAsSelectorCached(d.spec.selector);
  } catch {
    return undefined;
  }
  const views: JustificationPod[] = [];
  for (const p of cacheList(c, "pods", namespace)) {
    if (!selector.matches(labelsOf(p) as Record<string, string>)) continue;
    const v = podView(state, p);
    if (!v) return undefined;
    views.push(v);
  }
  const justified = justifiedReplicas(views, target, state.clock.now);
  if (justified === undefined) return undefined;
  const min = typeof hpa.spec?.minReplicas === "number" ? hpa.spec.minReplicas : 1;
  return { bound: Math.max(min, justified), min, justified };
}

export const hpaScaleUpJustified: Invariant = {
  id: "hpa-scale-up-justified",
  description: "an HPA (with spec.behavior, one cpu utilization metric) scales up at most to what its ready pods' cpu justifies",
  kind: "safety",
  source: "pkg/controller/podautoscaler/replica_calculator.go (GetResourceReplicas, groupPods); kubernetes#72775",
  check(state, prev) {
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || !ev.kv.key.startsWith("/registry/events/")) continue;
      const e = ev.kv.value as any;
      if (e.reason !== "SuccessfulRescale" || e.involvedObject?.kind !== "HorizontalPodAutoscaler") continue;
      const m = RESCALE.exec(e.message ?? "");
      if (!m) continue;
      const size = Number(m[1]);
      const ns: string = e.involvedObject.namespace ?? "default";
      const b = boundFor(state, e.source?.component ?? "", ns, e.involvedObject.name);
      if (b && size > b.bound) {
        out.push({
          invariant: this.id,
          objects: [`HorizontalPodAutoscaler ${ns}/${e.involvedObject.name}`],
          message: `HorizontalPodAutoscaler ${ns}/${e.involvedObject.name} scaled up to ${size} replicas; its ready pods' cpu justifies ${b.justified} (minReplicas ${b.min})`,
        });
      }
    }
    return out;
  },
};
