import { describe, expect, it } from "vitest";
import { componentAt, type State } from "../../state.ts";
import type { Effect } from "../../effects.ts";
import { advance } from "../../advance.ts";
import { settle } from "../../settle.ts";
import { step } from "../../step.ts";
import { btreeGet } from "../../collections/btree.ts";
import { getTimer } from "../../timers.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { timestamp } from "../../clock.ts";
import { HPA_CONTROLLER_ID } from "./controller.ts";
import type { HpaControllerMemory } from "./memory.ts";
import {
  NS,
  addPod,
  createDeployment,
  createHpa,
  events,
  expectConditions,
  hpaCluster,
  hpaStatus,
  ok,
  replicasOf,
  setCpu,
} from "./hpa.test-support.ts";

const CPU_NAME = "cpu resource utilization (percentage of request)";

/** A Deployment "web" with `replicas`, pods web-0..web-(pods-1) each using `usage` milli-cpu of 100m, and HPA "web". */
function cluster(replicas: number, pods: number, usage: number, hpaOpts: Parameters<typeof createHpa>[2] = {}): State {
  let s = createDeployment(hpaCluster(), "web", replicas);
  for (let i = 0; i < pods; i++) s = setCpu(addPod(s, `web-${i}`), `web-${i}`, usage);
  s = createHpa(s, "web", hpaOpts);
  return settle(s).state;
}

/** Advances `seconds`, collecting the HPA controller's requests as "verb resource code". */
function advanceLogged(s: State, seconds: number): { state: State; requests: string[] } {
  const requests: string[] = [];
  const onStep = (_a: unknown, _s: State, effects: readonly Effect[]) => {
    for (const e of effects) if (e.kind === "request" && e.client === HPA_CONTROLLER_ID && e.resource !== "events") requests.push(`${e.verb} ${e.resource} ${e.code}`);
  };
  return { state: advance(s, seconds, { onStep }).state, requests };
}

describe("HPA controller: work queue", () => {
  it("syncs one sync period after it first sees the HPA, then once per period; its own status writes do not make it sync early", () => {
    let s = cluster(2, 2, 100);
    const early = advanceLogged(s, 14);
    expect(early.requests).toEqual([]);
    const first = advanceLogged(early.state, 1);
    expect(first.requests).toEqual(["patch deployments.apps 200", "update horizontalpodautoscalers.autoscaling 200"]);
    s = first.state;
    // The status update comes back as an update event; the HPA still waits for its next period.
    const between = advanceLogged(s, 14);
    expect(between.requests).toEqual([]);
    // Next sync: 4 replicas but still 2 pods at 100% → ceil(2 × 2) = 4: no change; status changes (currentReplicas).
    const second = advanceLogged(between.state, 1);
    expect(second.requests).toEqual(["update horizontalpodautoscalers.autoscaling 200"]);
    // And a sync with nothing new writes nothing at all (updateStatusIfNeeded).
    expect(advanceLogged(second.state, 15).requests).toEqual([]);
    expect(getTimer(second.state, timerIdFor(HPA_CONTROLLER_ID, `${NS}/web`))).toMatchObject({ due: 45, periodic: true });
  });

  it("a deleted HPA is forgotten at its next tick and not queued again", () => {
    let s = advance(cluster(2, 2, 100), 15).state;
    expect(btreeGet(componentAt<HpaControllerMemory>(s, HPA_CONTROLLER_ID)!.memory.hpas, `${NS}/web`)).toBeDefined();
    s = ok(s, { verb: "delete", resource: "horizontalpodautoscalers.autoscaling", namespace: NS, name: "web" });
    s = advance(s, 15).state;
    expect(btreeGet(componentAt<HpaControllerMemory>(s, HPA_CONTROLLER_ID)!.memory.hpas, `${NS}/web`)).toBeUndefined();
    expect(getTimer(s, timerIdFor(HPA_CONTROLLER_ID, `${NS}/web`))).toBeUndefined();
  });
});

describe("HPA controller: scaling a Deployment on cpu utilization", () => {
  it("scales up when usage is above target, and writes status, conditions and a SuccessfulRescale event", () => {
    const s = advance(cluster(2, 2, 100), 15).state;
    expect(replicasOf(s)).toBe(4);
    expect(hpaStatus(s)).toEqual({
      lastScaleTime: timestamp(15),
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageValue: "100m", averageUtilization: 100 } } }],
      conditions: [
        { type: "AbleToScale", status: "True", lastTransitionTime: timestamp(15), reason: "SucceededRescale", message: "the HPA controller was able to update the target scale to 4" },
        { type: "ScalingActive", status: "True", lastTransitionTime: timestamp(15), reason: "ValidMetricFound", message: `the HPA was able to successfully calculate a replica count from ${CPU_NAME}` },
        { type: "ScalingLimited", status: "False", lastTransitionTime: timestamp(15), reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" },
      ],
    });
    expect(events(s)).toEqual([["SuccessfulRescale", `New size: 4; reason: ${CPU_NAME} above target`]]);
  });

  it("within the tolerance it does not scale", () => {
    const s = advance(cluster(2, 2, 54), 15).state; // 54% of request against a 50% target: ratio 1.08
    expect(replicasOf(s)).toBe(2);
    expect(hpaStatus(s)).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    expect(hpaStatus(s).lastScaleTime).toBeUndefined();
    expectConditions(s, { AbleToScale: "True/ReadyForNewScale", ScalingActive: "True/ValidMetricFound", ScalingLimited: "False/DesiredWithinRange" });
  });

  it("honours maxReplicas", () => {
    const s = advance(cluster(2, 2, 100, { max: 3 }), 15).state;
    expect(replicasOf(s)).toBe(3);
    expectConditions(s, { AbleToScale: "True/SucceededRescale", ScalingActive: "True/ValidMetricFound", ScalingLimited: "True/TooManyReplicas" });
  });

  it("limits a scale-up to max(2 × current, 4) per sync", () => {
    // 2 pods at 250% of a 50% target: ratio 5, the metrics ask for 10 every time.
    let s = cluster(2, 2, 250, { max: 20 });
    const sizes: number[] = [];
    const limited: string[] = [];
    for (let i = 0; i < 3; i++) {
      s = advance(s, 15).state;
      sizes.push(replicasOf(s));
      limited.push(hpaStatus(s).conditions.find((c: { type: string }) => c.type === "ScalingLimited").reason);
    }
    expect(sizes).toEqual([4, 8, 10]);
    expect(limited).toEqual(["ScaleUpLimit", "ScaleUpLimit", "DesiredWithinRange"]);
  });

  it("clamps to minReplicas without reading metrics", () => {
    const s = advance(cluster(1, 0, 0, { min: 3 }), 15).state;
    expect(replicasOf(s)).toBe(3);
    expect(hpaStatus(s)).toEqual({
      lastScaleTime: timestamp(15),
      currentReplicas: 1,
      desiredReplicas: 3,
      conditions: [{ type: "AbleToScale", status: "True", lastTransitionTime: timestamp(15), reason: "SucceededRescale", message: "the HPA controller was able to update the target scale to 3" }],
    });
    expect(events(s)).toEqual([["SuccessfulRescale", "New size: 3; reason: Current number of replicas below Spec.MinReplicas"]]);
  });

  it("clamps to maxReplicas when the target was scaled above it", () => {
    const s = advance(cluster(12, 0, 0, { max: 5 }), 15).state;
    expect(replicasOf(s)).toBe(5);
    expect(events(s)).toEqual([["SuccessfulRescale", "New size: 5; reason: Current number of replicas above Spec.MaxReplicas"]]);
  });

  it("does not scale a target at 0 replicas (ScalingDisabled)", () => {
    const s = advance(cluster(0, 0, 0), 15).state;
    expect(replicasOf(s)).toBe(0);
    expectConditions(s, { AbleToScale: "True/SucceededGetScale", ScalingActive: "False/ScalingDisabled" });
  });
});

describe("HPA controller: failures", () => {
  it("without metrics sets ScalingActive False (FailedGetResourceMetric) and does not scale", () => {
    let s = createDeployment(hpaCluster(), "web", 2);
    s = addPod(addPod(s, "web-0"), "web-1");
    s = settle(createHpa(s, "web")).state;
    s = advance(s, 15).state;
    expect(replicasOf(s)).toBe(2);
    const inner = "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API";
    expect(hpaStatus(s)).toEqual({
      currentReplicas: 2,
      desiredReplicas: 0,
      currentMetrics: [{ type: "" }],
      conditions: [
        { type: "AbleToScale", status: "True", lastTransitionTime: timestamp(15), reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale" },
        { type: "ScalingActive", status: "False", lastTransitionTime: timestamp(15), reason: "FailedGetResourceMetric", message: `the HPA was unable to compute the replica count: ${inner}` },
      ],
    });
    expect(events(s)).toEqual([
      ["FailedGetResourceMetric", inner],
      ["FailedComputeMetricsReplicas", `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${inner}`],
    ]);
    // Metrics appear: the next sync scales.
    s = setCpu(setCpu(s, "web-0", 100), "web-1", 100);
    s = advance(s, 15).state;
    expect(replicasOf(s)).toBe(4);
    expectConditions(s, { AbleToScale: "True/SucceededRescale", ScalingActive: "True/ValidMetricFound", ScalingLimited: "False/DesiredWithinRange" });
  });

  it("a missing target sets AbleToScale False (FailedGetScale)", () => {
    let s = settle(createHpa(hpaCluster(), "web")).state;
    s = advance(s, 15).state;
    expect(hpaStatus(s).conditions).toEqual([
      { type: "AbleToScale", status: "False", lastTransitionTime: timestamp(15), reason: "FailedGetScale", message: `the HPA controller was unable to get the target's current scale: deployments.apps "web" not found` },
    ]);
    expect(events(s)).toEqual([["FailedGetScale", `deployments.apps "web" not found`]]);
  });

  it("an unscalable kind sets AbleToScale False (FailedGetScale)", () => {
    let s = ok(hpaCluster(), {
      verb: "create",
      resource: "horizontalpodautoscalers.autoscaling",
      namespace: NS,
      object: {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "web" },
        spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "DaemonSet", name: "web" }, maxReplicas: 3 },
      },
    });
    s = advance(settle(s).state, 15).state;
    expect(events(s)).toEqual([["FailedGetScale", `no matches for kind "DaemonSet" in group "apps"`]]);
  });

  it("two HPAs over the same pods both stop (AmbiguousSelector) once each has seen the other's selector", () => {
    let s = createDeployment(hpaCluster(), "web", 2);
    for (let i = 0; i < 2; i++) s = setCpu(addPod(s, `web-${i}`), `web-${i}`, 100);
    s = settle(createHpa(createHpa(s, "a"), "b")).state;
    s = advance(s, 15).state;
    // "a" synced first, when "b" was still registered with the Nothing selector; "b" then saw "a".
    expect(replicasOf(s)).toBe(4);
    expectConditions(s, { AbleToScale: "True/SucceededGetScale", ScalingActive: "False/AmbiguousSelector" }, "b");
    s = advance(s, 15).state;
    const msg = "pods by selector app=web are controlled by multiple HPAs: [{a default} {b default}]";
    for (const name of ["a", "b"]) {
      expect(hpaStatus(s, name).conditions.find((c: { type: string }) => c.type === "ScalingActive")).toMatchObject({ status: "False", reason: "AmbiguousSelector", message: msg });
    }
    expect(events(s).filter(([r]) => r === "AmbiguousSelector").map(([, m]) => m)).toEqual([msg, msg]);
  });

  it("a refused scale write is a FailedRescale event and AbleToScale False (FailedUpdateScale)", () => {
    let s = advance(cluster(2, 2, 100), 14).state;
    // The Deployment goes away just before the sync; the controller's cache still has it.
    s = ok(s, { verb: "delete", resource: "deployments.apps", namespace: NS, name: "web" });
    s = step(s, { type: "clock.tick" });
    s = step(s, { type: "reconcile", component: HPA_CONTROLLER_ID });
    const err = `deployments.apps "web" not found`;
    expect(events(s)).toEqual([["FailedRescale", `New size: 4; reason: ${CPU_NAME} above target; error: ${err}`]]);
    expect(hpaStatus(s)).toMatchObject({ currentReplicas: 2, desiredReplicas: 0 });
    expect(hpaStatus(s).lastScaleTime).toBeUndefined();
    expect(hpaStatus(s).conditions[0]).toMatchObject({ type: "AbleToScale", status: "False", reason: "FailedUpdateScale", message: `the HPA controller was unable to update the target scale: ${err}` });
  });

  it("a status write refused with 409 is recorded as FailedUpdateStatus and written again at the next sync", () => {
    let s = cluster(2, 2, 100);
    s = advance(s, 14).state;
    // Run to the sync, then change the HPA in the API before the controller's cache sees it.
    s = step(s, { type: "clock.tick" });
    s = ok(s, { verb: "patch", resource: "horizontalpodautoscalers.autoscaling", namespace: NS, name: "web", patch: { metadata: { labels: { team: "a" } } } });
    s = step(s, { type: "reconcile", component: HPA_CONTROLLER_ID });
    expect(replicasOf(s)).toBe(4);
    expect(hpaStatus(s)).toBeUndefined();
    expect(events(s).map(([r]) => r)).toEqual(["SuccessfulRescale", "FailedUpdateStatus"]);
    s = advance(s, 15).state;
    expect(hpaStatus(s)).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 });
  });
});

describe("HPA controller: several metrics", () => {
  it("scales on the valid metric when another one cannot be read, and reports both", () => {
    const objectMetric = {
      type: "Object",
      object: { describedObject: { apiVersion: "v1", kind: "Service", name: "web" }, metric: { name: "hits" }, target: { type: "Value", value: "10" } },
    };
    const cpuMetric = { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } };
    const s = advance(cluster(2, 2, 100, { metrics: [cpuMetric, objectMetric] }), 15).state;
    expect(replicasOf(s)).toBe(4);
    expect(hpaStatus(s).currentMetrics).toEqual([
      { type: "Resource", resource: { name: "cpu", current: { averageValue: "100m", averageUtilization: 100 } } },
      { type: "" },
    ]);
    expect(events(s)).toEqual([
      ["FailedGetObjectMetric", "unable to get metric hits: the model's custom metrics API serves no object metrics"],
      ["SuccessfulRescale", `New size: 4; reason: ${CPU_NAME} above target`],
    ]);
  });

  it("an HPA without metrics gets the API default, cpu at 80%", () => {
    let s = createDeployment(hpaCluster(), "web", 2);
    for (let i = 0; i < 2; i++) s = setCpu(addPod(s, `web-${i}`), `web-${i}`, 100);
    s = ok(s, {
      verb: "create",
      resource: "horizontalpodautoscalers.autoscaling",
      namespace: NS,
      object: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 10 } },
    });
    s = advance(settle(s).state, 15).state;
    expect(replicasOf(s)).toBe(3); // 100% / 80% = 1.25 → ceil(2.5)
  });
});

describe("HPA controller: custom pods metrics", () => {
  it("scales on a Pods metric's average value", () => {
    let s = createDeployment(hpaCluster(), "web", 2);
    for (let i = 0; i < 2; i++) {
      s = addPod(s, `web-${i}`);
      s = step(s, { type: "metrics.set", namespace: NS, pod: `web-${i}`, custom: { requests_per_second: 30_000 } });
    }
    s = createHpa(s, "web", { metrics: [{ type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: "10" } } }] });
    s = advance(settle(s).state, 15).state;
    expect(replicasOf(s)).toBe(4); // ratio 3 → 6, limited to max(2 × 2, 4)
    expect(hpaStatus(s).currentMetrics).toEqual([{ type: "Pods", pods: { metric: { name: "requests_per_second" }, current: { averageValue: "30" } } }]);
    expectConditions(s, { AbleToScale: "True/SucceededRescale", ScalingActive: "True/ValidMetricFound", ScalingLimited: "True/ScaleUpLimit" });
  });
});
