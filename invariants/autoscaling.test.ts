import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../model/state.ts";
import { advance } from "../model/advance.ts";
import { settle } from "../model/settle.ts";
import { getResourceReplicas, type CalculatorPod } from "../model/controllers/podautoscaler/replica-calculator.ts";
import { METRICS_WINDOW_SECONDS } from "../model/world/metrics.ts";
import type { HpaControllerOptions } from "../model/controllers/podautoscaler/options.ts";
import { addPod, createDeployment, createHpa, hpaCluster, replicasOf, setCpu } from "../model/controllers/podautoscaler/hpa.test-support.ts";
import { hpaScaleUpJustified, justifiedReplicas, type JustificationPod } from "./autoscaling.ts";

const NOW = 10_000;
const pod = (name: string, o: Partial<JustificationPod> = {}): JustificationPod => ({
  name,
  phase: "Running",
  deleting: false,
  ready: { status: "True", since: NOW - 1000 },
  startTime: NOW - 1000,
  requestMilli: 250,
  usageMilli: 250,
  ...o,
});

describe("justifiedReplicas (the most GetResourceReplicas can propose for a cpu utilization target)", () => {
  it("counts ready pods: 2 pods at 100% of request against a 50% target justify 4", () => {
    expect(justifiedReplicas([pod("a"), pod("b")], 50, NOW)).toBe(4);
  });

  it("counts unready and missing pods at 0 (the rebalanced proposal) and never their usage", () => {
    const unready = pod("u", { ready: { status: "False", since: NOW - 5 }, startTime: NOW - 10, usageMilli: 5000 });
    expect(justifiedReplicas([pod("a"), unready], 50, NOW)).toBe(2);
    expect(justifiedReplicas([pod("a"), pod("m", { usageMilli: undefined })], 50, NOW)).toBe(2);
    expect(justifiedReplicas([pod("a"), pod("p", { phase: "Pending", usageMilli: 5000 })], 50, NOW)).toBe(2);
  });

  it("follows groupPods' cpu rules: a sample taken less than a window after the pod became Ready is set aside while it initializes", () => {
    const fresh = (since: number) => pod("f", { startTime: NOW - 100, ready: { status: "True", since }, usageMilli: 1000 });
    expect(justifiedReplicas([pod("a", { usageMilli: 125 }), fresh(NOW - METRICS_WINDOW_SECONDS + 1)], 50, NOW)).toBe(1);
    expect(justifiedReplicas([pod("a", { usageMilli: 125 }), fresh(NOW - METRICS_WINDOW_SECONDS)], 50, NOW)).toBe(9);
    // after the initialization period, only a pod that was never Ready is unready
    const wasReady = pod("w", { startTime: NOW - 600, ready: { status: "False", since: NOW - 500 }, usageMilli: 1000 });
    const neverReady = pod("n", { startTime: NOW - 600, ready: { status: "False", since: NOW - 590 }, usageMilli: 1000 });
    expect(justifiedReplicas([wasReady], 50, NOW)).toBe(8);
    expect(justifiedReplicas([pod("a", { usageMilli: 125 }), neverReady], 50, NOW)).toBe(1);
    expect(justifiedReplicas([pod("x", { ready: undefined })], 50, NOW)).toBe(0);
  });

  it("ignores pods being deleted and Failed ones; nothing ready justifies 0; a pod without a request makes it undefined", () => {
    expect(justifiedReplicas([pod("a"), pod("d", { deleting: true, usageMilli: 9000 }), pod("x", { phase: "Failed", usageMilli: 9000 })], 50, NOW)).toBe(2);
    expect(justifiedReplicas([pod("u", { startTime: NOW - 10, ready: { status: "False", since: NOW } })], 50, NOW)).toBe(0);
    expect(justifiedReplicas([pod("a"), pod("r", { requestMilli: undefined })], 50, NOW)).toBeUndefined();
  });

  it("bounds every scale-up the replica calculator proposes (checked against the model's GetResourceReplicas)", () => {
    const arbPod = fc.record({
      phase: fc.constantFrom("Running", "Running", "Running", "Pending", "Failed", "Succeeded"),
      deleting: fc.boolean(),
      ready: fc.option(fc.record({ status: fc.constantFrom("True", "False", "Unknown"), age: fc.nat(700) }), { nil: undefined }),
      started: fc.option(fc.nat(700), { nil: undefined }),
      request: fc.constantFrom(100, 250, 500),
      usage: fc.option(fc.nat(2000), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbPod, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(30, 50, 80, 150), (ps, current, target) => {
        const views: JustificationPod[] = ps.map((p, i) => ({
          name: `p${i}`,
          phase: p.phase,
          deleting: p.deleting,
          ...(p.ready ? { ready: { status: p.ready.status, since: NOW - p.ready.age } } : {}),
          ...(p.started !== undefined ? { startTime: NOW - p.started } : {}),
          requestMilli: p.request,
          ...(p.usage !== undefined ? { usageMilli: p.usage } : {}),
        }));
        const pods: CalculatorPod[] = views.map((v) => ({
          name: v.name,
          phase: v.phase,
          deleting: v.deleting,
          readyCondition: v.ready ? { status: v.ready.status as "True" | "False" | "Unknown", lastTransitionTime: v.ready.since } : null,
          startTime: v.startTime ?? null,
          containers: [{ name: "app", requestMilli: v.requestMilli! }],
        }));
        const samples = views.filter((v) => v.usageMilli !== undefined).map((v) => ({ pod: v.name, timestamp: NOW, windowSeconds: METRICS_WINDOW_SECONDS, containers: [{ name: "app", usageMilli: v.usageMilli! }] }));
        let proposed: number;
        try {
          proposed = getResourceReplicas({ currentReplicas: current, targetUtilization: target, pods, podMetrics: samples, now: NOW }).replicas;
        } catch {
          return; // the calculator fails: no metric scale-up
        }
        if (proposed > current) expect(proposed).toBeLessThanOrEqual(justifiedReplicas(views, target, NOW)!);
      }),
      { seed: 72775, numRuns: 2000 },
    );
  });
});

/**
 * kubernetes#72775's rollout: 2 old pods, Ready for ten minutes, at 40% of request; 2 new pods just started and
 * not Ready yet, at 200% (start-up cpu). The HPA targets 50% and has a spec.behavior. Returns the violations of
 * hpa-scale-up-justified seen over 30 s and the Deployment's final size.
 */
function rollout(options: HpaControllerOptions, o: { behavior?: boolean; newReady?: boolean } = {}): { violations: string[]; replicas: number } {
  let s: State = createDeployment(hpaCluster(options), "web", 4, "250m");
  for (const name of ["web-old-0", "web-old-1"]) s = setCpu(addPod(s, name, { cpu: "250m", startedAt: -600 }), name, 100);
  for (const name of ["web-new-0", "web-new-1"]) s = setCpu(addPod(s, name, { cpu: "250m", ready: o.newReady ?? false, readySince: -600, startedAt: -600 }), name, 500);
  s = settle(createHpa(s, "web", { max: 20, ...(o.behavior === false ? {} : { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } }) })).state;
  const violations: string[] = [];
  let prev = s;
  s = advance(s, 30, {
    onStep: (_a, next) => {
      violations.push(...hpaScaleUpJustified.check(next, prev).map((v) => v.message));
      prev = next;
    },
  }).state;
  return { violations, replicas: replicasOf(s) };
}

describe("invariant hpa-scale-up-justified", () => {
  it("holds for the correct controller: the unready pods' cpu is set aside; the ready pods' 40% scales down to 2", () => {
    expect(rollout({})).toEqual({ violations: [], replicas: 2 });
  });

  it("holds for a legitimate scale-up: the same pods all ready (120% on average) justify 10, reached in two steps", () => {
    expect(rollout({}, { newReady: true })).toEqual({ violations: [], replicas: 10 });
  });

  it("flags the zoo variant that counts unready pods as ready (kubernetes#72775)", () => {
    const r = rollout({ bugs: { countUnreadyPodsAsReady: true } });
    expect(r.replicas).toBe(10);
    expect(r.violations[0]).toBe("HorizontalPodAutoscaler default/web scaled up to 8 replicas; its ready pods' cpu justifies 2 (minReplicas 1)");
  });

  it("does not judge an HPA without spec.behavior (its legacy stabilization may scale up to a recent recommendation)", () => {
    expect(rollout({ bugs: { countUnreadyPodsAsReady: true } }, { behavior: false })).toEqual({ violations: [], replicas: 10 });
  });
});
