import { describe, expect, it } from "vitest";
import type { KObject } from "../objects/types.ts";
import { podNonZeroRequests, podRequests, nodeAllocatable } from "./resources.ts";
import { effectiveTaints, findMatchingUntoleratedTaint, doNotScheduleTaint, toleratesTaint } from "./taints.ts";
import { labelRequirementMatches, podMatchesNodeSelectorAndAffinity, preferredNodeAffinityScore } from "./node-affinity.ts";
import { insufficientResources, prepareCyclePod, runFilterPlugins } from "./filters.ts";
import { emptyNodeInfo } from "./cache.ts";
import type { NodeInfo } from "./types.ts";

const pod = (spec: Record<string, unknown>, name = "p"): KObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec });
const c = (requests: Record<string, string>, extra: Record<string, unknown> = {}) => ({ name: "c", image: "x", resources: { requests }, ...extra });
const node = (name: string, extra: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean; ready?: string; allocatable?: Record<string, string> } = {}): KObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(extra.labels ?? {}) } },
  spec: { ...(extra.taints ? { taints: extra.taints } : {}), ...(extra.unschedulable ? { unschedulable: true } : {}) },
  status: { allocatable: extra.allocatable ?? { cpu: "4", memory: "8Gi", pods: "110" }, conditions: extra.ready === "missing" ? [] : [{ type: "Ready", status: extra.ready ?? "True" }] },
});
const info = (n: KObject, used: Partial<NodeInfo> = {}): NodeInfo => ({ ...emptyNodeInfo(n.metadata.name!), node: n, ...nodeAllocatable(n), ...used });

describe("pod requests (component-helpers PodRequests)", () => {
  it("sums containers, takes the largest init container, and adds the overhead", () => {
    // The example in fit.go's computePodResourceRequest comment: result cpu 3, memory 3G.
    const p = pod({
      initContainers: [c({ cpu: "2", memory: "1G" }), c({ cpu: "2", memory: "3G" })],
      containers: [c({ cpu: "2", memory: "1G" }), c({ cpu: "1", memory: "1G" })],
    });
    expect(podRequests(p)).toEqual({ milliCPU: 3000, memory: 3e9, ephemeralStorage: 0 });
    expect(podRequests(pod({ containers: [c({ cpu: "100m" })], overhead: { cpu: "250m", memory: "120Mi" } }))).toEqual({ milliCPU: 350, memory: 120 * 2 ** 20, ephemeralStorage: 0 });
  });

  it("adds restartable init containers (sidecars) to the running sum and to later init containers", () => {
    const p = pod({
      initContainers: [c({ cpu: "500m" }, { restartPolicy: "Always" }), c({ cpu: "2" })],
      containers: [c({ cpu: "1" })],
    });
    // Running: 1 + 0.5 (sidecar); initializing the second: 2 + 0.5. The larger is 2.5.
    expect(podRequests(p).milliCPU).toBe(2500);
  });

  it("keeps extended resources and hugepages as scalar resources and ignores unknown names", () => {
    const p = pod({ containers: [c({ "example.com/gpu": "2", "hugepages-2Mi": "4Mi", bogus: "1", "ephemeral-storage": "1Gi" })] });
    expect(podRequests(p)).toEqual({ milliCPU: 0, memory: 0, ephemeralStorage: 2 ** 30, scalar: { "example.com/gpu": 2, "hugepages-2Mi": 4 * 2 ** 20 } });
  });

  it("scores containers without requests as 100m cpu and 200Mi memory", () => {
    expect(podNonZeroRequests(pod({ containers: [c({}), c({ cpu: "0" }), c({ memory: "1Gi" })] }))).toEqual({
      milliCPU: 200,
      memory: 2 * 200 * 2 ** 20 + 2 ** 30,
    });
  });
});

describe("taints and tolerations (toleration.go ToleratesTaint)", () => {
  const taint = { key: "k", value: "v", effect: "NoSchedule" };
  it.each([
    [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }, true],
    [{ key: "k", value: "v" }, true],
    [{ key: "k", operator: "Equal", value: "w" }, false],
    [{ key: "k", operator: "Exists" }, true],
    [{ key: "k", operator: "Exists", effect: "NoExecute" }, false],
    [{ operator: "Exists" }, true],
    [{ key: "other", operator: "Exists" }, false],
    [{ key: "k", operator: "Lt", value: "v" }, false],
  ])("%j tolerates {k=v:NoSchedule}: %s", (t, want) => expect(toleratesTaint(t, taint)).toBe(want));

  it("only NoSchedule and NoExecute taints must be tolerated", () => {
    const taints = [{ key: "soft", effect: "PreferNoSchedule" }, { key: "hard", effect: "NoExecute" }];
    expect(findMatchingUntoleratedTaint(taints, [], doNotScheduleTaint)).toEqual({ key: "hard", effect: "NoExecute" });
    expect(findMatchingUntoleratedTaint(taints, [{ key: "hard", operator: "Exists" }], doNotScheduleTaint)).toBeUndefined();
  });

  it("a node that is not Ready carries the taint the node lifecycle controller would add, once", () => {
    expect(effectiveTaints(node("n", { ready: "False" }), true)).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
    expect(effectiveTaints(node("n", { ready: "missing" }), true)).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
    expect(effectiveTaints(node("n", { ready: "Unknown" }), true)).toEqual([{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }]);
    const tainted = node("n", { ready: "Unknown", taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: "t" }] });
    expect(effectiveTaints(tainted, true)).toHaveLength(1);
    expect(effectiveTaints(node("n", { ready: "False" }), false)).toEqual([]);
    expect(effectiveTaints(node("n"), true)).toEqual([]);
  });
});

describe("node selector and node affinity (nodeaffinity.go)", () => {
  const labels = { zone: "a", size: "10" };
  it.each([
    [{ key: "zone", operator: "In", values: ["a", "b"] }, true],
    [{ key: "zone", operator: "In", values: ["b"] }, false],
    [{ key: "zone", operator: "NotIn", values: ["b"] }, true],
    [{ key: "missing", operator: "NotIn", values: ["b"] }, true],
    [{ key: "missing", operator: "In", values: ["b"] }, false],
    [{ key: "zone", operator: "Exists" }, true],
    [{ key: "zone", operator: "DoesNotExist" }, false],
    [{ key: "size", operator: "Gt", values: ["9"] }, true],
    [{ key: "size", operator: "Lt", values: ["9"] }, false],
    [{ key: "zone", operator: "Gt", values: ["1"] }, false],
  ])("%j on {zone: a, size: 10}: %s", (r, want) => expect(labelRequirementMatches(r, labels)).toBe(want));

  it("ORs terms, ANDs requirements within a term, and an empty term matches nothing", () => {
    const n = node("n1", { labels: { zone: "a" } });
    const withTerms = (terms: unknown[]) => pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    expect(podMatchesNodeSelectorAndAffinity(withTerms([{ matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }]), n)).toBe(true);
    expect(podMatchesNodeSelectorAndAffinity(withTerms([{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }], matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n1"] }] }]), n)).toBe(false);
    expect(podMatchesNodeSelectorAndAffinity(withTerms([{}]), n)).toBe(false);
    expect(podMatchesNodeSelectorAndAffinity(pod({ nodeSelector: { zone: "a" } }), n)).toBe(true);
    expect(podMatchesNodeSelectorAndAffinity(pod({ nodeSelector: { zone: "a", disk: "ssd" } }), n)).toBe(false);
  });

  it("scores the weights of the preferred terms a node matches", () => {
    const p = pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
      { weight: 3, preference: { matchExpressions: [{ key: "zone", operator: "Exists" }] } },
      { weight: 7, preference: {} },
    ] } } });
    expect(preferredNodeAffinityScore(p, node("n", { labels: { zone: "a" } }))).toBe(8);
    expect(preferredNodeAffinityScore(p, node("n", { labels: { zone: "b" } }))).toBe(3);
  });
});

describe("filters (RunFilterPlugins)", () => {
  const opts = { checkNodeReadyCondition: true };
  it("lists every insufficient resource, the pods limit first", () => {
    const n = info(node("n", { allocatable: { cpu: "1", memory: "1Gi", pods: "2", "example.com/gpu": "1" } }), {
      requested: { milliCPU: 800, memory: 2 ** 29, ephemeralStorage: 0, scalar: { "example.com/gpu": 1 } },
      podCount: 2,
    });
    const p = podRequests(pod({ containers: [c({ cpu: "300m", memory: "600Mi", "example.com/gpu": "1" })] }));
    expect(insufficientResources(p, n).map((r) => [r.reason, r.requested, r.used, r.capacity])).toEqual([
      ["Too many pods", 1, 2, 2],
      ["Insufficient cpu", 300, 800, 1000],
      ["Insufficient memory", 600 * 2 ** 20, 2 ** 29, 2 ** 30],
      ["Insufficient example.com/gpu", 1, 1, 1],
    ]);
    expect(insufficientResources(podRequests(pod({ containers: [c({})] })), { ...n, podCount: 0 })).toEqual([]);
  });

  it("a node's status is the first rejecting plugin, in the profile's order", () => {
    const p = prepareCyclePod(pod({ containers: [c({ cpu: "8" })], nodeSelector: { zone: "x" } }));
    const all = info(node("n", { unschedulable: true, taints: [{ key: "t", effect: "NoSchedule" }] }));
    expect(runFilterPlugins(p, all, opts)).toEqual({ plugin: "NodeUnschedulable", code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] });
    expect(runFilterPlugins(p, info(node("n", { taints: [{ key: "t", value: "v", effect: "NoExecute" }] })), opts)?.reasons).toEqual(["node(s) had untolerated taint {t: v}"]);
    expect(runFilterPlugins(p, info(node("n")), opts)?.plugin).toBe("NodeAffinity");
    const fits = prepareCyclePod(pod({ containers: [c({ cpu: "8" })] }));
    expect(runFilterPlugins(fits, info(node("n")), opts)).toEqual({ plugin: "NodeResourcesFit", code: "Unschedulable", reasons: ["Insufficient cpu"] });
    expect(runFilterPlugins(prepareCyclePod(pod({ containers: [c({ cpu: "1" })] })), info(node("n")), opts)).toBeUndefined();
  });

  it("a pod tolerating node.kubernetes.io/unschedulable may use a cordoned node", () => {
    const p = prepareCyclePod(pod({ containers: [c({})], tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }));
    expect(runFilterPlugins(p, info(node("n", { unschedulable: true })), opts)).toBeUndefined();
  });
});
