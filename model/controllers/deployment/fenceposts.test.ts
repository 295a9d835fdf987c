import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maxSurge, maxUnavailable, minAvailable, resolveFenceposts } from "./fenceposts.ts";
import { deployment, ios, num, rowsOf, testName, type Row } from "./fixtures.test-support.ts";

function rowDeployment(row: Row) {
  return deployment({
    replicas: row["replicas"] as number | null,
    strategy: row["strategy"] as string,
    maxSurge: ios(row, "maxSurge"),
    maxUnavailable: ios(row, "maxUnavailable"),
  });
}

describe("resolveFenceposts (deployment_util.go ResolveFenceposts) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("resolve-fenceposts")) {
    it(testName(r), () => {
      const { row } = r;
      const run = () => resolveFenceposts(ios(row, "maxSurge"), ios(row, "maxUnavailable"), num(row, "replicas"));
      if (row["expectError"] === true) {
        expect(run).toThrow();
      } else {
        expect(run()).toEqual({ surge: row["expectedSurge"], unavailable: row["expectedUnavailable"] });
      }
    });
  }
});

describe("maxUnavailable / minAvailable (deployment_util.go) against deployment_util_test.go vectors", () => {
  for (const r of rowsOf("max-unavailable")) {
    it(testName(r), () => expect(maxUnavailable(rowDeployment(r.row))).toBe(r.row["expected"]));
  }
  for (const r of rowsOf("min-available")) {
    it(testName(r), () => expect(minAvailable(rowDeployment(r.row))).toBe(r.row["expected"]));
  }
});

describe("fenceposts, other behaviour", () => {
  it("gives 0 for a Recreate deployment and for 0 replicas", () => {
    const recreate = deployment({ replicas: 10, strategy: "Recreate", maxSurge: 1, maxUnavailable: 5 });
    expect(maxUnavailable(recreate)).toBe(0);
    expect(minAvailable(recreate)).toBe(0);
    expect(maxSurge(recreate)).toBe(0);
    expect(maxUnavailable(deployment({ replicas: 0, maxSurge: 1, maxUnavailable: 10 }))).toBe(0);
    expect(maxSurge(deployment({ replicas: 10, maxSurge: "25%", maxUnavailable: "25%" }))).toBe(3);
  });

  it("treats an invalid value as 0/0, as Go's callers that ignore the error do", () => {
    const d = deployment({ replicas: 10, maxSurge: "oops", maxUnavailable: 2 });
    expect(maxUnavailable(d)).toBe(0);
    expect(maxSurge(d)).toBe(0);
  });

  const validIntOrString = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
  );

  it("never resolves both fenceposts to zero for valid input", () =>
    fc.assert(
      fc.property(validIntOrString, validIntOrString, fc.integer({ min: 0, max: 10000 }), (s, u, replicas) => {
        const { surge, unavailable } = resolveFenceposts(s, u, replicas);
        expect(surge > 0 || unavailable > 0).toBe(true);
        expect(surge).toBeGreaterThanOrEqual(0);
        expect(unavailable).toBeGreaterThanOrEqual(0);
      }),
    ));

  it("keeps minAvailable within [0, replicas]", () =>
    fc.assert(
      fc.property(validIntOrString, validIntOrString, fc.integer({ min: 0, max: 10000 }), (s, u, replicas) => {
        const m = minAvailable(deployment({ replicas, maxSurge: s, maxUnavailable: u }));
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(replicas);
      }),
    ));
});
