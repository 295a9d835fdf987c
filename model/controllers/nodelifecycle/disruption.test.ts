import { describe, expect, it } from "vitest";
import { timestamp } from "../../clock.ts";
import { clusterWith, getNode, getPod, memory, noExecute, readyOf, run, runPod, taintsOf } from "./cluster.test-support.ts";
import { LABEL_TOPOLOGY_ZONE } from "./zones.ts";

const zone = (z: string) => ({ [LABEL_TOPOLOGY_ZONE]: z });
const zoneKey = (z: string) => `:\u0000:${z}`;
const deleted = (s: Parameters<typeof getPod>[0], name: string) => getPod(s, name)?.metadata.deletionTimestamp !== undefined;

describe("node lifecycle controller: zone disruption", () => {
  it("full disruption (no node Ready anywhere) stops evictions: no NoExecute taint, no pod deleted", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "a", "n1");
    s = runPod(s, "b", "n2");
    s = run(s, 600);
    for (const n of ["n1", "n2"]) {
      expect(readyOf(getNode(s, n))).toBe("Unknown");
      expect(noExecute(getNode(s, n))).toEqual([]);
      // The scheduler still keeps new pods away: the NoSchedule taint by condition is not an eviction.
      expect(taintsOf(getNode(s, n)).map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    }
    expect(deleted(s, "a")).toBe(false);
    expect(deleted(s, "b")).toBe(false);
    // The pods are still marked not ready: that is not an eviction either.
    expect(readyOf(getPod(s, "a")!)).toBe("False");
    expect(memory(s).zoneStates).toEqual({ "": "FullDisruption" });
    expect(memory(s).tainters.limiters[""]!.qps).toBe(0);
  });

  it("leaving full disruption resumes tainting once the zone's fresh limiter refills", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "a", "n1");
    s = run(s, 100);
    // n2 comes back at t=100 and the pass at t=105 leaves disruption mode. The stopped limiter had no token,
    // so the new one starts drained (SwapLimiter): n1, queued since t=50, is tainted at 105 + 10.
    s = run(s, 20, ["n2"]);
    expect(memory(s).zoneStates).toEqual({ "": "Normal" });
    expect(taintsOf(getNode(s, "n1")).find((t) => t.effect === "NoExecute")).toEqual({ key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: timestamp(115) });
    s = run(s, 294, ["n2"]); // t = 414
    expect(deleted(s, "a")).toBe(false);
    s = run(s, 1, ["n2"]);
    expect(deleted(s, "a")).toBe(true);
  });

  it("partial disruption does not stop evictions: one silent node of two is evicted", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "a", "n1");
    s = runPod(s, "b", "n2");
    s = run(s, 600, ["n2"]);
    expect(memory(s).zoneStates).toEqual({ "": "Normal" });
    expect(deleted(s, "a")).toBe(true);
    expect(deleted(s, "b")).toBe(false);
  });

  it("a fully disrupted zone beside a live one is evicted at the normal rate (Kubernetes' handleDisruption)", () => {
    let s = clusterWith({}, { n1: zone("a"), n2: zone("b") });
    s = runPod(s, "a", "n1");
    s = run(s, 600, ["n2"]);
    expect(memory(s).zoneStates).toEqual({ [zoneKey("a")]: "FullDisruption", [zoneKey("b")]: "Normal" });
    expect(deleted(s, "a")).toBe(true);
  });

  it("a small zone in partial disruption (3 of 4 down, ≥ 55%) stops tainting; its pods stay", () => {
    let s = clusterWith({}, { n1: {}, n2: {}, n3: {}, n4: {} });
    s = runPod(s, "a", "n1");
    s = run(s, 600, ["n4"]);
    expect(memory(s).zoneStates).toEqual({ "": "PartialDisruption" });
    expect(["n1", "n2", "n3"].map((n) => noExecute(getNode(s, n)))).toEqual([[], [], []]);
    expect(deleted(s, "a")).toBe(false);
  });

  it("the tainter is rate limited to one node per 10 s in a zone (0.1 QPS, burst 1)", () => {
    // 3 of 6 down: not partial (50% < 55%), so the normal rate applies.
    let s = clusterWith({}, { n1: {}, n2: {}, n3: {}, n4: {}, n5: {}, n6: {} });
    s = run(s, 120, ["n4", "n5", "n6"]);
    const times = ["n1", "n2", "n3"].map((n) => taintsOf(getNode(s, n)).find((t) => t.effect === "NoExecute")?.timeAdded);
    expect(times).toEqual([timestamp(50), timestamp(60), timestamp(70)]);
  });

  it("the variant without the full-disruption rule evicts even when every node is silent", () => {
    let s = clusterWith({ stopEvictionsOnFullDisruption: false }, { n1: {}, n2: {} });
    s = runPod(s, "a", "n1");
    s = run(s, 600);
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
    expect(deleted(s, "a")).toBe(true);
  });
});
