import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../../objects/types.ts";
import { computeZoneState, computeZoneStates, getZoneKey, zoneEvictionQPS } from "./zones.ts";
import { newTokenBucket, secondsUntilToken, swapLimiter, tainterAdd, tainterRemove, tainterTry, emptyTainters, ensureZone, tryAccept } from "./rate-limited-queue.ts";

const node = (labels?: Record<string, string>): KObject => ({ apiVersion: "v1", kind: "Node", metadata: { name: "n", ...(labels ? { labels } : {}) } });
const cond = (status: string) => ({ status });

describe("zones", () => {
  it("GetZoneKey: region:\\0:zone from the GA labels, the beta ones as fallback, '' without either", () => {
    expect(getZoneKey(node())).toBe("");
    expect(getZoneKey(node({ "topology.kubernetes.io/zone": "a" }))).toBe(":\u0000:a");
    expect(getZoneKey(node({ "topology.kubernetes.io/region": "r", "topology.kubernetes.io/zone": "a" }))).toBe("r:\u0000:a");
    expect(getZoneKey(node({ "failure-domain.beta.kubernetes.io/region": "r", "failure-domain.beta.kubernetes.io/zone": "b" }))).toBe("r:\u0000:b");
    expect(getZoneKey(node({ "topology.kubernetes.io/zone": "a", "failure-domain.beta.kubernetes.io/zone": "b" }))).toBe(":\u0000:a");
  });

  it("ComputeZoneState on the upstream table (node_lifecycle_controller_test.go shapes)", () => {
    expect(computeZoneState([cond("True"), cond("True")])).toEqual({ notReady: 0, state: "Normal" });
    expect(computeZoneState([cond("Unknown"), cond("False"), undefined])).toEqual({ notReady: 3, state: "FullDisruption" });
    expect(computeZoneState([cond("Unknown"), cond("True")])).toEqual({ notReady: 1, state: "Normal" });
    // Two not-ready are never "partial", whatever the ratio: the rule needs more than two.
    expect(computeZoneState([cond("Unknown"), cond("Unknown"), cond("True")])).toEqual({ notReady: 2, state: "Normal" });
    expect(computeZoneState([cond("Unknown"), cond("Unknown"), cond("Unknown"), cond("True")])).toEqual({ notReady: 3, state: "PartialDisruption" });
    expect(computeZoneState([cond("Unknown"), cond("Unknown"), cond("Unknown"), cond("True"), cond("True"), cond("True")])).toEqual({ notReady: 3, state: "Normal" });
    expect(computeZoneState([])).toEqual({ notReady: 0, state: "Normal" });
  });

  it("computeZoneStates groups by zone and leaves out excluded nodes", () => {
    const a = node({ "topology.kubernetes.io/zone": "a" });
    const b = node({ "topology.kubernetes.io/zone": "b" });
    const excluded = node({ "topology.kubernetes.io/zone": "b", "node.kubernetes.io/exclude-disruption": "" });
    expect(computeZoneStates([{ node: a, ready: cond("Unknown") }, { node: b, ready: cond("True") }, { node: excluded, ready: cond("Unknown") }])).toEqual({
      ":\u0000:a": "FullDisruption",
      ":\u0000:b": "Normal",
    });
  });

  it("eviction QPS per zone state: partial stops small zones and slows large ones", () => {
    expect(zoneEvictionQPS("Normal", 3)).toBe(0.1);
    expect(zoneEvictionQPS("FullDisruption", 3)).toBe(0.1);
    expect(zoneEvictionQPS("PartialDisruption", 50)).toBe(0);
    expect(zoneEvictionQPS("PartialDisruption", 51)).toBe(0.01);
  });

  const statuses = fc.array(fc.option(fc.constantFrom("True", "False", "Unknown"), { nil: undefined }), { maxLength: 40 });

  it("ComputeZoneState: Full iff nodes and none Ready; Partial only with more than 2 down and ≥ threshold; order does not matter", () =>
    fc.assert(
      fc.property(statuses, fc.integer({ min: 0, max: 1000 }), (list, seed) => {
        const conds = list.map((s) => (s === undefined ? undefined : cond(s)));
        const ready = list.filter((s) => s === "True").length;
        const down = list.length - ready;
        const r = computeZoneState(conds);
        expect(r.notReady).toBe(down);
        expect(r.state === "FullDisruption").toBe(ready === 0 && down > 0);
        if (r.state === "PartialDisruption") expect(down > 2 && down / list.length >= 0.55).toBe(true);
        const shuffled = [...conds].sort((x, y) => ((JSON.stringify(x) + seed).length % 3) - ((JSON.stringify(y) + seed).length % 3));
        expect(computeZoneState(shuffled)).toEqual(r);
      }),
    ));
});

describe("rate-limited tainter", () => {
  it("a token bucket at q QPS with burst 1 accepts at most 1 + floor(q·t) times in t seconds", () =>
    fc.assert(
      fc.property(fc.constantFrom(0.1, 0.01, 0.5), fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 60 }), (qps, steps) => {
        let b = newTokenBucket(qps, 0);
        let t = 0;
        let accepted = 0;
        for (const ms of steps) {
          t += ms / 1000;
          const r = tryAccept(b, t);
          b = r.bucket;
          if (r.ok) accepted++;
        }
        expect(accepted).toBeLessThanOrEqual(1 + Math.floor(qps * t + 1e-9));
      }),
    ));

  it("Try takes one node per token; a processed node stays in the set until Remove", () => {
    let t = ensureZone(emptyTainters(), "z", 0.1, 0);
    for (const n of ["a", "b", "c"]) t = tainterAdd(t, "z", n, `uid-${n}`, 0).tainters;
    const done: string[] = [];
    const pass = (now: number) => {
      const r = tainterTry(t, "z", now, done, (s, v) => ({ s: [...s, v.value], ok: true, wait: 0 }));
      t = r.tainters;
      done.splice(0, done.length, ...r.s);
    };
    pass(0);
    expect(done).toEqual(["a"]);
    pass(5);
    expect(done).toEqual(["a"]);
    expect(secondsUntilToken(t.limiters.z!, 5)).toBeCloseTo(5);
    pass(10);
    pass(20);
    expect(done).toEqual(["a", "b", "c"]);
    // "a" was processed: Add refuses it until Remove.
    expect(tainterAdd(t, "z", "a", "uid-a", 30).added).toBe(false);
    t = tainterRemove(t, "z", "a").tainters;
    expect(tainterAdd(t, "z", "a", "uid-a", 30).added).toBe(true);
  });

  it("SwapLimiter: 0 QPS never accepts; a drained limiter hands over a drained one", () => {
    let t = ensureZone(emptyTainters(), "z", 0.1, 0);
    t = swapLimiter(t, "z", 0, 0);
    expect(tryAccept(t.limiters.z!, 1000).ok).toBe(false);
    t = swapLimiter(t, "z", 0.1, 1000);
    expect(tryAccept(t.limiters.z!, 1000).ok).toBe(false);
    expect(tryAccept(t.limiters.z!, 1010).ok).toBe(true);
  });
});
