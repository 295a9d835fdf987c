import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { advance } from "../../advance.ts";
import { settle } from "../../settle.ts";
import { addPod, createDeployment, createHpa, hpaCluster, replicasOf, setCpu } from "./hpa.test-support.ts";

/**
 * The first sync of an HPA over n Ready pods, each requesting 100m and using u_i milli-cpu, with target t%:
 * the documented algorithm (desiredReplicas = ceil(currentReplicas × currentMetric / desiredMetric), skipped
 * within the 10% tolerance), bounded by [minReplicas, maxReplicas] and the scale-up limit max(2n, 4); never a
 * scale-down, since the recommendation history starts with the current size.
 */
describe("HPA controller: properties of the first sync", () => {
  const input = fc.record({
    usages: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 6 }),
    target: fc.integer({ min: 10, max: 100 }),
    belowMin: fc.integer({ min: 0, max: 5 }),
    aboveMax: fc.integer({ min: 0, max: 15 }),
  });

  it("scales up exactly when utilization exceeds the target by more than the tolerance, within the limits", () =>
    fc.assert(
      fc.property(input, ({ usages, target, belowMin, aboveMax }) => {
        const n = usages.length;
        const min = Math.max(1, n - belowMin);
        const max = n + aboveMax;
        let s = createDeployment(hpaCluster(), "web", n);
        usages.forEach((u, i) => {
          s = setCpu(addPod(s, `web-${i}`), `web-${i}`, u);
        });
        s = settle(createHpa(s, "web", { min, max, cpuUtilization: target })).state;
        const r = replicasOf(advance(s, 15).state);

        const utilization = Math.floor(usages.reduce((a, b) => a + b, 0) / n); // % of the summed 100m requests
        const ratio = utilization / target;
        expect(r).toBeGreaterThanOrEqual(n);
        expect(r).toBeLessThanOrEqual(max);
        expect(r).toBeLessThanOrEqual(Math.max(2 * n, 4));
        expect(r > n).toBe(ratio > 1.1 && n < max);
        if (r > n) expect(r).toBe(Math.min(max, Math.max(2 * n, 4), Math.ceil(ratio * n)));
      }),
      { numRuns: 60 },
    ));
});
