import { describe, expect, it } from "vitest";
import {
  caseName,
  casesOf,
  NOW,
  TEST_BINARY_SCALE_UP_LIMIT_FACTOR,
  TEST_CPU_INIT_SECONDS,
  TEST_READINESS_DELAY_SECONDS,
  toCalculatorPod,
  toControllerMetrics,
  type ControllerCpuCase,
} from "./fixtures.test-support.ts";
import { reconcileDecision, type ReconcileInput } from "./reconcile.ts";
import type { CalculatorPod, PodMetricsSample } from "./replica-calculator.ts";

function controllerInput(c: ControllerCpuCase): ReconcileInput {
  const pods = c.pods ?? [];
  return {
    specReplicas: c.specReplicas,
    minReplicas: c.minReplicas,
    maxReplicas: c.maxReplicas,
    metrics: [{ type: "Resource", name: "cpu", target: { averageUtilization: c.targetUtilization }, podMetrics: toControllerMetrics(pods) }],
    pods: pods.map((p) => toCalculatorPod(p, true)),
    recommendations: c.recommendationHistory === "empty" ? [] : null,
    now: NOW,
    tolerance: c.tolerance,
    cpuInitializationPeriodSeconds: TEST_CPU_INIT_SECONDS,
    delayOfInitialReadinessStatusSeconds: TEST_READINESS_DELAY_SECONDS,
    scaleUpLimitFactor: TEST_BINARY_SCALE_UP_LIMIT_FACTOR,
  };
}

describe("fidelity: reconcileAutoscaler with a cpu utilization metric (horizontal_test.go)", () => {
  for (const { index, c } of casesOf<ControllerCpuCase>("controller-cpu")) {
    it(caseName(c.kind, index, c.source), () => {
      const d = reconcileDecision(controllerInput(c));
      expect(d.desiredReplicas).toBe(c.expectedDesiredReplicas);
      if (c.expectedCPUUtilization !== undefined) expect(d.cpuUtilization).toBe(c.expectedCPUUtilization);
      if (c.expectedConditions !== undefined) expect(d.conditionSummary).toEqual(c.expectedConditions);
    });
  }
});

describe("reconcile decision details", () => {
  const pod = (name: string): CalculatorPod => ({
    name,
    phase: "Running",
    readyCondition: { status: "True", lastTransitionTime: 0 },
    startTime: 0,
    containers: [{ name: "c", requestMilli: 1000 }],
  });
  const sample = (p: string, usageMilli: number): PodMetricsSample => ({
    pod: p,
    timestamp: NOW,
    windowSeconds: 60,
    containers: [{ name: "c", usageMilli }],
  });
  const pods = [pod("a"), pod("b")];
  const base: ReconcileInput = {
    specReplicas: 2,
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: "Resource", name: "cpu", target: { averageUtilization: 50 }, podMetrics: [sample("a", 1000), sample("b", 1000)] }],
    pods,
    recommendations: [],
    now: NOW,
  };

  it("scale-up records the recommendation and the new size", () => {
    const d = reconcileDecision(base);
    expect(d).toMatchObject({ desiredReplicas: 4, rescale: true, metricDesiredReplicas: 4, cpuUtilization: 100, lastScaleTime: NOW });
    expect(d.rescaleReason).toBe("cpu resource utilization (percentage of request) above target");
    expect(d.recommendations).toEqual([{ recommendation: 4, timestamp: NOW }]);
    expect(d.conditions.map((x) => x.type)).toEqual(["AbleToScale", "ScalingActive", "ScalingLimited"]);
    expect(d.scaleUpEvents).toEqual([]); // no behavior: events are not stored
  });

  it("zero replicas disables scaling unless minReplicas is 0", () => {
    const d = reconcileDecision({ ...base, specReplicas: 0 });
    expect(d).toMatchObject({ desiredReplicas: 0, rescale: false });
    expect(d.conditionSummary).toEqual({ AbleToScale: "True/SucceededGetScale", ScalingActive: "False/ScalingDisabled" });
  });

  it("above maxReplicas goes to max without metrics", () => {
    const d = reconcileDecision({ ...base, specReplicas: 12, metrics: [] });
    expect(d).toMatchObject({ desiredReplicas: 10, rescale: true, rescaleReason: "Current number of replicas above Spec.MaxReplicas" });
    expect(d.conditionSummary).toEqual({ AbleToScale: "True/SucceededRescale" });
  });

  it("a failing metric sets ScalingActive False and does not scale", () => {
    const d = reconcileDecision({ ...base, metrics: [{ ...base.metrics[0]!, podMetrics: [] } as ReconcileInput["metrics"][number]] });
    expect(d.rescale).toBe(false);
    expect(d.conditionSummary.ScalingActive).toBe("False/FailedGetResourceMetric");
    expect(d.error).toBe(
      "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API",
    );
  });

  it("with one valid metric among failures the controller still scales up", () => {
    const d = reconcileDecision({
      ...base,
      metrics: [...base.metrics, { type: "Pods", metricName: "qps", targetAverageValueMilli: 10, values: [] }],
    });
    expect(d).toMatchObject({ desiredReplicas: 4, rescale: true });
    expect(d.error).toContain("invalid metrics (1 invalid out of 2)");
    expect(d.conditionSummary.ScalingActive).toBe("True/ValidMetricFound");
  });

  it("the highest metric proposal wins, then the production scale-up limit max(2 × current, 4) applies", () => {
    const d = reconcileDecision({
      ...base,
      metrics: [
        ...base.metrics,
        { type: "Pods", metricName: "qps", targetAverageValueMilli: 1000, values: [{ pod: "a", valueMilli: 3000 }, { pod: "b", valueMilli: 3000 }] },
      ],
    });
    expect(d).toMatchObject({ metricDesiredReplicas: 6, metricName: "pods metric qps", desiredReplicas: 4 });
    expect(d.conditionSummary.ScalingLimited).toBe("True/ScaleUpLimit");
  });

  it("with behavior: default scale-up rate and stored scale events", () => {
    const d = reconcileDecision({
      ...base,
      behavior: {},
      metrics: [{ type: "Resource", name: "cpu", target: { averageUtilization: 10 }, podMetrics: [sample("a", 1000), sample("b", 1000)] }],
    });
    expect(d.metricDesiredReplicas).toBe(20);
    expect(d.desiredReplicas).toBe(6); // max(2 + 4, 2 × 200%)
    expect(d.conditionSummary.ScalingLimited).toBe("True/ScaleUpLimit");
    expect(d.scaleUpEvents).toEqual([{ replicaChange: 4, timestamp: NOW, outdated: false }]);
  });

  it("with behavior: per-direction tolerance", () => {
    const metrics: ReconcileInput["metrics"] = [
      { type: "Resource", name: "cpu", target: { averageUtilization: 100 }, podMetrics: [sample("a", 1050), sample("b", 1050)] },
    ];
    expect(reconcileDecision({ ...base, metrics }).desiredReplicas).toBe(2);
    expect(reconcileDecision({ ...base, metrics, behavior: { scaleUp: { tolerance: 0.01 } } }).desiredReplicas).toBe(3);
    expect(
      reconcileDecision({ ...base, metrics, behavior: { scaleUp: { tolerance: 0.01 } }, configurableTolerance: false }).desiredReplicas,
    ).toBe(2);
  });
});
