import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { initialState } from "../../model/scenario/run.ts";
import { handle } from "../../model/apiserver/handle.ts";
import { isStatus } from "../../model/apiserver/status.ts";
import { resourceId } from "../../model/apiserver/resources.ts";
import { resourceForKind } from "../../model/apiserver/lookup.ts";
import { clusterArb } from "./cluster.ts";
import * as m from "./manifests.ts";

const manifestsArb = fc.tuple(
  m.deploymentArb("web"),
  m.replicaSetArb("rs"),
  m.replicationControllerArb("rc"),
  m.serviceArb("web", "web"),
  m.persistentVolumeArb("pv-1"),
  m.persistentVolumeClaimArb("data"),
  m.namespaceArb("team-a"),
  m.resourceQuotaArb("quota", "team-a"),
  m.hpaArb("web", "web"),
  m.crdArb("widgets"),
);

describe("cluster and manifest arbitraries", () => {
  it("every generated cluster and manifest set is accepted by the API server and stored as generated", () =>
    fc.assert(
      fc.property(clusterArb({ maxNodes: 3 }), manifestsArb, (nodes, objects) => {
        const s = initialState({ name: "generated", config: {}, nodes, objects, steps: [] });
        for (const o of objects) {
          const info = resourceForKind(s, o.apiVersion, o.kind)!;
          const got = handle(s, { verb: "get", resource: resourceId(info), ...(info.namespaced ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name! }).result;
          expect(isStatus(got)).toBe(false);
          if (o.spec?.replicas !== undefined) expect((got as any).spec.replicas).toBe(o.spec.replicas);
        }
        for (const n of nodes) expect(isStatus(handle(s, { verb: "get", resource: "nodes", name: n.name }).result)).toBe(false);
      }),
      { seed: 4242, numRuns: 25 },
    ));

  it("clusters respect their shape: node count, unique names, zones from the list", () =>
    fc.assert(
      fc.property(clusterArb({ minNodes: 2, maxNodes: 4, zones: ["z1"] }), (nodes) => {
        expect(nodes.length).toBeGreaterThanOrEqual(2);
        expect(nodes.length).toBeLessThanOrEqual(4);
        expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
        for (const n of nodes) expect(n.labels!["topology.kubernetes.io/zone"]).toBe("z1");
      }),
      { seed: 7, numRuns: 50 },
    ));

  it("a RollingUpdate Deployment never has maxSurge and maxUnavailable both 0 (validation would refuse it)", () =>
    fc.assert(
      fc.property(m.deploymentArb("d"), (d) => {
        const ru = d.spec.strategy.rollingUpdate;
        if (ru) expect(ru.maxSurge === 0 && ru.maxUnavailable === 0).toBe(false);
      }),
      { seed: 9, numRuns: 100 },
    ));

  it("shrinks a cluster towards one node of the first capacity", () => {
    const r = fc.check(fc.property(clusterArb({ maxNodes: 3 }), () => false), { seed: 3 });
    const [nodes] = r.counterexample!;
    expect(nodes).toEqual([{ name: "node-1", capacity: { cpu: "2", memory: "4Gi", pods: "10" }, labels: { "topology.kubernetes.io/zone": "zone-a" } }]);
  });
});
