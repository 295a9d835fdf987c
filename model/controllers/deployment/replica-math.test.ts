import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_REPLICAS_ANNOTATION } from "./annotations.ts";
import {
  deploymentComplete,
  deploymentProgressing,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getProportion,
  getReplicaCountForReplicaSets,
  getReplicaSetFraction,
  getTerminatingReplicaCountForReplicaSets,
  isSaturated,
  newRSNewReplicas,
  roundToInt32,
} from "./replica-math.ts";
import { deployment, ios, num, replicaSet, rowsOf, testName } from "./fixtures.test-support.ts";
import type { DeploymentStatusV } from "./types.ts";

describe("newRSNewReplicas (deployment_util.go NewRSNewReplicas) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("new-rs-new-replicas")) {
    it(testName(r), () => {
      const { row } = r;
      const d = deployment({
        replicas: num(row, "replicas"),
        strategy: row["strategy"] as string,
        maxSurge: ios(row, "maxSurge"),
        maxUnavailable: ios(row, "maxUnavailable"),
      });
      // allRSs holds only the other ReplicaSets (rs5 in the Go test), not the new one
      const allRSs = (row["allRSsReplicas"] as number[]).map((spec, i) => replicaSet({ name: `rs${i}`, spec }));
      const newRS = replicaSet({ name: "new", spec: num(row, "newRSReplicas") });
      expect(newRSNewReplicas(d, allRSs, newRS)).toBe(row["expected"]);
    });
  }
});

describe("deploymentComplete / deploymentProgressing (deployment_util.go) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("deployment-complete")) {
    it(testName(r), () => {
      const { row } = r;
      const status = row["status"] as DeploymentStatusV;
      const d = deployment({
        replicas: num(row, "replicas"),
        maxSurge: ios(row, "maxSurge"),
        maxUnavailable: ios(row, "maxUnavailable"),
        status,
      });
      expect(deploymentComplete(d, d.status ?? {})).toBe(row["expected"]);
    });
  }
  for (const r of rowsOf("deployment-progressing")) {
    it(testName(r), () => {
      const { row } = r;
      const d = deployment({ status: row["oldStatus"] as DeploymentStatusV });
      expect(deploymentProgressing(d, row["newStatus"] as DeploymentStatusV)).toBe(row["expected"]);
    });
  }
});

describe("getReplicaSetFraction (deployment_util.go getReplicaSetFraction) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("replicaset-fraction")) {
    it(testName(r), () => {
      const { row } = r;
      const d = deployment({
        replicas: num(row, "deploymentReplicas"),
        maxSurge: ios(row, "maxSurge"),
        maxUnavailable: ios(row, "maxUnavailable"),
        status: { replicas: num(row, "deploymentStatusReplicas") },
      });
      const annotation = row["rsMaxReplicasAnnotation"];
      const rs = replicaSet({
        spec: num(row, "rsReplicas"),
        ...(typeof annotation === "string" ? { annotations: { [MAX_REPLICAS_ANNOTATION]: annotation } } : {}),
      });
      expect(getReplicaSetFraction(rs, d)).toBe(row["expectedFraction"]);
    });
  }
});

/** Observed generations in TestGetReplicaCountForReplicaSets (rs1 and rs4 are synced; rs2's is never set). */
const observedGenerations: Record<string, number> = { rs1: 1, rs2: 0, rs3: 0, rs4: 1 };

describe("replica sums (deployment_util.go Get*ReplicaCountForReplicaSets) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("replica-counts")) {
    it(testName(r), () => {
      const { row } = r;
      const sets = (row["replicaSets"] as { name: string; spec: number; status: number; terminating: number | null; observedGeneration?: number }[]).map(
        (s) =>
          replicaSet({
            name: s.name,
            spec: s.spec,
            statusReplicas: s.status,
            terminating: s.terminating,
            observedGeneration: s.observedGeneration ?? observedGenerations[s.name] ?? 0,
          }),
      );
      expect(getReplicaCountForReplicaSets(sets)).toBe(row["expectedSpecSum"]);
      expect(getActualReplicaCountForReplicaSets(sets)).toBe(row["expectedStatusSum"]);
      expect(getTerminatingReplicaCountForReplicaSets(sets)).toBe(row["expectedTerminatingSum"]);
    });
  }
});

describe("replica math, other behaviour", () => {
  it("skips nil ReplicaSets and sums available replicas", () => {
    const sets = [replicaSet({ spec: 2, available: 1 }), null, replicaSet({ spec: 3, available: 2 })];
    expect(getReplicaCountForReplicaSets(sets)).toBe(5);
    expect(getAvailableReplicaCountForReplicaSets(sets)).toBe(3);
  });

  it("rejects an unknown strategy type and a missing maxSurge", () => {
    const rs = replicaSet({ spec: 1 });
    expect(() => newRSNewReplicas(deployment({ replicas: 3, strategy: "Other", maxSurge: 1 }), [], rs)).toThrow("isn't supported");
    expect(() => newRSNewReplicas(deployment({ replicas: 3, maxUnavailable: 1 }), [], rs)).toThrow("nil value");
  });

  it("computes proportions within the allowed amount", () => {
    const d = deployment({ replicas: 120, maxSurge: 0, maxUnavailable: 1 });
    const rs = replicaSet({ spec: 50, annotations: { [MAX_REPLICAS_ANNOTATION]: "100" } });
    expect(getProportion(rs, d, 20, 0)).toBe(10);
    expect(getProportion(rs, d, 20, 15)).toBe(5);
    expect(getProportion(rs, d, 20, 20)).toBe(0);
    expect(getProportion(null, d, 20, 0)).toBe(0);
    const down = deployment({ replicas: 10, maxSurge: 0, maxUnavailable: 1 });
    const rs6 = replicaSet({ spec: 6, annotations: { [MAX_REPLICAS_ANNOTATION]: "12" } });
    expect(getProportion(rs6, down, -2, 0)).toBe(-1);
    expect(getProportion(rs6, down, -2, -1)).toBe(-1);
  });

  it("checks saturation against the desired-replicas annotation", () => {
    const d = deployment({ replicas: 3, maxSurge: 1, maxUnavailable: 0 });
    const sat = replicaSet({ spec: 3, available: 3, annotations: { "deployment.kubernetes.io/desired-replicas": "3" } });
    expect(isSaturated(d, sat)).toBe(true);
    expect(isSaturated(d, replicaSet({ spec: 3, available: 3 }))).toBe(false);
    expect(isSaturated(d, null)).toBe(false);
  });

  it("rounds half away from zero", () => {
    expect(roundToInt32(2.5)).toBe(3);
    expect(roundToInt32(-2.5)).toBe(-3);
    expect(roundToInt32(-0.4)).toBe(0);
    expect(Object.is(roundToInt32(-0.4), 0)).toBe(true);
  });

  it("never grows the new ReplicaSet past spec.replicas, nor the total past replicas + maxSurge", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 4 }),
        (replicas, surge, newSpec, oldSpecs) => {
          fc.pre(newSpec <= replicas);
          const d = deployment({ replicas, maxSurge: surge, maxUnavailable: 0 });
          const newRS = replicaSet({ name: "new", spec: newSpec });
          const olds = oldSpecs.map((spec, i) => replicaSet({ name: `old${i}`, spec }));
          const all = [...olds, newRS];
          const next = newRSNewReplicas(d, all, newRS);
          expect(next).toBeGreaterThanOrEqual(newSpec);
          expect(next).toBeLessThanOrEqual(replicas);
          const before = getReplicaCountForReplicaSets(all);
          if (next > newSpec) expect(before - newSpec + next).toBeLessThanOrEqual(replicas + surge);
        },
      ),
    ));
});
