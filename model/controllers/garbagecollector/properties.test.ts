import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../../settle.ts";
import { btreeValues } from "../../collections/btree.ts";
import type { PropagationPolicy } from "../../apiserver/request.ts";
import type { KObject } from "../../objects/types.ts";
import { componentAt, type State } from "../../state.ts";
import { GARBAGE_COLLECTOR_ID } from "./behavior.ts";
import { dependentUids } from "./graph.ts";
import type { GcMemory } from "./memory.ts";
import { createConfigMap, createPod, find, gcCluster, must, ref } from "./gc.test-support.ts";

const OWNERS = 4;

interface Case {
  /** Per pod: which owners it references, and whether each reference blocks owner deletion. */
  readonly pods: readonly { readonly owners: readonly number[]; readonly block: boolean }[];
  /** Per owner: undefined = kept, else deleted with that policy ("default" = no policy). */
  readonly deletions: readonly (PropagationPolicy | "default" | undefined)[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  pods: fc.array(
    fc.record({ owners: fc.uniqueArray(fc.integer({ min: 0, max: OWNERS - 1 }), { minLength: 1, maxLength: 2 }), block: fc.boolean() }),
    { minLength: 1, maxLength: 6 },
  ),
  deletions: fc.array(fc.constantFrom<PropagationPolicy | "default" | undefined>(undefined, "default", "Background", "Foreground", "Orphan"), { minLength: OWNERS, maxLength: OWNERS }),
});

function run(c: Case): { s: State; owners: KObject[] } {
  let s = gcCluster();
  const owners: KObject[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const o = createConfigMap(s, `owner-${i}`);
    s = o.state;
    owners.push(o.obj);
  }
  c.pods.forEach((p, j) => {
    s = createPod(s, `pod-${j}`, p.owners.map((i) => ref(owners[i]!, { blockOwnerDeletion: p.block })));
  });
  s = settle(s).state;
  c.deletions.forEach((d, i) => {
    if (d === undefined) return;
    s = must(s, { verb: "delete", resource: "configmaps", namespace: "default", name: `owner-${i}`, ...(d !== "default" ? { propagationPolicy: d } : {}) }).state;
  });
  return { s: settle(s).state, owners };
}

describe("garbage collector properties", () => {
  it("after settling: deleted owners are gone, survivors reference only live owners, collection follows the policies", () =>
    fc.assert(
      fc.property(caseArb, (c) => {
        const { s, owners } = run(c);
        c.deletions.forEach((d, i) => {
          const live = find(s, "configmaps", `owner-${i}`);
          if (d === undefined) expect(live?.metadata.uid).toBe(owners[i]!.metadata.uid);
          else expect(live, `owner-${i} deleted with ${d} is gone (no finalizer left behind)`).toBeUndefined();
        });
        c.pods.forEach((p, j) => {
          const pod = find(s, "pods", `pod-${j}`);
          const deletedWith = p.owners.map((i) => c.deletions[i]);
          if (deletedWith.some((d) => d === undefined)) expect(pod, `pod-${j} has a live owner`).toBeDefined();
          else if (deletedWith.every((d) => d !== "Orphan")) expect(pod, `pod-${j} lost all its owners`).toBeUndefined();
          else if (deletedWith.every((d) => d === "Orphan")) expect(pod?.metadata.ownerReferences, `pod-${j} orphaned`).toBeUndefined();
          for (const r of pod?.metadata.ownerReferences ?? []) {
            const owner = find(s, "configmaps", r.name);
            expect(owner?.metadata.uid, `pod-${j} references a live owner`).toBe(r.uid);
          }
        });
      }),
      { numRuns: 60 },
    ));

  /** The kinds in the graph: the case's pods and ConfigMaps, and the bootstrap's accounts, ConfigMaps, Service and Endpoints. */
  const RESOURCE_OF_KIND: Record<string, string> = { Pod: "pods", ConfigMap: "configmaps", ServiceAccount: "serviceaccounts", Service: "services", Endpoints: "endpoints" };

  it("after settling the graph mirrors the store: no virtual node, one edge per ownerReference of a live owner", () =>
    fc.assert(
      fc.property(caseArb, (c) => {
        const { s } = run(c);
        const mem = componentAt<GcMemory>(s, GARBAGE_COLLECTOR_ID)!.memory;
        const nodes = btreeValues(mem.graph.nodes);
        expect(nodes.filter((n) => n.virtual)).toEqual([]);
        for (const n of nodes) {
          const live = find(s, RESOURCE_OF_KIND[n.identity.kind]!, n.identity.name, n.identity.namespace);
          expect(live?.metadata.uid, `${n.identity.kind}/${n.identity.name} is live`).toBe(n.identity.uid);
          const expected = nodes.filter((d) => d.owners.some((o) => o.uid === n.identity.uid)).map((d) => d.identity.uid).sort();
          expect(dependentUids(mem.graph, n.identity.uid)).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    ));
});
