import { describe, expect, it } from "vitest";
import type { KObject } from "../../objects/types.ts";
import { timestamp } from "../../clock.ts";
import { calculateStatus, statusUnchanged } from "./status.ts";

const rs = (replicas: number, status?: Record<string, unknown>, minReadySeconds = 0): KObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web", namespace: "default", generation: 2 },
  spec: { replicas, minReadySeconds, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", tier: "fe" } } } },
  ...(status ? { status } : {}),
});

const pod = (name: string, labels: Record<string, string>, readySince?: number): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels },
  status: { phase: "Running", conditions: readySince === undefined ? [] : [{ type: "Ready", status: "True", lastTransitionTime: timestamp(readySince) }] },
});

const full = { app: "web", tier: "fe" };

describe("calculateStatus", () => {
  it("counts replicas, fully labeled, ready and available pods, leaving zeros out", () => {
    const pods = [pod("a", full, 0), pod("b", full, 95), pod("c", { app: "web" }), pod("d", full)];
    expect(calculateStatus(rs(4, undefined, 10), pods, undefined, 100)).toEqual({ replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1 });
    expect(calculateStatus(rs(0), [], undefined, 0)).toEqual({ replicas: 0 });
  });

  it("sets ReplicaFailure with the direction of the failure, keeps an existing one, and removes it after a clean sync", () => {
    const created = calculateStatus(rs(3), [pod("a", full)], "quota exceeded", 7);
    expect(created.conditions).toEqual([{ type: "ReplicaFailure", status: "True", lastTransitionTime: timestamp(7), reason: "FailedCreate", message: "quota exceeded" }]);
    const deleted = calculateStatus(rs(0), [pod("a", full)], "unable to delete pods: x", 7);
    expect(deleted.conditions?.[0]).toMatchObject({ reason: "FailedDelete", message: "unable to delete pods: x" });
    const kept = calculateStatus(rs(3, created), [pod("a", full)], "another error", 50);
    expect(kept.conditions).toEqual(created.conditions);
    const other = { type: "Other", status: "True" };
    const cleared = calculateStatus(rs(1, { replicas: 1, conditions: [other, ...created.conditions!] }), [pod("a", full)], undefined, 60);
    expect(cleared.conditions).toEqual([other]);
    expect("conditions" in calculateStatus(rs(1, created), [pod("a", full)], undefined, 60)).toBe(false);
  });

  it("keeps observedGeneration until a write records the new one; the steady state needs no write", () => {
    const cur = { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 };
    const next = calculateStatus(rs(1, cur), [pod("a", full)], undefined, 0);
    expect(next).toEqual(cur);
    expect(statusUnchanged(rs(1, cur), next)).toBe(true);
    expect(statusUnchanged(rs(1, { ...cur, observedGeneration: 1 }), next)).toBe(false);
    expect(statusUnchanged(rs(1, cur), { ...next, readyReplicas: 1 })).toBe(false);
  });
});
