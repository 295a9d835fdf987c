import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../../objects/types.ts";
import { timestamp } from "../../clock.ts";
import { deletionCost, deletionLess, getPodsToDelete, logarithmicRankDiff, maxContainerRestarts, ranksByRelatedPodsOnSameNode, sortForDeletion } from "./deletion-ranking.ts";

interface PodSpec {
  readonly name: string;
  readonly uid?: string;
  readonly node?: string;
  readonly phase?: string;
  readonly readySince?: number;
  readonly notReady?: boolean;
  readonly restarts?: number;
  readonly created?: number;
  readonly cost?: string;
}

function pod(p: PodSpec): KObject {
  const conditions = p.readySince !== undefined ? [{ type: "Ready", status: "True", lastTransitionTime: timestamp(p.readySince) }] : p.notReady ? [{ type: "Ready", status: "False" }] : [];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      namespace: "default",
      uid: p.uid ?? `uid-${p.name}`,
      ...(p.created !== undefined ? { creationTimestamp: timestamp(p.created) } : {}),
      ...(p.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": p.cost } } : {}),
    },
    spec: { ...(p.node ? { nodeName: p.node } : {}), containers: [{ name: "c", image: "i" }] },
    status: { phase: p.phase ?? "Pending", conditions, containerStatuses: [{ name: "c", restartCount: p.restarts ?? 0 }] },
  };
}

const NOW = 10_000;
/** a goes before b, and b not before a. */
function before(a: KObject, b: KObject, ranks: [number, number] = [0, 0]): void {
  expect(deletionLess(a, ranks[0], b, ranks[1], NOW)).toBe(true);
  expect(deletionLess(b, ranks[1], a, ranks[0], NOW)).toBe(false);
}

describe("deletion ranking (ActivePodsWithRanks.Less)", () => {
  const running = { node: "n1", phase: "Running", readySince: 100, created: 50 };

  it("1. unscheduled before scheduled", () => before(pod({ name: "a", phase: "Running" }), pod({ name: "b", node: "n1", phase: "Pending" })));
  it("2. Pending before Unknown before Running (no phase counts as Pending)", () => {
    before(pod({ name: "a", node: "n1", phase: "Pending" }), pod({ name: "b", node: "n1", phase: "Unknown" }));
    before(pod({ name: "a", node: "n1", phase: "Unknown" }), pod({ name: "b", node: "n1", phase: "Running" }));
    const none = { ...pod({ name: "a", node: "n1" }), status: {} };
    before(none, pod({ name: "b", node: "n1", phase: "Unknown" }));
  });
  it("3. not ready before ready", () => before(pod({ name: "a", node: "n1", phase: "Running", notReady: true }), pod({ name: "b", ...running })));
  it("4. lower pod-deletion-cost first; invalid costs count as 0", () => {
    before(pod({ name: "a", ...running, cost: "-5" }), pod({ name: "b", ...running }));
    before(pod({ name: "a", ...running }), pod({ name: "b", ...running, cost: "7" }));
    for (const bad of ["+7", "007", "", "1.5", "2147483648", "x"]) expect(deletionCost(pod({ name: "a", cost: bad }))).toBe(0);
    expect(deletionCost(pod({ name: "a", cost: "-2147483648" }))).toBe(-2147483648);
    expect(deletionCost(pod({ name: "a", cost: "0" }))).toBe(0);
  });
  it("5. more related pods on the same node first (doubled up)", () => before(pod({ name: "a", ...running }), pod({ name: "b", ...running }), [3, 1]));
  it("6. ready for less time first, compared in log2 buckets of age", () => {
    before(pod({ name: "a", ...running, readySince: 9_000 }), pod({ name: "b", ...running, readySince: 100 }));
    // 9,990 and 9,991 seconds ago fall in the same bucket: the lower uid goes first.
    before(pod({ name: "z", uid: "uid-1", ...running, readySince: 9 }), pod({ name: "y", uid: "uid-2", ...running, readySince: 10 }));
    expect(logarithmicRankDiff(9, 10, NOW)).toBe(0);
    expect(logarithmicRankDiff(NOW, 0, NOW)).toBeLessThan(0); // not in the past: bucket -1
  });
  it("7. more container restarts first", () => {
    before(pod({ name: "a", ...running, restarts: 4 }), pod({ name: "b", ...running, restarts: 1 }));
    expect(maxContainerRestarts({ ...pod({ name: "a" }), status: { containerStatuses: [{ restartCount: 2 }, { restartCount: 5 }] } })).toBe(5);
  });
  it("8. newer first; no creation time before any", () => {
    before(pod({ name: "a", ...running, created: 5_000 }), pod({ name: "b", ...running, created: 10 }));
    before(pod({ name: "a", node: "n1", phase: "Running", readySince: 100 }), pod({ name: "b", ...running }));
  });
  it("equal pods are not less than each other", () => {
    const a = pod({ name: "a", ...running });
    expect(deletionLess(a, 0, { ...a }, 0, NOW)).toBe(false);
  });

  it("ranks pods by the active related pods on their node", () => {
    const a = pod({ name: "a", node: "n1" });
    const b = pod({ name: "b", node: "n2" });
    const related = [a, b, pod({ name: "c", node: "n1" }), { ...pod({ name: "d", node: "n1" }), metadata: { name: "d", deletionTimestamp: timestamp(1) } }];
    expect(ranksByRelatedPodsOnSameNode([a, b, pod({ name: "e" })], related)).toEqual([2, 1, 0]);
  });

  it("getPodsToDelete: all pods in their order when every pod goes, else the first in deletion order", () => {
    const pods = [pod({ name: "a", ...running }), pod({ name: "b" }), pod({ name: "c", node: "n1" })];
    expect(getPodsToDelete(pods, [], 3, NOW).map((p) => p.metadata.name)).toEqual(["a", "b", "c"]);
    expect(getPodsToDelete(pods, [], 2, NOW).map((p) => p.metadata.name)).toEqual(["b", "c"]);
    // Doubled up on n1: of two equal running pods, the one sharing its node with more related pods goes.
    const x = pod({ name: "x", ...running, node: "n1" });
    const y = pod({ name: "y", ...running, node: "n2" });
    const related = [x, y, pod({ name: "other", node: "n1" })];
    expect(getPodsToDelete([y, x], related, 1, NOW).map((p) => p.metadata.name)).toEqual(["x"]);
  });

  const arbPod = fc.record({
    node: fc.constantFrom(undefined, "n1", "n2"),
    phase: fc.constantFrom("Pending", "Unknown", "Running"),
    ready: fc.boolean(),
    readySince: fc.integer({ min: 0, max: 9_000 }),
    restarts: fc.integer({ min: 0, max: 3 }),
    created: fc.integer({ min: 0, max: 9_000 }),
    cost: fc.constantFrom(undefined, "-1", "5"),
  });

  it("sorting is a deterministic permutation that puts unscheduled pods first, then by phase among the scheduled (property)", () =>
    fc.assert(
      fc.property(fc.array(arbPod, { maxLength: 12 }), (specs) => {
        const pods = specs.map((p, i) =>
          pod({ name: `p${i}`, uid: `uid-${String(i).padStart(3, "0")}`, ...(p.node ? { node: p.node } : {}), phase: p.phase, ...(p.ready ? { readySince: p.readySince } : { notReady: true }), restarts: p.restarts, created: p.created, ...(p.cost ? { cost: p.cost } : {}) }),
        );
        const ranks = ranksByRelatedPodsOnSameNode(pods, pods);
        const sorted = sortForDeletion(pods, ranks, NOW);
        expect(sorted.map((p) => p.metadata.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
        expect(sortForDeletion(pods, ranks, NOW)).toEqual(sorted);
        const scheduled = sorted.map((p) => Boolean(p.spec.nodeName));
        expect(scheduled).toEqual([...scheduled].sort((a, b) => Number(a) - Number(b)));
        const ord = { Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>;
        const phases = sorted.filter((p) => p.spec.nodeName).map((p) => ord[p.status.phase]!);
        expect(phases).toEqual([...phases].sort((a, b) => a - b));
      }),
    ));
});
