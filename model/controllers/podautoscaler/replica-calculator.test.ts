import { describe, expect, it } from "vitest";
import {
  caseName,
  casesOf,
  NOW,
  toCalculatorMetrics,
  toCalculatorPod,
  type PodsMetricCase,
  type ResourceUtilizationCase,
} from "./fixtures.test-support.ts";
import {
  getMetricReplicas,
  getResourceReplicas,
  groupPods,
  hpaReplicas,
  type CalculatorPod,
  type SimpleHpaPod,
} from "./replica-calculator.ts";
import { getMetricUsageRatio, getResourceUtilizationRatio } from "./utilization.ts";

/** replica_calculator_test.go's namespace (appears in error messages). */
const TEST_NAMESPACE = "test-namespace";

const resourceCases = casesOf<ResourceUtilizationCase>("resource-utilization");
const podsMetricCases = casesOf<PodsMetricCase>("pods-metric-average-value");

function runResource(c: ResourceUtilizationCase) {
  return () =>
    getResourceReplicas({
      currentReplicas: c.currentReplicas,
      targetUtilization: c.targetUtilization,
      tolerance: c.tolerance,
      resource: "cpu",
      container: c.container,
      pods: c.pods.map((p) => toCalculatorPod(p, false)),
      podMetrics: toCalculatorMetrics(c.podMetrics),
      now: NOW,
      cpuInitializationPeriodSeconds: c.cpuInitializationPeriodSeconds,
      delayOfInitialReadinessStatusSeconds: c.delayOfInitialReadinessStatusSeconds,
      namespace: TEST_NAMESPACE,
    });
}

/** The same case through hpaReplicas (whole-pod cpu): "hot" pods are unready for cpu. */
function runSimple(c: ResourceUtilizationCase) {
  const names = new Set(c.pods.map((p) => p.name));
  const usageOf = (u: Record<string, number>): number => Object.values(u).reduce((a, b) => a + b, 0);
  const pods: SimpleHpaPod[] = c.pods.map((p) => ({
    name: p.name,
    phase: p.phase,
    ready: p.ready && p.startTime !== "hot",
    deleting: p.deleting,
    requestMilli: p.podRequestMilli,
    usageMilli: p.podUsageMilli,
  }));
  const extraMetrics = c.podMetrics
    .filter((m) => !names.has(m.pod))
    .map((m) => ({ pod: m.pod, usageMilli: usageOf(m.containerUsageMilli) }));
  return () =>
    hpaReplicas({ currentReplicas: c.currentReplicas, targetUtilization: c.targetUtilization, tolerance: c.tolerance, pods, extraMetrics });
}

describe("fidelity: GetResourceReplicas (replica_calculator_test.go)", () => {
  for (const { index, c } of resourceCases) {
    it(caseName(c.kind, index, c.source), () => {
      if (c.expectedError !== undefined) {
        expect(runResource(c)).toThrow(c.expectedError);
        return;
      }
      const r = runResource(c)();
      expect(r.replicas).toBe(c.expectedReplicas);
      expect(r.utilization).toBe(c.expectedUtilization);
      expect(r.rawAverageUsageMilli).toBe(c.expectedRawAverageUsageMilli);
    });
  }
});

describe("fidelity: hpaReplicas over the whole-pod (container: null) cases", () => {
  for (const { index, c } of resourceCases.filter((x) => x.c.container === null)) {
    it(caseName(c.kind, index, c.source), () => {
      if (c.expectedError !== undefined) {
        expect(runSimple(c)).toThrow(c.expectedError);
        return;
      }
      const r = runSimple(c)();
      expect(r).toEqual({
        replicas: c.expectedReplicas,
        utilization: c.expectedUtilization,
        rawAverageUsageMilli: c.expectedRawAverageUsageMilli,
      });
    });
  }
});

describe("fidelity: GetMetricReplicas (replica_calculator_test.go)", () => {
  for (const { index, c } of podsMetricCases) {
    it(caseName(c.kind, index, c.source), () => {
      const count = c.podPhase?.length ?? c.podMetricValuesMilli.length;
      const pods: CalculatorPod[] = Array.from({ length: count }, (_, i) => ({
        name: `test-pod-${i}`,
        phase: c.podPhase?.[i] ?? "Running",
        readyCondition: { status: (c.podReadiness?.[i] ?? true) ? "True" : "False", lastTransitionTime: 0 },
        startTime: c.podStartTime?.[i] === "hot" ? NOW : c.podStartTime?.[i] === "cool" ? NOW - 180 : 0,
      }));
      const run = () =>
        getMetricReplicas({
          currentReplicas: c.currentReplicas,
          targetAverageValueMilli: c.targetAverageValueMilli,
          metricName: c.metric,
          tolerance: c.tolerance,
          pods,
          metrics: c.podMetricValuesMilli.map((valueMilli, i) => ({ pod: `test-pod-${i}`, valueMilli, timestamp: 0 })),
          now: NOW,
          cpuInitializationPeriodSeconds: 120,
          delayOfInitialReadinessStatusSeconds: 10,
        });
      if (c.expectedError !== undefined) {
        expect(run).toThrow(c.expectedError);
        return;
      }
      expect(run()).toEqual({ replicas: c.expectedReplicas, usageMilli: c.expectedAverageUsageMilli });
    });
  }
});

describe("replica calculator details", () => {
  const pod = (name: string, over: Partial<CalculatorPod> = {}): CalculatorPod => ({
    name,
    phase: "Running",
    readyCondition: { status: "True", lastTransitionTime: 0 },
    startTime: 0,
    containers: [{ name: "c", requestMilli: 1000 }],
    ...over,
  });
  const metric = (p: string, usageMilli: number, timestamp = 0) => ({
    pod: p,
    timestamp,
    windowSeconds: 60,
    containers: [{ name: "c", usageMilli }],
  });

  it("utilization truncates and the raw average uses only pods with requests", () => {
    const r = getResourceUtilizationRatio(
      new Map([
        ["a", { valueMilli: 333 }],
        ["b", { valueMilli: 334 }],
        ["stray", { valueMilli: 9999 }],
      ]),
      new Map([
        ["a", 1000],
        ["b", 1000],
      ]),
      50,
    );
    expect(r).toEqual({ ratio: 33 / 50, utilization: 33, rawAverageValueMilli: 333 });
    expect(getMetricUsageRatio(new Map([["a", { valueMilli: 5 }], ["b", { valueMilli: 6 }]]), 10)).toEqual({ ratio: 0.5, usageMilli: 5 });
  });

  it("groupPods: cpu readiness rules use start time, transition time and sample freshness", () => {
    const metrics = new Map([
      ["fresh-in-init", { valueMilli: 1, timestamp: NOW, windowSeconds: 60 }],
      ["stale-in-init", { valueMilli: 1, timestamp: NOW - 10, windowSeconds: 60 }],
      ["was-ready", { valueMilli: 1, timestamp: NOW, windowSeconds: 60 }],
      ["never-ready", { valueMilli: 1, timestamp: NOW, windowSeconds: 60 }],
      ["no-condition", { valueMilli: 1, timestamp: NOW, windowSeconds: 60 }],
      ["unknown", { valueMilli: 1, timestamp: NOW, windowSeconds: 60 }],
    ]);
    const pods: CalculatorPod[] = [
      pod("fresh-in-init", { startTime: NOW - 100, readyCondition: { status: "True", lastTransitionTime: NOW - 90 } }),
      pod("stale-in-init", { startTime: NOW - 100, readyCondition: { status: "True", lastTransitionTime: NOW - 50 } }),
      pod("was-ready", { startTime: NOW - 1000, readyCondition: { status: "False", lastTransitionTime: NOW - 500 } }),
      pod("never-ready", { startTime: NOW - 1000, readyCondition: { status: "False", lastTransitionTime: NOW - 995 } }),
      pod("no-condition", { readyCondition: null }),
      pod("unknown", { startTime: NOW - 100, readyCondition: { status: "Unknown", lastTransitionTime: NOW - 90 } }),
      pod("pending", { phase: "Pending" }),
      pod("gone", { deleting: true }),
      pod("missing"),
    ];
    const g = groupPods(pods, metrics, "cpu", 120, 10, NOW);
    expect([...g.unreadyPods].sort()).toEqual(["never-ready", "no-condition", "pending", "stale-in-init"]);
    expect([...g.ignoredPods]).toEqual(["gone"]);
    expect([...g.missingPods]).toEqual(["missing"]);
    expect(g.readyPodCount).toBe(3);
    // Other resources ignore readiness.
    expect(groupPods(pods, metrics, "memory", 120, 10, NOW).readyPodCount).toBe(6);
  });

  it("errors carry Go's messages", () => {
    const base = { currentReplicas: 1, targetUtilization: 50, now: NOW };
    expect(() => getResourceReplicas({ ...base, pods: [pod("a")], podMetrics: [] })).toThrow(
      "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
    );
    expect(() => getResourceReplicas({ ...base, pods: [], podMetrics: [metric("a", 1)] })).toThrow(
      "no pods returned by selector while calculating replica count",
    );
    expect(() =>
      getResourceReplicas({ ...base, pods: [pod("a", { readyCondition: { status: "False", lastTransitionTime: 0 } })], podMetrics: [metric("a", 1)] }),
    ).toThrow("did not receive metrics for targeted pods (pods might be unready)");
    expect(() =>
      getResourceReplicas({ ...base, pods: [pod("a", { containers: [{ name: "c" }] })], podMetrics: [metric("a", 1)] }),
    ).toThrow("missing request for cpu in container c of Pod a");
    expect(() => getResourceReplicas({ ...base, container: "x", pods: [pod("a")], podMetrics: [metric("a", 1)] })).toThrow(
      "unable to get metrics for resource cpu: failed to get container metrics: container x not present in metrics for pod default/a",
    );
    expect(() => getMetricReplicas({ currentReplicas: 1, targetAverageValueMilli: 1, metricName: "qps", pods: [pod("a")], metrics: [] })).toThrow(
      "unable to get metric qps: no metrics returned from custom metrics API",
    );
  });

  it("pod-level requests and restartable init containers count towards requests", () => {
    const r = getResourceReplicas({
      currentReplicas: 2,
      targetUtilization: 50,
      now: NOW,
      pods: [
        pod("a", { podLevelRequestMilli: 4000 }),
        pod("b", { initContainers: [{ name: "sidecar", requestMilli: 1000, restartPolicyAlways: true }, { name: "init", requestMilli: 5000 }] }),
      ],
      podMetrics: [metric("a", 1000), metric("b", 1000)],
    });
    // requests 4000 + 2000, usage 2000 -> 33%
    expect(r.utilization).toBe(33);
  });

  it("per-direction tolerances", () => {
    const input = { currentReplicas: 10, targetUtilization: 100, now: NOW, pods: Array.from({ length: 10 }, (_, i) => pod(`p${i}`)) };
    const podMetrics = input.pods.map((p) => metric(p.name, 1050));
    expect(getResourceReplicas({ ...input, podMetrics }).replicas).toBe(10);
    expect(getResourceReplicas({ ...input, podMetrics, tolerance: { scaleUp: 0.01, scaleDown: 0.1 } }).replicas).toBe(11);
  });
});
