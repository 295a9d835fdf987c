import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { convertDesiredReplicasWithBehaviorRate, generateScaleDownRules, generateScaleUpRules, hpaNormalizeReplicas } from "./normalize.ts";
import { hpaReplicas } from "./replica-calculator.ts";

/** min ≤ current ≤ max, as reconcileAutoscaler guarantees before normalizing (it clamps out-of-range sizes first). */
const inRange = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }))
  .map(([a, b, c]) => [a, b, c].sort((x, y) => x - y) as [number, number, number])
  .filter(([min, current]) => current > 0 || min === 0);

describe("HPA properties", () => {
  it("normalized replicas stay within [minReplicas, maxReplicas] and never pass the desired count", () =>
    fc.assert(
      fc.property(inRange, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 10 }), ([min, current, max], desired, factor) => {
        const { replicas } = hpaNormalizeReplicas(current, desired, min, max, factor);
        expect(replicas).toBeGreaterThanOrEqual(min);
        expect(replicas).toBeLessThanOrEqual(max);
        if (desired >= min) expect(replicas).toBeLessThanOrEqual(desired);
      }),
    ));

  it("behavior rate limits move from current towards desired, within [min, max]", () =>
    fc.assert(
      fc.property(
        inRange,
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom("Max", "Min", "Disabled" as const),
        fc.array(fc.record({ type: fc.constantFrom("Pods", "Percent" as const), value: fc.integer({ min: 1, max: 300 }), periodSeconds: fc.integer({ min: 1, max: 600 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ replicaChange: fc.integer({ min: 0, max: 20 }), timestamp: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 4 }),
        ([min, current, max], desired, selectPolicy, policies, events) => {
          const rules = { selectPolicy, policies };
          const r = convertDesiredReplicasWithBehaviorRate(
            {
              scaleUpBehavior: generateScaleUpRules(rules),
              scaleDownBehavior: generateScaleDownRules(rules),
              minReplicas: min,
              maxReplicas: max,
              currentReplicas: current,
              desiredReplicas: desired,
            },
            events,
            events,
            1000,
          );
          expect(r.replicas).toBeGreaterThanOrEqual(Math.max(min, Math.min(current, desired)));
          expect(r.replicas).toBeLessThanOrEqual(Math.min(max, Math.max(current, desired)));
        },
      ),
    ));

  it("with every pod ready and measured, the calculator gives ceil(ratio × pods) outside tolerance, else the current count", () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 8000 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        ([...rows], target) => {
          const pods = rows.map(([requestMilli, usageMilli], i) => ({ name: `p${i}`, phase: "Running", ready: true, requestMilli, usageMilli }));
          const current = pods.length;
          const r = hpaReplicas({ currentReplicas: current, targetUtilization: target, pods });
          const ratio = r.utilization / target;
          if (ratio > 1 + 0.1) expect(r.replicas).toBeGreaterThan(current);
          else if (ratio < 1 - 0.1) expect(r.replicas).toBeLessThanOrEqual(current);
          else expect(r.replicas).toBe(current);
          // The count is the ready pods scaled by the ratio, rounded up.
          if (ratio < 1 - 0.1 || ratio > 1 + 0.1) expect(r.replicas).toBe(Math.ceil(ratio * current));
        },
      ),
    ));
});
