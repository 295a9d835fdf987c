import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { enabled } from "../enabled.ts";
import type { State } from "../state.ts";
import { boundUsage, cacheUsage, clusterWith, createPods, items, must, overcommitted, podWith } from "./fixtures.test-support.ts";
import { nodeAllocatable, podRequests } from "./resources.ts";
import { podMatchesNodeSelectorAndAffinity } from "./node-affinity.ts";

const nodeArb = fc.record({ cpu: fc.integer({ min: 1, max: 4 }), memGi: fc.integer({ min: 1, max: 4 }), pods: fc.integer({ min: 1, max: 4 }), ssd: fc.boolean() });
const podArb = fc.record({ cpuM: fc.integer({ min: 0, max: 2500 }), memMi: fc.integer({ min: 0, max: 3000 }), ssd: fc.boolean() });

type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;

function build(nodes: Gen<typeof nodeArb>[], pods: Gen<typeof podArb>[]): State {
  let s = settle(clusterWith(nodes.map((n, i) => ({ name: `n${i}`, cpu: String(n.cpu), memory: `${n.memGi}Gi`, pods: String(n.pods), ...(n.ssd ? { labels: { disk: "ssd" } } : {}) })))).state;
  s = createPods(s, pods.map((p, i) => podWith(`p${i}`, { cpu: `${p.cpuM}m`, memory: `${p.memMi}Mi` }, p.ssd ? { nodeSelector: { disk: "ssd" } } : {})));
  return s;
}

/** Whether a pod would fit on a node given what is bound there now. */
function fitsNow(s: State, pod: any, node: any): boolean {
  const { allocatable, allowedPodNumber } = nodeAllocatable(node);
  const u = boundUsage(s)[node.metadata.name] ?? { milliCPU: 0, memory: 0, pods: 0 };
  const r = podRequests(pod);
  return podMatchesNodeSelectorAndAffinity(pod, node) && u.pods + 1 <= allowedPodNumber && u.milliCPU + r.milliCPU <= allocatable.milliCPU && u.memory + r.memory <= allocatable.memory;
}

describe("scheduler properties", () => {
  it("settles quietly; never over-commits; every pod left pending fits nowhere and says why; the cache matches the store", () =>
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 4 }), fc.array(podArb, { maxLength: 10 }), (nodes, pods) => {
        const r = settle(build(nodes, pods));
        expect(r.quiesced).toBe(true);
        const s = r.state;
        expect(overcommitted(s)).toEqual([]);
        expect(cacheUsage(s)).toEqual(boundUsage(s));
        const allNodes = items(s, "nodes");
        for (const p of items(s, "pods", "default")) {
          if (p.spec.nodeName) continue;
          expect(allNodes.filter((n) => fitsNow(s, p, n)).map((n) => n.metadata.name)).toEqual([]);
          const cond = p.status.conditions.find((c: any) => c.type === "PodScheduled");
          expect(cond).toMatchObject({ status: "False", reason: "Unschedulable" });
          expect(cond.message).toMatch(allNodes.length ? new RegExp(`^0/${allNodes.length} nodes are available: `) : /^no nodes available to schedule pods$/);
        }
      }),
      { numRuns: 60 },
    ));

  it("with assume, no interleaving of informer syncs, reconciles and pod deletions over-commits a node", () =>
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 3 }),
        fc.array(podArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        (nodes, pods, choices) => {
          let s = build(nodes, pods);
          for (const c of choices) {
            // Actions of components (not the clock: a jump past the assumed-pod TTL is the stale cache's own hazard),
            // plus a user deleting a pod now and then.
            const acts = enabled(s).filter((a) => a.type !== "clock.tick");
            if (c % 7 === 0) {
              const victim = items(s, "pods", "default")[c % Math.max(1, pods.length)];
              if (victim) s = must(s, { verb: "delete", resource: "pods", namespace: "default", name: victim.metadata.name, gracePeriodSeconds: 0 });
            } else if (acts.length > 0) {
              s = step(s, acts[c % acts.length]!);
            }
            expect(overcommitted(s)).toEqual([]);
          }
          const r = settle(s);
          expect(r.quiesced).toBe(true);
          expect(overcommitted(r.state)).toEqual([]);
          expect(cacheUsage(r.state)).toEqual(boundUsage(r.state));
        },
      ),
      { numRuns: 60 },
    ));
});
