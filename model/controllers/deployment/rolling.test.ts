import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  rollingScaleStep,
  scaleDownOldReplicaSetsForRollingUpdate,
} from "./rolling.ts";
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION } from "./annotations.ts";
import { minAvailable } from "./fenceposts.ts";
import { getAvailableReplicaCountForReplicaSets } from "./replica-counts.ts";
import {
  deployment,
  gateCombinations,
  ios,
  num,
  replicaSet,
  rows,
  rowsOf,
  testName,
  type Row,
} from "./fixtures.test-support.ts";
import type { PodReplacementPolicy, ReplicaSetV } from "./types.ts";

interface RSRow {
  specReplicas: number;
  statusReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas?: number | null;
  observedGenerationSynced?: boolean;
}

function rsFromRow(name: string, r: RSRow, creationTimestamp?: string): ReplicaSetV {
  return replicaSet({
    name,
    spec: r.specReplicas,
    statusReplicas: r.statusReplicas ?? 0,
    ...(r.availableReplicas === undefined ? {} : { available: r.availableReplicas }),
    terminating: r.terminatingReplicas ?? null,
    observedGeneration: r.observedGenerationSynced === false ? 0 : 1,
    ...(creationTimestamp === undefined ? {} : { creationTimestamp }),
  });
}

function rowDeployment(row: Row) {
  return deployment({
    replicas: num(row, "replicas"),
    maxSurge: ios(row, "maxSurge"),
    maxUnavailable: ios(row, "maxUnavailable"),
    podReplacementPolicy: (row["podReplacementPolicy"] ?? null) as PodReplacementPolicy | null,
  });
}

describe("reconcileNewReplicaSet (rolling.go) against rolling_test.go vectors", () => {
  for (const r of rowsOf("reconcile-new-rs")) {
    it(testName(r), () => {
      const { row } = r;
      const newRS = rsFromRow("foo-v2", row["newRS"] as RSRow);
      const oldRS = rsFromRow("foo-v1", row["oldRS"] as RSRow);
      const d = rowDeployment(row);
      const combos = gateCombinations(row["featureGates"]);
      expect(combos.length).toBeGreaterThan(0);
      for (const gates of combos) {
        const run = () => reconcileNewReplicaSet([newRS, oldRS], newRS, d, gates);
        if (row["expectError"] === true) {
          expect(run).toThrow();
          continue;
        }
        const result = run();
        expect(result.scaled).toBe(row["expectScale"]);
        if (row["expectScale"] === true) {
          expect(result.decision?.to).toBe(row["expectedNewRSReplicas"]);
          expect(result.decision?.updated.spec?.replicas).toBe(row["expectedNewRSReplicas"]);
          expect(result.newReplicas).toBe(row["expectedNewRSReplicas"]);
        } else {
          expect(result.decision).toBeNull();
        }
      }
    });
  }
});

describe("reconcileOldReplicaSets (rolling.go) against rolling_test.go vectors", () => {
  for (const r of rowsOf("reconcile-old-rs")) {
    it(testName(r), () => {
      const { row } = r;
      const oldRS = rsFromRow("foo-old", row["oldRS"] as RSRow);
      const newRS = rsFromRow("foo-new", row["newRS"] as RSRow);
      const result = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, rowDeployment(row));
      expect(result.error).toBeUndefined();
      expect(result.scaled).toBe(row["expectScale"]);
    });
  }
});

describe("cleanupUnhealthyReplicas (rolling.go) against rolling_test.go vectors", () => {
  for (const r of rowsOf("cleanup-unhealthy")) {
    it(testName(r), () => {
      const { row } = r;
      const oldRS = rsFromRow("foo-v2", row["oldRS"] as RSRow);
      // the Go test's deployment: 10 replicas, maxSurge 2, maxUnavailable 2
      const d = deployment({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
      const result = cleanupUnhealthyReplicas([oldRS], d, num(row, "maxCleanupCount"));
      expect(result.error).toBeUndefined();
      expect(result.cleanupCount).toBe(row["expectedCleanupCount"]);
    });
  }
});

describe("scaleDownOldReplicaSetsForRollingUpdate (rolling.go) against rolling_test.go vectors", () => {
  for (const r of rowsOf("scale-down-old-rs")) {
    it(testName(r), () => {
      const { row } = r;
      const oldRS = rsFromRow("foo-v2", row["oldRS"] as RSRow);
      const result = scaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], rowDeployment(row));
      expect(result.error).toBeUndefined();
      if (row["expectScale"] === true) {
        expect(result.scaledDownCount).toBeGreaterThan(0);
        expect(result.decisions).toHaveLength(1);
        expect(result.decisions[0]?.to).toBe(row["expectedOldRSReplicas"]);
      } else {
        expect(result.scaledDownCount).toBe(0);
        expect(result.decisions).toHaveLength(0);
      }
    });
  }
});

describe("deployment-rolling.json coverage", () => {
  it("runs every kind of the fixture file", () => {
    const handled = new Set([
      "resolve-fenceposts",
      "int-or-percent",
      "max-unavailable",
      "min-available",
      "new-rs-new-replicas",
      "reconcile-new-rs",
      "reconcile-old-rs",
      "cleanup-unhealthy",
      "scale-down-old-rs",
      "deployment-complete",
      "deployment-progressing",
      "replicaset-fraction",
      "replica-counts",
    ]);
    for (const { row } of rows) expect(handled.has(row.kind), `unhandled kind ${row.kind}`).toBe(true);
  });
});

describe("rolling decisions, other behaviour", () => {
  it("errors when TerminationComplete meets an unknown terminating count", () => {
    const d = deployment({ replicas: 10, maxSurge: 0, maxUnavailable: 0, podReplacementPolicy: "TerminationComplete" });
    const newRS = replicaSet({ name: "new", spec: 1, observedGeneration: 1 }); // synced, terminatingReplicas nil
    const oldRS = replicaSet({ name: "old", spec: 5, observedGeneration: 1, terminating: 1 });
    const gates = { deploymentReplicaSetTerminatingReplicas: true, deploymentPodReplacementPolicy: true };
    expect(() => reconcileNewReplicaSet([newRS, oldRS], newRS, d, gates)).toThrow("terminating replicas");
    // with the gate off the policy is ignored
    expect(reconcileNewReplicaSet([newRS, oldRS], newRS, d, {}).newReplicas).toBe(5);
  });

  it("counts status and terminating pods under TerminationComplete", () => {
    const d = deployment({ replicas: 10, maxSurge: 2, maxUnavailable: 0, podReplacementPolicy: "TerminationComplete" });
    const newRS = replicaSet({ name: "new", spec: 0, statusReplicas: 1, observedGeneration: 1, terminating: 2 });
    const oldRS = replicaSet({ name: "old", spec: 5, observedGeneration: 1, terminating: 1 });
    const gates = { deploymentReplicaSetTerminatingReplicas: true, deploymentPodReplacementPolicy: true };
    expect(reconcileNewReplicaSet([newRS, oldRS], newRS, d, gates).newReplicas).toBe(3);
  });

  it("sets the replica annotations and the event on a scale decision", () => {
    const d = deployment({ replicas: 10, maxSurge: 2, maxUnavailable: 0 });
    const newRS = replicaSet({ name: "new", spec: 0 });
    const oldRS = replicaSet({ name: "old", spec: 5 });
    const { decision } = reconcileNewReplicaSet([newRS, oldRS], newRS, d);
    expect(decision?.updated.metadata?.annotations).toEqual({
      [DESIRED_REPLICAS_ANNOTATION]: "10",
      [MAX_REPLICAS_ANNOTATION]: "12",
    });
    expect(decision?.event.message).toBe("Scaled up replica set new from 0 to 7");
    expect(newRS.spec?.replicas).toBe(0); // input untouched
  });

  it("scales old ReplicaSets down oldest first", () => {
    const d = deployment({ replicas: 4, maxSurge: 0, maxUnavailable: 2 });
    const older = replicaSet({ name: "b", spec: 1, available: 1, creationTimestamp: "2024-01-01T00:00:00Z" });
    const newer = replicaSet({ name: "a", spec: 3, available: 3, creationTimestamp: "2024-01-02T00:00:00Z" });
    const newRS = replicaSet({ name: "n", spec: 0 });
    const result = scaleDownOldReplicaSetsForRollingUpdate([newer, older, newRS], [newer, older], d);
    expect(result.decisions.map((x) => [x.name, x.to])).toEqual([
      ["b", 0],
      ["a", 2],
    ]);
  });

  it("reports the invalid cleanup request Go refuses (more available than desired)", () => {
    const d = deployment({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
    const odd = replicaSet({ name: "odd", spec: 5, available: 7 });
    const result = cleanupUnhealthyReplicas([odd], d, 3);
    expect(result.error).toContain("invalid request to scale down");
    expect(result.cleanupCount).toBe(0);
  });

  it("steps a rollout: scale up the new RS, else scale down old ones", () => {
    const d = deployment({ replicas: 3, maxSurge: 1, maxUnavailable: 0 });
    const old = replicaSet({ name: "old", spec: 3, available: 3 });
    const fresh = replicaSet({ name: "new", spec: 0 });
    expect(rollingScaleStep(d, fresh, [old])).toMatchObject({ step: "up", decisions: [{ name: "new", to: 1 }] });
    const grown = replicaSet({ name: "new", spec: 1, available: 1 });
    expect(rollingScaleStep(d, grown, [old])).toMatchObject({ step: "down", decisions: [{ name: "old", to: 2 }] });
  });

  it("never scales old ReplicaSets below minAvailable (counting available pods)", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.record({ spec: fc.integer({ min: 0, max: 20 }), unavailable: fc.integer({ min: 0, max: 5 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.record({ spec: fc.integer({ min: 0, max: 20 }), unavailable: fc.integer({ min: 0, max: 5 }) }),
        (replicas, surge, unavailable, olds, nw) => {
          const d = deployment({ replicas, maxSurge: surge, maxUnavailable: unavailable });
          const oldRSs = olds.map((o, i) =>
            replicaSet({ name: `old${i}`, spec: o.spec, available: Math.max(0, o.spec - o.unavailable) }),
          );
          const newRS = replicaSet({ name: "new", spec: nw.spec, available: Math.max(0, nw.spec - nw.unavailable) });
          const result = reconcileOldReplicaSets([...oldRSs, newRS], oldRSs, newRS, d);
          expect(result.error).toBeUndefined();
          // apply the decisions; scaling a ReplicaSet down keeps at most its new size available
          const after = new Map(oldRSs.map((rs) => [rs.metadata?.name, rs]));
          for (const dec of result.decisions) {
            expect(dec.to).toBeLessThan(dec.from);
            const rs = after.get(dec.name)!;
            const available = Math.min(rs.status?.availableReplicas ?? 0, dec.to);
            after.set(dec.name, { ...dec.updated, status: { ...rs.status!, availableReplicas: available } });
          }
          const availableBefore = getAvailableReplicaCountForReplicaSets([...oldRSs, newRS]);
          const availableAfter = getAvailableReplicaCountForReplicaSets([...after.values(), newRS]);
          // only unhealthy pods or pods above minAvailable go
          expect(availableAfter).toBeGreaterThanOrEqual(Math.min(availableBefore, minAvailable(d)));
        },
      ),
    ));
});
