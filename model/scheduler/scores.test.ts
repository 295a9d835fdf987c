import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../objects/types.ts";
import { btreeFrom } from "../collections/btree.ts";
import { balancedAllocationScore, defaultNormalizeScore, intolerablePreferNoScheduleTaints, leastAllocatedScore, leastRequestedScore, prioritizeNodes, selectHost } from "./scores.ts";
import { numFeasibleNodesToFind, scheduleOne, viewOf } from "./schedule-one.ts";
import { nodesAvailableMessage } from "./fit-error.ts";
import { prepareCyclePod, runFilterPlugins } from "./filters.ts";
import { emptyNodeInfo } from "./cache.ts";
import { nodeAllocatable } from "./resources.ts";
import { DEFAULT_SCHEDULER_OPTIONS, type NodeInfo } from "./types.ts";

const pod = (spec: Record<string, unknown>): KObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec });
const reqPod = (cpu: string, memory: string, extra: Record<string, unknown> = {}) => pod({ containers: [{ name: "c", image: "x", resources: { requests: { cpu, memory } } }], ...extra });
const nodeInfo = (name: string, cpu: string, memory: string, used: { cpu?: number; memory?: number; pods?: number } = {}, meta: { labels?: Record<string, string>; taints?: unknown[] } = {}): NodeInfo => {
  const node: KObject = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: meta.labels ?? {} },
    spec: meta.taints ? { taints: meta.taints } : {},
    status: { allocatable: { cpu, memory, pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
  };
  const u = { milliCPU: used.cpu ?? 0, memory: used.memory ?? 0, ephemeralStorage: 0 };
  return { ...emptyNodeInfo(name), node, ...nodeAllocatable(node), requested: u, nonZeroRequested: { milliCPU: u.milliCPU, memory: u.memory }, podCount: used.pods ?? 0 };
};
const view = (nodes: NodeInfo[], nextStartNodeIndex = 0) => viewOf(btreeFrom(nodes.map((n) => [n.name, n] as const)), nextStartNodeIndex);

describe("resource scores (least_allocated.go, balanced_allocation.go)", () => {
  it("LeastAllocated: the mean unused share, integer arithmetic", () => {
    // Pod 3000m/5000 on nodes 4000m/10000 and 6000m/10000 (least_allocated_test.go "differently sized nodes").
    expect(leastAllocatedScore([3000, 5000], [4000, 10000], [1, 1])).toBe(37);
    expect(leastAllocatedScore([3000, 5000], [6000, 10000], [1, 1])).toBe(50);
    expect(leastRequestedScore(5, 4)).toBe(0);
    expect(leastRequestedScore(1, 0)).toBe(0);
    expect(leastAllocatedScore([1, 1], [0, 0], [1, 1])).toBe(0);
  });

  it("BalancedAllocation: 100 × (1 − std of the fractions), fractions capped at 1", () => {
    expect(balancedAllocationScore([3000, 5000], [4000, 10000])).toBe(87);
    expect(balancedAllocationScore([3000, 5000], [6000, 10000])).toBe(100);
    expect(balancedAllocationScore([8000, 0], [4000, 10000])).toBe(50);
    expect(balancedAllocationScore([1, 2, 3], [4, 4, 4])).toBe(79);
  });

  it("DefaultNormalizeScore scales by the maximum, reversed for taints; all zero stays put", () => {
    expect(defaultNormalizeScore(100, false, [1, 2, 4])).toEqual([25, 50, 100]);
    expect(defaultNormalizeScore(100, true, [1, 2, 4])).toEqual([75, 50, 0]);
    expect(defaultNormalizeScore(100, true, [0, 0])).toEqual([100, 100]);
    expect(defaultNormalizeScore(100, false, [0, 0])).toEqual([0, 0]);
  });

  it("counts untolerated PreferNoSchedule taints only", () => {
    const taints = [{ key: "a", effect: "PreferNoSchedule" }, { key: "b", effect: "PreferNoSchedule" }, { key: "c", effect: "NoSchedule" }];
    expect(intolerablePreferNoScheduleTaints(taints, [])).toBe(2);
    expect(intolerablePreferNoScheduleTaints(taints, [{ key: "a", operator: "Exists", effect: "PreferNoSchedule" }, { key: "b", operator: "Exists", effect: "NoSchedule" }])).toBe(1);
  });

  it("weights the plugins as the default profile does and breaks ties by the lowest name", () => {
    const p = prepareCyclePod(reqPod("1", "1Gi"));
    const nodes = [nodeInfo("b", "4", "8Gi"), nodeInfo("a", "4", "8Gi"), nodeInfo("c", "4", "8Gi", {}, { taints: [{ key: "x", effect: "PreferNoSchedule" }] })];
    const scores = prioritizeNodes(p, nodes, DEFAULT_SCHEDULER_OPTIONS);
    expect(scores.map((s) => [s.name, s.scores])).toEqual([
      ["b", { NodeResourcesFit: 81, NodeResourcesBalancedAllocation: 93, TaintToleration: 100, NodeAffinity: 0 }],
      ["a", { NodeResourcesFit: 81, NodeResourcesBalancedAllocation: 93, TaintToleration: 100, NodeAffinity: 0 }],
      ["c", { NodeResourcesFit: 81, NodeResourcesBalancedAllocation: 93, TaintToleration: 0, NodeAffinity: 0 }],
    ]);
    expect(scores.map((s) => s.total)).toEqual([81 + 93 + 300, 81 + 93 + 300, 81 + 93]);
    expect(selectHost(scores)).toBe("a");
  });
});

describe("scheduleOne", () => {
  it("numFeasibleNodesToFind: every node below 100, then an adaptive share of at least 100", () => {
    expect([50, 100, 1000, 5000, 10000].map((n) => numFeasibleNodesToFind(0, n))).toEqual([50, 100, 420, 500, 500]);
    expect(numFeasibleNodesToFind(20, 1000)).toBe(200);
  });

  it("stops filtering once enough nodes fit and starts the next pass where this one stopped", () => {
    const nodes = Array.from({ length: 250 }, (_, i) => nodeInfo(`n${String(i).padStart(3, "0")}`, "4", "8Gi"));
    const r = scheduleOne(view(nodes, 240), reqPod("100m", "1Mi"));
    // 250 nodes: 50% − 250/125 = 48% → 120 nodes, from index 240 round to 109.
    expect(r).toMatchObject({ kind: "scheduled", feasibleNodes: 120, evaluatedNodes: 120, nextStartNodeIndex: 110 });
    // All tie: the lowest name among the nodes looked at (n240..n249 and n000..n109).
    expect(r.kind === "scheduled" && r.node).toBe("n000");
  });

  it("takes the only feasible node without scoring it", () => {
    const r = scheduleOne(view([nodeInfo("a", "1", "1Gi"), nodeInfo("b", "8", "1Gi")]), reqPod("2", "1Mi"));
    expect(r).toMatchObject({ kind: "scheduled", node: "b", feasibleNodes: 1, evaluatedNodes: 2, scores: [] });
  });

  it("explains a failure with a histogram sorted as strings, as Go's sort.Strings does", () => {
    const nodes = [...Array.from({ length: 10 }, (_, i) => nodeInfo(`small${i}`, "1", "1Gi")), nodeInfo("x", "8", "8Gi", {}, { labels: { zone: "b" } }), nodeInfo("y", "8", "8Gi", {}, { labels: { zone: "b" } })];
    const anti = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["b"] }] }] } } };
    const r = scheduleOne(view(nodes), reqPod("2", "1Mi", { affinity: anti }));
    expect(r.kind).toBe("unschedulable");
    if (r.kind !== "unschedulable") return;
    expect(r.message).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    expect(r.unschedulablePlugins).toEqual(["NodeAffinity", "NodeResourcesFit"]);
    const never = scheduleOne(view(nodes), reqPod("2", "1Mi", { affinity: anti, preemptionPolicy: "Never" }));
    expect(never.kind === "unschedulable" && never.message).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: not eligible due to preemptionPolicy=Never.",
    );
    expect(nodesAvailableMessage(3, [])).toBe("0/3 nodes are available:");
  });

  it("picks a feasible node with the highest total score (property)", () =>
    fc.assert(
      fc.property(
        fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8 }), mem: fc.integer({ min: 1, max: 16 }), usedCpu: fc.integer({ min: 0, max: 8000 }), usedMem: fc.integer({ min: 0, max: 16 }), zone: fc.constantFrom("a", "b") }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 0, max: 8 }),
        fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
        (specs, podCpu, podMemGi, zone) => {
          const nodes = specs.map((s, i) => nodeInfo(`n${i}`, String(s.cpu), `${s.mem}Gi`, { cpu: s.usedCpu, memory: s.usedMem * 2 ** 30 }, { labels: { zone: s.zone } }));
          const p = reqPod(`${podCpu}m`, `${podMemGi}Gi`, zone ? { nodeSelector: { zone } } : {});
          const cp = prepareCyclePod(p);
          const feasible = nodes.filter((n) => runFilterPlugins(cp, n, DEFAULT_SCHEDULER_OPTIONS) === undefined);
          const r = scheduleOne(view(nodes), p);
          if (feasible.length === 0) {
            expect(r.kind).toBe("unschedulable");
            return;
          }
          expect(r.kind).toBe("scheduled");
          if (r.kind !== "scheduled") return;
          expect(feasible.map((n) => n.name)).toContain(r.node);
          if (feasible.length > 1) {
            const totals = prioritizeNodes(cp, feasible, DEFAULT_SCHEDULER_OPTIONS);
            const best = Math.max(...totals.map((t) => t.total));
            const winners = totals.filter((t) => t.total === best).map((t) => t.name).sort();
            expect(r.node).toBe(winners[0]);
          }
        },
      ),
    ));
});
