/**
 * The cluster as an explorable model: the safety invariants see how many disruptions the path took (as in the
 * random checker), so an invariant that allows for faults is not reported on a path with one; the convergence
 * invariants are judged at quiet states, after the ending a random run has.
 */
import { describe, expect, it } from "vitest";
import type { Invariant } from "../invariants/types.ts";
import type { Action } from "../model/actions.ts";
import { initialState } from "../model/scenario/run.ts";
import { btreeGet } from "../model/collections/btree.ts";
import type { State } from "../model/state.ts";
import { settle } from "../model/settle.ts";
import { step } from "../model/step.ts";
import { enabled } from "../model/enabled.ts";
import { explore } from "./explorer/bfs.ts";
import { clusterModel, type ClusterModelOptions } from "./cluster-model.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";

const cluster = initialState({ name: "one node", config: {}, nodes: [{ name: "n1", capacity: { cpu: "2", memory: "4Gi", pods: "10" } }], objects: [], steps: [] });

/** "No node is ever down", except after a fault: what a fault-tolerant invariant looks like. */
const noNodeDownWithoutFault: Invariant = {
  id: "no-node-down-without-fault",
  description: "a node is down only on a path with a fault",
  kind: "safety",
  source: "test",
  check: (s, _prev, ctx) => {
    const n1 = btreeGet(s.world.machines, "n1");
    return n1 && !n1.up && (ctx?.disruptions ?? 0) === 0 ? [{ invariant: "no-node-down-without-fault", objects: ["Node n1"], message: "n1 is down without a fault" }] : [];
  },
};

/** Fails as soon as a path has taken a fault: shows the count reaches the invariants. */
const noFaultSeen: Invariant = { ...noNodeDownWithoutFault, id: "no-fault-seen", check: (_s, _p, ctx) => ((ctx?.disruptions ?? 0) > 0 ? [{ invariant: "no-fault-seen", objects: [], message: `saw ${ctx!.disruptions} fault(s)` }] : []) };

/** The cluster model of these tests (built-in kinds). */
const model = (start: State, invariants: readonly Invariant[], opts: Omit<ClusterModelOptions, "name" | "start" | "kinds" | "invariants">) =>
  clusterModel({ name: "one node", start, kinds: BUILTIN_KINDS, invariants, ...opts });

const crash = { ops: () => [] as Action[], faults: () => [{ type: "node.crash", node: "n1" } as Action] };

describe("the cluster model: disruptions on the path", () => {
  it("passes the path's disruptions to the invariants", () => {
    const r = explore(model(cluster, [noFaultSeen], { scope: crash }), { maxDepth: 1 });
    expect(r.violation?.property).toBe("no-fault-seen");
    expect(r.violation?.actions).toEqual([{ type: "node.crash", node: "n1" }]);
  });

  it("does not report an invariant that allows for faults on a path with one", () => {
    const r = explore(model(cluster, [noNodeDownWithoutFault], { scope: crash }), { maxDepth: 2 });
    expect(r.violation ?? null).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(1);
  });
});

/** Convergence: "the machine n1 is up", judged only where the cluster has settled. */
const n1UpAtTheEnd: Invariant = {
  id: "n1-up-at-the-end",
  description: "n1 is up once faults stop",
  kind: "convergence",
  source: "test",
  check: (s) => (btreeGet(s.world.machines, "n1")?.up ? [] : [{ invariant: "n1-up-at-the-end", objects: ["Node n1"], message: "n1 is down" }]),
};

/** Convergence that no ending can reach: a ConfigMap "flag" must never be there at the end. */
const noFlagAtTheEnd: Invariant = {
  id: "no-flag-at-the-end",
  description: "ConfigMap default/flag is gone at the end",
  kind: "convergence",
  source: "test",
  check: (s) => (btreeGet(s.store.kvs, "/registry/configmaps/default/flag") ? [{ invariant: "no-flag-at-the-end", objects: ["ConfigMap default/flag"], message: "flag is still there" }] : []),
};

const createFlag: Action = { type: "api", client: "user", request: { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flag", namespace: "default" } } } };

describe("clusterModel: convergence at quiet states", () => {
  const settled = settle(cluster).state;

  it("judges convergence after the faults stop: a crashed node recovers in the ending", () => {
    const r = explore(model(settled, [n1UpAtTheEnd], { scope: crash, settleTime: 5 }), { maxDepth: 3 });
    expect(r.violation ?? null).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(2);
  });

  it("reports a state from which the cluster does not converge, with the path to it", () => {
    const ops = { ops: (s: State) => (btreeGet(s.store.kvs, "/registry/configmaps/default/flag") ? [] : [createFlag]), faults: () => [] as Action[] };
    const r = explore(model(settled, [noFlagAtTheEnd], { scope: ops, settleTime: 5 }), { maxDepth: 6 });
    expect(r.violation?.property).toBe("no-flag-at-the-end");
    expect(r.violation?.message).toBe("flag is still there at the end (faults stopped, 5 s passed, the cluster settled)");
    // The path ends at a quiet state: after the create, every component has taken what it had to.
    const path = r.violation!.actions as Action[];
    expect(path[0]).toEqual(createFlag);
    let s = settled;
    for (const a of path) s = step(s, a);
    expect(enabled(s).every((a) => a.type === "clock.tick")).toBe(true);
    // Safety only: the same exploration finds nothing.
    const safetyOnly = explore(model(settled, [noFlagAtTheEnd], { scope: ops }), { maxDepth: 6 });
    expect(safetyOnly.violation ?? null).toBeNull();
    expect(safetyOnly.distinctStates).toBeGreaterThanOrEqual(path.length + 1);
  });
});
