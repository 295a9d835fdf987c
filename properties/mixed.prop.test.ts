import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runChoices, type Choice } from "./run.ts";
import { scopeById } from "./scopes/index.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { check } from "./checker.ts";
import type { Invariant } from "../invariants/types.ts";
import { btreeRange } from "../model/collections/btree.ts";

const scope = scopeById("mixed")!;
const choices = fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: 25 });

describe("mixed scope (generated clusters; property suite)", () => {
  it("every safety and convergence invariant holds on generated clusters for random operations and faults", () =>
    fc.assert(
      fc.property(scope.clusters!, choices, (cluster, cs: Choice[]) => {
        const o = runChoices(scope, cs, { invariants: ALL_INVARIANTS, cluster });
        expect(o.violations).toEqual([]);
      }),
      { seed: 20261126, numRuns: 4 },
    ));

  it("a counterexample found on a generated cluster carries that cluster, shrunk to the simplest one", { timeout: 120_000 }, () => {
    // A deliberately broken invariant that every run violates at once: "no cluster has two or more machines, or
    // a Deployment" — shrinking must then reach one node of the first capacity and the simplest manifests.
    const broken: Invariant = {
      id: "test-always-broken",
      description: "test only",
      kind: "safety",
      source: "test",
      check: (s) => ([...btreeRange(s.world.machines)].length >= 1 ? [{ invariant: "test-always-broken", objects: [], message: "a machine" }] : []),
    };
    const r = check({ scopes: [scope], invariants: [broken], seed: 3, runs: 30, maxSteps: 5 });
    const ce = r.counterexample!;
    expect(ce.invariant).toBe("test-always-broken");
    expect(ce.cluster!.nodes).toEqual([{ name: "node-1", capacity: { cpu: "2", memory: "4Gi", pods: "10" }, labels: { "topology.kubernetes.io/zone": "zone-a" } }]);
    const [d, rs, rc, svc] = ce.cluster!.objects;
    expect([d!.spec.replicas, rs!.spec.replicas, rc!.spec.replicas]).toEqual([0, 0, 0]);
    expect(svc!.spec.type).toBe("ClusterIP");
    expect(ce.chosenLength).toBe(0);
  });
});
