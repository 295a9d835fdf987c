import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { advance } from "../../advance.ts";
import { settle } from "../../settle.ts";
import { step } from "../../step.ts";
import { storeRangePrefix } from "../../store/store.ts";
import { HPA_CONTROLLER_ID } from "./controller.ts";
import { NS, addPod, conditionSummaryOf, createDeployment, createHpa, hpaCluster, ok, replicasOf, setCpu, type HpaOptions } from "./hpa.test-support.ts";

/** Pod names of the namespace. */
function podNames(s: State): string[] {
  const r = storeRangePrefix(s.store, `/registry/pods/${NS}/`);
  return r.ok ? r.kvs.map((kv) => kv.key.slice(`/registry/pods/${NS}/`.length)) : [];
}

/**
 * What the ReplicaSet controller and the kubelets would do: pods web-0..web-(n-1) for the Deployment's n
 * replicas, Running and Ready, each using `usage` milli-cpu (new pods started a minute ago).
 */
function followPods(s: State, usage: number): State {
  const n = replicasOf(s);
  const names = podNames(s);
  for (const name of names) {
    if (Number(name.slice("web-".length)) >= n) s = ok(s, { verb: "delete", resource: "pods", namespace: NS, name });
  }
  for (let i = 0; i < n; i++) {
    const name = `web-${i}`;
    if (!names.includes(name)) s = addPod(s, name, { startedAt: s.clock.now - 60 });
    s = setCpu(s, name, usage);
  }
  return s;
}

function start(replicas: number, usage: number, o: HpaOptions): State {
  let s = createDeployment(hpaCluster(), "web", replicas);
  s = followPods(s, usage);
  return settle(createHpa(s, "web", o)).state;
}

/** Runs `syncs` sync periods, following the size with pods using `usage` after each; returns the sizes. */
function run(s: State, syncs: number, usage: number): { state: State; sizes: number[]; limited: string[] } {
  const sizes: number[] = [];
  const limited: string[] = [];
  for (let i = 0; i < syncs; i++) {
    s = advance(s, 15).state;
    sizes.push(replicasOf(s));
    limited.push(conditionSummaryOf(s).ScalingLimited ?? "");
    s = followPods(s, usage);
  }
  return { state: s, sizes, limited };
}

describe("HPA controller: scale-down stabilization (no behavior)", () => {
  it("scales down only when every recommendation of the last 300 s is lower", () => {
    // 4 pods at 50% of request, target 50%: stable. Syncs at 15 and 30 recommend 4.
    let s = run(start(4, 50, {}), 2, 50).state;
    expect(replicasOf(s)).toBe(4);
    // Load drops to 10%: the metrics ask for 1 from the sync at 45 on.
    s = run(followPods(s, 10), 1, 10).state;
    expect(replicasOf(s)).toBe(4);
    expect(conditionSummaryOf(s)).toEqual({ AbleToScale: "True/ScaleDownStabilized", ScalingActive: "True/ValidMetricFound", ScalingLimited: "False/DesiredWithinRange" });
    // The last recommendation of 4 was made at 30: it leaves the window at 330 < now − 300, i.e. at the sync at 345.
    const waiting = run(s, 19, 10); // syncs at 60 .. 330
    expect(waiting.sizes.every((n) => n === 4)).toBe(true);
    expect(waiting.state.clock.now).toBe(330);
    const after = run(waiting.state, 1, 10);
    expect(after.state.clock.now).toBe(345);
    expect(after.sizes).toEqual([1]);
  });

  it("a restarted controller forgot the window: it starts a new one from the current size", () => {
    let s = run(start(4, 50, {}), 2, 50).state;
    s = run(followPods(s, 10), 11, 10).state; // syncs at 45 .. 195
    s = step(s, { type: "component.restart", component: HPA_CONTROLLER_ID });
    // The sync at 210 seeds the recommendations with 4 at 210: the scale-down waits until 525 instead of 345.
    const r = run(s, 22, 10); // syncs at 210 .. 525
    expect(r.sizes.slice(0, -1).every((n) => n === 4)).toBe(true);
    expect(r.sizes.at(-1)).toBe(1);
    expect(r.state.clock.now).toBe(525);
  });
});

describe("HPA controller: spec.behavior policies", () => {
  it("a scale-up policy of 1 pod per 60 s", () => {
    const behavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } };
    const r = run(start(2, 100, { behavior, max: 20 }), 6, 100); // syncs at 15 .. 90
    // +1 at 15; that event counts until it is no longer newer than now − 60, i.e. from the sync at 75.
    expect(r.sizes).toEqual([3, 3, 3, 3, 4, 4]);
    expect(r.limited).toEqual(Array(6).fill("True/ScaleUpLimit"));
  });

  it("a scale-down policy of 50% per 15 s, without stabilization", () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 50, periodSeconds: 15 }] } };
    const r = run(start(8, 5, { behavior }), 4, 5);
    expect(r.sizes).toEqual([4, 2, 1, 1]);
    expect(r.limited).toEqual(["True/ScaleDownLimit", "True/ScaleDownLimit", "False/DesiredWithinRange", "False/DesiredWithinRange"]);
  });

  it("a Disabled scale-down never scales down", () => {
    const behavior = { scaleDown: { selectPolicy: "Disabled" } };
    const r = run(start(4, 5, { behavior }), 25, 5); // past the 300 s window
    expect(r.sizes.every((n) => n === 4)).toBe(true);
  });
});
