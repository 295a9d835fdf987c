import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../../objects/types.ts";
import { timestamp } from "../../clock.ts";
import { podConstraints, podUsage, quotaV1Pod } from "./pod-usage.ts";
import { lessThanOrEqual, quotaAdd, quotaEquals, subtractWithNonNegativeResult, sumMasked } from "./resource-list.ts";

const container = (name: string, requests: Record<string, string>, limits?: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  name,
  image: "x",
  resources: { requests, ...(limits ? { limits } : {}) },
  ...extra,
});
const pod = (spec: Record<string, unknown>, meta: Partial<KObject["metadata"]> = {}, status?: Record<string, unknown>): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "n", ...meta },
  spec,
  ...(status ? { status } : {}),
});

describe("pod quota usage (pods.go, PodRequests/PodLimits)", () => {
  it("sums containers, takes at least the largest init container, adds the overhead", () => {
    const p = pod({
      containers: [container("a", { cpu: "100m", memory: "64Mi" }, { cpu: "200m" }), container("b", { cpu: "300m" })],
      initContainers: [container("init", { cpu: "1", memory: "16Mi" })],
      overhead: { cpu: "10m" },
    });
    expect(podUsage(p, 0)).toEqual({
      "count/pods": "1",
      cpu: "1010m",
      "limits.cpu": "210m",
      memory: "64Mi",
      pods: "1",
      "requests.cpu": "1010m",
      "requests.memory": "64Mi",
    });
  });

  it("adds sidecars (restartable init containers) to the app containers, and to later init containers", () => {
    const p = pod({
      containers: [container("app", { cpu: "500m" })],
      initContainers: [container("setup", { cpu: "600m" }), container("proxy", { cpu: "100m" }, undefined, { restartPolicy: "Always" }), container("late", { cpu: "550m" })],
    });
    // max(app 500m + proxy 100m, setup 600m, late 550m + proxy 100m) = 650m
    expect(podUsage(p, 0)["requests.cpu"]).toBe("650m");
  });

  it("charges only the object count for terminal pods and pods stuck terminating past their grace period", () => {
    const running = pod({ containers: [container("a", { cpu: "1" })] });
    expect(quotaV1Pod(running, 0)).toBe(true);
    expect(podUsage({ ...running, status: { phase: "Succeeded" } }, 0)).toEqual({ "count/pods": "1" });
    const deleting = pod({ containers: [container("a", { cpu: "1" })] }, { deletionTimestamp: timestamp(100), deletionGracePeriodSeconds: 30 });
    expect(quotaV1Pod(deleting, 130)).toBe(true);
    expect(quotaV1Pod(deleting, 131)).toBe(false);
  });

  it("names the containers that lack what a quota requires, resources and names sorted", () => {
    const p = pod({ containers: [container("web", { cpu: "1" }), container("db", {})], initContainers: [container("init", { memory: "1Mi" })] });
    expect(podConstraints(["requests.cpu", "limits.memory", "pods"], p)).toBe("must specify limits.memory for: db,init,web; requests.cpu for: db,init");
    expect(podConstraints(["pods", "count/pods"], p)).toBeUndefined();
  });
});

describe("resource lists (quota/v1/resources.go)", () => {
  const list = fc.dictionary(fc.constantFrom("cpu", "memory", "pods"), fc.constantFrom("0", "1", "100m", "2", "64Mi", "1Gi", "500m"), { maxKeys: 3 });

  it("property: Add is commutative and SubtractWithNonNegativeResult never goes below zero", () => {
    fc.assert(
      fc.property(list, list, (a, b) => {
        expect(quotaEquals(quotaAdd(a, b), quotaAdd(b, a))).toBe(true);
        const d = subtractWithNonNegativeResult(a, b);
        expect(lessThanOrEqual({ ...Object.fromEntries(Object.keys(d).map((k) => [k, "0"])) }, d).allowed).toBe(true);
      }),
    );
  });

  it("sums many lists masked to the tracked names, zero for names nobody uses", () => {
    expect(sumMasked([{ cpu: "100m", memory: "1Gi" }, { cpu: "900m" }], ["cpu", "pods"])).toEqual({ cpu: "1", pods: "0" });
  });
});
