import { describe, expect, it } from "vitest";
import {
  caseName,
  casesOf,
  NOW,
  TEST_BINARY_SCALE_UP_LIMIT_FACTOR,
  toEvents,
  toRules,
  type NormalizeBehaviorCase,
  type NormalizeRulesCase,
  type ScaleLimitCase,
  type StabilizeCase,
} from "./fixtures.test-support.ts";
import {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  generateScaleDownRules,
  generateScaleUpRules,
  getReplicasChangePerPeriod,
  hpaNormalizeReplicas,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type ResolvedScalingRules,
  type ScalingPolicy,
  type SelectPolicy,
} from "./normalize.ts";

describe("fidelity: convertDesiredReplicasWithRules (horizontal_test.go)", () => {
  for (const { index, c } of casesOf<NormalizeRulesCase>("normalize-rules")) {
    it(caseName(c.kind, index, c.source), () => {
      if (typeof c.expectedReplicas === "number") {
        expect(hpaNormalizeReplicas(c.currentReplicas, c.desiredReplicas, c.minReplicas, c.maxReplicas)).toEqual({
          replicas: c.expectedReplicas,
          condition: c.expectedCondition,
        });
        expect(
          hpaNormalizeReplicas(c.currentReplicas, c.desiredReplicas, c.minReplicas, c.maxReplicas, TEST_BINARY_SCALE_UP_LIMIT_FACTOR),
        ).toEqual({ replicas: c.expectedReplicas, condition: c.expectedCondition });
        return;
      }
      // The expectation is an expression (calculateScaleUpLimit(n)): check both factor settings.
      expect(hpaNormalizeReplicas(c.currentReplicas, c.desiredReplicas, c.minReplicas, c.maxReplicas)).toEqual({
        replicas: c.expectedReplicasProduction,
        condition: c.expectedCondition,
      });
      expect(
        hpaNormalizeReplicas(c.currentReplicas, c.desiredReplicas, c.minReplicas, c.maxReplicas, TEST_BINARY_SCALE_UP_LIMIT_FACTOR),
      ).toEqual({ replicas: c.expectedReplicasInTestBinary, condition: c.expectedCondition });
    });
  }
});

describe("fidelity: convertDesiredReplicasWithBehaviorRate (TestScalingWithRules)", () => {
  for (const { index, c } of casesOf<NormalizeBehaviorCase>("normalize-behavior")) {
    it(caseName(c.kind, index, c.source), () => {
      const r = convertDesiredReplicasWithBehaviorRate(
        {
          scaleUpBehavior: toRules(c.scaleUp),
          scaleDownBehavior: toRules(c.scaleDown),
          minReplicas: c.minReplicas,
          maxReplicas: c.maxReplicas,
          currentReplicas: c.currentReplicas,
          desiredReplicas: c.desiredReplicas,
        },
        toEvents(c.scaleUpEvents),
        toEvents(c.scaleDownEvents),
        NOW,
      );
      expect({ replicas: r.replicas, condition: r.condition }).toEqual({ replicas: c.expectedReplicas, condition: c.expectedCondition });
    });
  }
});

describe("fidelity: stabilizeRecommendation (TestNormalizeDesiredReplicas)", () => {
  for (const { index, c } of casesOf<StabilizeCase>("stabilize")) {
    it(caseName(c.kind, index, c.source), () => {
      const r = stabilizeRecommendation(
        c.recommendations.map((x) => ({ recommendation: x.replicas, timestamp: NOW - x.ageSeconds })),
        c.desiredReplicas,
        NOW,
        c.downscaleStabilizationWindowSeconds,
      );
      expect(r.replicas).toBe(c.expectedReplicas);
      expect(r.recommendations).toHaveLength(c.expectedHistoryLength);
    });
  }
});

/**
 * The scale-limit rows describe their Go call in `function`, e.g.
 * "calculateScaleUpLimitWithScalingRules(currentReplicas=1, no events, policies Pods 2/60s & Percent 50%/60s, selectPolicy Min)".
 */
function parseScaleLimitCall(text: string): { fn: string; current: number; rules: ResolvedScalingRules } {
  const fn = /^(\w+)\(/.exec(text)?.[1] ?? "";
  const current = Number(/currentReplicas=(\d+)/.exec(text)?.[1]);
  const select = (/selectPolicy (\w+)/.exec(text)?.[1] ?? "Max") as SelectPolicy;
  const policies: ScalingPolicy[] = [...text.matchAll(/(Pods|Percent) (\d+)%?\/(\d+)s/g)].map((m) => ({
    type: m[1] as "Pods" | "Percent",
    value: Number(m[2]),
    periodSeconds: Number(m[3]),
  }));
  const window = /window (\d+)/.exec(text)?.[1];
  return { fn, current, rules: { selectPolicy: select, stabilizationWindowSeconds: window === undefined ? null : Number(window), policies } };
}

describe("fidelity: behavior limit calculators", () => {
  for (const { index, c } of casesOf<ScaleLimitCase>("scale-limit")) {
    it(caseName(c.kind, index, c.source), () => {
      const call = parseScaleLimitCall(c.function);
      expect(Number.isInteger(call.current)).toBe(true);
      expect(call.rules.policies.length).toBeGreaterThan(0);
      const calc =
        call.fn === "calculateScaleDownLimitWithBehaviors" ? calculateScaleDownLimitWithBehaviors : calculateScaleUpLimitWithScalingRules;
      expect(["calculateScaleDownLimitWithBehaviors", "calculateScaleUpLimitWithScalingRules"]).toContain(call.fn);
      expect(calc(call.current, [], [], call.rules, NOW)).toBe(c.expected);
    });
  }
});

describe("normalization details", () => {
  it("calculateScaleUpLimit: max(factor × current, 4)", () => {
    expect(calculateScaleUpLimit(1)).toBe(4);
    expect(calculateScaleUpLimit(3)).toBe(6);
    expect(calculateScaleUpLimit(3, 8)).toBe(24);
  });

  it("convertDesiredReplicasWithRules: TooFewReplicas wins over the upper limits", () => {
    expect(convertDesiredReplicasWithRules(5, 1, 3, 8).condition).toBe("TooFewReplicas");
    expect(convertDesiredReplicasWithRules(5, 20, 3, 8)).toMatchObject({ replicas: 8, condition: "TooManyReplicas" });
    expect(convertDesiredReplicasWithRules(2, 20, 1, 8)).toMatchObject({ replicas: 4, condition: "ScaleUpLimit" });
  });

  it("normalizeDesiredReplicas: a scale-down is held by a recent higher recommendation", () => {
    const r = normalizeDesiredReplicas({
      currentReplicas: 5,
      desiredReplicas: 3,
      minReplicas: 1,
      maxReplicas: 10,
      recommendations: [{ recommendation: 5, timestamp: NOW - 299 }],
      now: NOW,
    });
    expect(r.replicas).toBe(5);
    expect(r.ableToScale.reason).toBe("ScaleDownStabilized");
    expect(r.scalingLimited).toMatchObject({ status: "False", reason: "DesiredWithinRange" });
    const later = normalizeDesiredReplicas({
      currentReplicas: 5,
      desiredReplicas: 3,
      minReplicas: 1,
      maxReplicas: 10,
      recommendations: [{ recommendation: 5, timestamp: NOW - 301 }],
      now: NOW,
    });
    expect(later.replicas).toBe(3);
    expect(later.ableToScale.reason).toBe("ReadyForNewScale");
    expect(later.recommendations).toEqual([{ recommendation: 3, timestamp: NOW }]);
  });

  it("API defaults for behavior rules", () => {
    expect(generateScaleUpRules(null)).toEqual({
      selectPolicy: "Max",
      stabilizationWindowSeconds: 0,
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    });
    expect(generateScaleDownRules(undefined)).toEqual({
      selectPolicy: "Max",
      stabilizationWindowSeconds: null,
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
    });
    expect(generateScaleDownRules({ stabilizationWindowSeconds: 60 })).toMatchObject({ selectPolicy: "Max", stabilizationWindowSeconds: 60 });
  });

  it("stabilizeRecommendationWithBehaviors: windows per direction", () => {
    const args = {
      scaleUpBehavior: { ...generateScaleUpRules(null), stabilizationWindowSeconds: 60 },
      scaleDownBehavior: { ...generateScaleDownRules(null), stabilizationWindowSeconds: 300 },
      minReplicas: 1,
      maxReplicas: 100,
      currentReplicas: 5,
      desiredReplicas: 10,
    };
    const recs = [
      { recommendation: 7, timestamp: NOW - 30 },
      { recommendation: 2, timestamp: NOW - 200 },
      { recommendation: 1, timestamp: NOW - 1000 },
    ];
    const up = stabilizeRecommendationWithBehaviors(args, recs, NOW);
    expect(up.replicas).toBe(7);
    expect(up.reason).toBe("ScaleUpStabilized");
    expect(up.recommendations).toEqual([recs[0], recs[1], { recommendation: 10, timestamp: NOW }]);
    const down = stabilizeRecommendationWithBehaviors({ ...args, desiredReplicas: 1 }, recs, NOW);
    expect(down.replicas).toBe(5);
    expect(down.reason).toBe("ScaleDownStabilized");
  });

  it("normalizeDesiredReplicasWithBehaviors: default rules scale up by max(+4, +100%) and hold scale-down for 300 s", () => {
    const up = normalizeDesiredReplicasWithBehaviors({
      currentReplicas: 3,
      desiredReplicas: 40,
      minReplicas: 1,
      maxReplicas: 100,
      behavior: {},
      recommendations: [],
      now: NOW,
    });
    expect(up.replicas).toBe(7);
    expect(up.scalingLimited).toMatchObject({ status: "True", reason: "ScaleUpLimit" });
    const down = normalizeDesiredReplicasWithBehaviors({
      currentReplicas: 10,
      desiredReplicas: 2,
      minReplicas: 1,
      maxReplicas: 100,
      behavior: {},
      recommendations: [{ recommendation: 10, timestamp: NOW - 200 }],
      now: NOW,
    });
    expect(down.replicas).toBe(10);
    expect(down.ableToScale.reason).toBe("ScaleDownStabilized");
  });

  it("scale events: change per period, and storeScaleEvent reuses outdated slots", () => {
    const events = [
      { replicaChange: 3, timestamp: NOW - 100 },
      { replicaChange: 4, timestamp: NOW - 10 },
    ];
    expect(getReplicasChangePerPeriod(60, events, NOW)).toBe(4);
    expect(getReplicasChangePerPeriod(100, events, NOW)).toBe(4);
    expect(getReplicasChangePerPeriod(101, events, NOW)).toBe(7);
    const stored = storeScaleEvent({}, events, [], 5, 9, NOW);
    expect(stored.scaleUpEvents).toEqual([
      { replicaChange: 4, timestamp: NOW, outdated: false },
      { replicaChange: 4, timestamp: NOW - 10 },
    ]);
    expect(storeScaleEvent(null, events, [], 5, 9, NOW).scaleUpEvents).toEqual(events);
    expect(storeScaleEvent({}, [], [], 9, 5, NOW).scaleDownEvents).toEqual([{ replicaChange: 4, timestamp: NOW, outdated: false }]);
  });

  it("Disabled select policy forbids change in that direction", () => {
    const rules: ResolvedScalingRules = { selectPolicy: "Disabled", stabilizationWindowSeconds: 0, policies: [] };
    expect(calculateScaleUpLimitWithScalingRules(5, [], [], rules, NOW)).toBe(5);
    expect(calculateScaleDownLimitWithBehaviors(5, [], [], rules, NOW)).toBe(5);
  });
});
