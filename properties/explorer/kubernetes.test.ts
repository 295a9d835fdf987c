/**
 * The cluster as an explorable model: the safety invariants see how many disruptions the path took (as in the
 * random checker), so an invariant that allows for faults is not reported on a path with one.
 */
import { describe, expect, it } from "vitest";
import type { Invariant } from "../../invariants/types.ts";
import type { Action } from "../../model/actions.ts";
import { initialState } from "../../model/scenario/run.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { explore } from "./bfs.ts";
import { clusterModel } from "./kubernetes.ts";

const cluster = initialState({ name: "one node", config: {}, nodes: [{ name: "n1", capacity: { cpu: "2", memory: "4Gi", pods: "10" } }], objects: [], steps: [] });

/** "No node is ever down", except after a fault: what a fault-tolerant invariant looks like. */
const noNodeDownWithoutFault: Invariant = {
  id: "no-node-down-without-fault",
  description: "a node is down only on a path with a fault",
  kind: "safety",
  source: "test",
  check: (s, _prev, ctx) => {
    const n1 = btreeGet(s.world.machines, "n1");
    return n1 && !n1.up && (ctx?.faults ?? 0) === 0 ? [{ invariant: "no-node-down-without-fault", objects: ["Node n1"], message: "n1 is down without a fault" }] : [];
  },
};

/** Fails as soon as a path has taken a fault: shows the count reaches the invariants. */
const noFaultSeen: Invariant = { ...noNodeDownWithoutFault, id: "no-fault-seen", check: (_s, _p, ctx) => ((ctx?.faults ?? 0) > 0 ? [{ invariant: "no-fault-seen", objects: [], message: `saw ${ctx!.faults} fault(s)` }] : []) };

const crash = { ops: () => [] as Action[], faults: () => [{ type: "node.crash", node: "n1" } as Action] };

describe("clusterModel: faults on the path", () => {
  it("passes the path's disruptions to the invariants", () => {
    const r = explore(clusterModel("one node", cluster, [noFaultSeen], crash), { maxDepth: 1 });
    expect(r.violation?.property).toBe("no-fault-seen");
    expect(r.violation?.actions).toEqual([{ type: "node.crash", node: "n1" }]);
  });

  it("does not report an invariant that allows for faults on a path with one", () => {
    const r = explore(clusterModel("one node", cluster, [noNodeDownWithoutFault], crash), { maxDepth: 2 });
    expect(r.violation ?? null).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(1);
  });
});
