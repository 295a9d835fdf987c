import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { bootstrap } from "../../bootstrap.ts";
import { stepWithEffects, step } from "../../step.ts";
import { btreeKeys } from "../../collections/btree.ts";
import { podMetrics } from "../../world/metrics.ts";
import { NS, addPod } from "./hpa.test-support.ts";

const set = (s: State, pod: string, m: { cpuMilli?: number; custom?: Record<string, number> }): State =>
  step(s, { type: "metrics.set", namespace: NS, pod, ...m });

describe("metrics source (metrics.set and podMetrics)", () => {
  it("a pod has no metric until one is set", () => {
    expect(podMetrics(bootstrap(), NS, "web-0")).toBeUndefined();
  });

  it("sets cpu, merges custom metrics by name, and clears the entry when given neither", () => {
    let s = set(bootstrap(), "web-0", { cpuMilli: 250 });
    expect(podMetrics(s, NS, "web-0")).toEqual({ cpuMilli: 250 });
    s = set(s, "web-0", { custom: { qps: 5000 } });
    s = set(s, "web-0", { custom: { latency: 20 } });
    expect(podMetrics(s, NS, "web-0")).toEqual({ cpuMilli: 250, custom: { qps: 5000, latency: 20 } });
    s = set(s, "web-0", { cpuMilli: 10, custom: { qps: 1 } });
    expect(podMetrics(s, NS, "web-0")).toEqual({ cpuMilli: 10, custom: { qps: 1, latency: 20 } });
    s = set(s, "web-0", {});
    expect(podMetrics(s, NS, "web-0")).toBeUndefined();
    expect(s.world.metrics.size).toBe(0);
  });

  it("a trailing * sets every pod that exists now with that name prefix, in that namespace only", () => {
    let s = bootstrap();
    for (const name of ["web-a", "web-b", "api-a"]) s = addPod(s, name);
    s = set(s, "web-*", { cpuMilli: 300 });
    expect(btreeKeys(s.world.metrics)).toEqual([`${NS}/web-a`, `${NS}/web-b`]);
    // A pod created later has no metric until it is set.
    s = addPod(s, "web-c");
    expect(podMetrics(s, NS, "web-c")).toBeUndefined();
    expect(podMetrics(s, "other", "web-a")).toBeUndefined();
  });

  it("is a note in the step's effects and does not touch the API", () => {
    const s = bootstrap();
    const r = stepWithEffects(s, { type: "metrics.set", namespace: NS, pod: "web-0", cpuMilli: 40 });
    expect(r.effects).toEqual([{ kind: "note", who: "metrics", text: `pod ${NS}/web-0: cpu 40m` }]);
    expect(r.state.store).toBe(s.store);
  });
});
