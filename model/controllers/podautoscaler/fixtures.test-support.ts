/**
 * Test support: typed views of test/fixtures/fidelity/hpa.json (transcribed from Kubernetes'
 * replica_calculator_test.go and horizontal_test.go) and their translation into this model's inputs.
 * Only the tests import this file (*.test-support.ts: left out of mutation testing).
 */
import cases from "../../../test/fixtures/fidelity/hpa.json" with { type: "json" };
import type { CalculatorPod, PodMetricsSample } from "./replica-calculator.ts";
import type { ResolvedScalingRules, TimestampedScaleEvent } from "./behavior.ts";

/** Logical "now" of the fixtures. Go's zero time ("unset") maps to 0, far in the past. */
export const NOW = 1_000_000;
/** cpuInitializationPeriod in the Go tests (2 min). */
export const TEST_CPU_INIT_SECONDS = 120;
/** delayOfInitialReadinessStatus in the Go tests (10 s). */
export const TEST_READINESS_DELAY_SECONDS = 10;
/** The metrics window of the fake metrics clients (1 min). */
export const TEST_WINDOW_SECONDS = 60;
/** horizontal_test.go's init() sets scaleUpLimitFactor = 8. */
export const TEST_BINARY_SCALE_UP_LIMIT_FACTOR = 8;

export type StartTime = "hot" | "cool" | "unset";

/** "hot" = now, "cool" = now − 3 min, "unset" = Go's zero time. */
export function startSeconds(s: StartTime | string | null | undefined): number {
  if (s === "hot") return NOW;
  if (s === "cool") return NOW - 180;
  return 0;
}

export interface FixturePod {
  name: string;
  phase: string;
  ready: boolean;
  startTime: StartTime;
  deleting: boolean;
  containerRequestsMilli: Record<string, number> | null;
  podRequestMilli: number | null;
  podUsageMilli: number | null;
  reportedLevelMilli?: number | null;
}

export interface ResourceUtilizationCase {
  kind: "resource-utilization";
  source: string;
  currentReplicas: number;
  targetUtilization: number;
  tolerance: number;
  cpuInitializationPeriodSeconds: number;
  delayOfInitialReadinessStatusSeconds: number;
  container: string | null;
  pods: FixturePod[];
  podMetrics: { pod: string; containerUsageMilli: Record<string, number> }[];
  expectedReplicas?: number;
  expectedUtilization?: number;
  expectedRawAverageUsageMilli?: number;
  expectedError?: string;
}

export interface PodsMetricCase {
  kind: "pods-metric-average-value";
  source: string;
  metric: string;
  currentReplicas: number;
  targetAverageValueMilli: number;
  tolerance: number;
  podMetricValuesMilli: number[];
  podReadiness: boolean[] | null;
  podStartTime: StartTime[] | null;
  podPhase: string[] | null;
  expectedReplicas?: number;
  expectedAverageUsageMilli?: number;
  expectedError?: string;
}

export interface ControllerCpuCase {
  kind: "controller-cpu";
  source: string;
  minReplicas: number | null;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  targetUtilization: number;
  tolerance: number;
  pods?: FixturePod[];
  recommendationHistory: "empty" | null;
  expectedDesiredReplicas: number;
  expectedCPUUtilization?: number;
  expectedConditions?: Record<string, string>;
}

export interface NormalizeRulesCase {
  kind: "normalize-rules";
  source: string;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  expectedReplicas: number | string;
  expectedReplicasProduction?: number;
  expectedReplicasInTestBinary?: number;
  expectedCondition: string;
}

export interface FixtureRules {
  selectPolicy: "Max" | "Min" | "Disabled";
  stabilizationWindowSeconds: number | null;
  policies: { type: "Pods" | "Percent"; value: number; periodSeconds: number }[];
}

export interface FixtureEvents {
  replicaChanges: number[];
  spreadUniformlyOverLastSeconds: number;
}

export interface NormalizeBehaviorCase {
  kind: "normalize-behavior";
  source: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  scaleUp: FixtureRules;
  scaleDown: FixtureRules;
  scaleUpEvents?: FixtureEvents;
  scaleDownEvents?: FixtureEvents;
  expectedReplicas: number;
  expectedCondition: string;
}

export interface StabilizeCase {
  kind: "stabilize";
  source: string;
  downscaleStabilizationWindowSeconds: number;
  recommendations: { replicas: number; ageSeconds: number }[];
  desiredReplicas: number;
  expectedReplicas: number;
  expectedHistoryLength: number;
}

export interface ScaleLimitCase {
  kind: "scale-limit";
  source: string;
  function: string;
  expected: number;
}

/** All cases of hpa.json with their index in the file. */
export const HPA_CASES: { index: number; c: { kind: string; source: string } }[] = (
  cases as unknown as { kind: string; source: string }[]
).map((c, index) => ({ index, c }));

/** The cases of one kind, with their file index. */
export function casesOf<T>(kind: string): { index: number; c: T }[] {
  return HPA_CASES.filter((x) => x.c.kind === kind).map((x) => ({ index: x.index, c: x.c as unknown as T }));
}

/** A stable test name: kind, file index and Go test. */
export function caseName(kind: string, index: number, source: string): string {
  return `${kind} #${index} ${source.split("#")[1] ?? source}`;
}

/** Two containers per pod, as the Go tests build them; null requests = containers without a cpu request. */
function containersOf(p: FixturePod): CalculatorPod["containers"] {
  const req = p.containerRequestsMilli;
  if (req === null) return [{ name: "container1" }, { name: "container2" }];
  return Object.entries(req).map(([name, requestMilli]) => ({ name, requestMilli }));
}

/**
 * A fixture pod as the calculator sees it. replica_calculator_test.go leaves the readiness transition at the
 * zero time; horizontal_test.go sets it to the pod's start time (`controllerStyle`).
 */
export function toCalculatorPod(p: FixturePod, controllerStyle: boolean): CalculatorPod {
  const start = startSeconds(p.startTime);
  return {
    name: p.name,
    phase: p.phase,
    deleting: p.deleting,
    readyCondition: { status: p.ready ? "True" : "False", lastTransitionTime: controllerStyle ? start : 0 },
    startTime: start,
    containers: containersOf(p),
  };
}

/** replica_calculator_test.go's metrics: zero timestamps, 1-minute window, usage per container. */
export function toCalculatorMetrics(rows: ResourceUtilizationCase["podMetrics"]): PodMetricsSample[] {
  return rows.map((m) => ({
    pod: m.pod,
    timestamp: 0,
    windowSeconds: TEST_WINDOW_SECONDS,
    containers: Object.entries(m.containerUsageMilli).map(([name, usageMilli]) => ({ name, usageMilli })),
  }));
}

/** horizontal_test.go's metrics: stamped now, 1-minute window, level/2 (integer division) on each of 2 containers. */
export function toControllerMetrics(pods: readonly FixturePod[]): PodMetricsSample[] {
  return pods
    .filter((p) => p.reportedLevelMilli !== undefined && p.reportedLevelMilli !== null)
    .map((p) => {
      const half = Math.trunc((p.reportedLevelMilli as number) / 2);
      return {
        pod: p.name,
        timestamp: NOW,
        windowSeconds: TEST_WINDOW_SECONDS,
        containers: [
          { name: "container1", usageMilli: half },
          { name: "container2", usageMilli: half },
        ],
      };
    });
}

/** Fixture rules as resolved (already defaulted) scaling rules. */
export function toRules(r: FixtureRules): ResolvedScalingRules {
  return { selectPolicy: r.selectPolicy, stabilizationWindowSeconds: r.stabilizationWindowSeconds, policies: r.policies };
}

/** The Go helper's events: event k of n at now − (P − (P/n)(k+1) + (P/n)/2). */
export function toEvents(e: FixtureEvents | undefined): TimestampedScaleEvent[] {
  if (e === undefined) return [];
  const n = e.replicaChanges.length;
  const seg = e.spreadUniformlyOverLastSeconds / n;
  return e.replicaChanges.map((replicaChange, k) => ({
    replicaChange,
    timestamp: NOW - (e.spreadUniformlyOverLastSeconds - seg * (k + 1) + seg / 2),
  }));
}
