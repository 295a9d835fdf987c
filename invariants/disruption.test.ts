import { describe, expect, it } from "vitest";
import { cluster, ok } from "../test/helpers.ts";
import type { State } from "../model/state.ts";
import type { Action } from "../model/actions.ts";
import { advance } from "../model/advance.ts";
import { step } from "../model/step.ts";
import { timestamp } from "../model/clock.ts";
import { nodeObject } from "../model/nodes/node-object.ts";
import { initialState } from "../model/scenario/run.ts";
import { scopeScenario } from "../properties/run.ts";
import { zones } from "../properties/scopes/zones.ts";
import { objectsUnder } from "./objects.ts";
import { bugById, configWithBug, type Bug } from "../properties/bugs/index.ts";
import { allZonesFullyDisrupted, noEvictionInFullDisruption } from "./disruption.ts";

const UNREACHABLE = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const NOT_READY = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };

function twoZones(labels: Record<string, Record<string, string>> = {}): State {
  let s = cluster();
  for (const [name, zone] of [["n-a", "zone-a"], ["n-b", "zone-b"]] as const) {
    s = ok(s, { verb: "create", resource: "nodes", object: nodeObject({ name, capacity: {}, labels: { "topology.kubernetes.io/zone": zone, ...(labels[name] ?? {}) } }, 0) }).state;
  }
  return s;
}
const setReady = (s: State, name: string, status: string) =>
  ok(s, { verb: "patch", resource: "nodes", name, subresource: "status", patch: { status: { conditions: [{ type: "Ready", status, lastHeartbeatTime: timestamp(0), lastTransitionTime: timestamp(0) }] } } }).state;
const setTaints = (s: State, name: string, taints: object[]) => ok(s, { verb: "patch", resource: "nodes", name, patch: { spec: { taints } } }).state;
const check = (s: State, prev: State) => noEvictionInFullDisruption.check(s, prev);

describe("invariant no-eviction-in-full-disruption", () => {
  it("flags a NoExecute taint put on while no node of any zone is Ready", () => {
    const s0 = setReady(setReady(twoZones(), "n-a", "Unknown"), "n-b", "False");
    const s1 = setTaints(s0, "n-a", [UNREACHABLE]);
    expect(check(s1, s0)).toEqual([
      { invariant: "no-eviction-in-full-disruption", objects: ["Node n-a"], message: "Node n-a was tainted for eviction while every zone is fully disrupted (no node is Ready)" },
    ]);
  });

  it("accepts the taint when another zone is healthy: a fully disrupted zone beside a live one is drained", () => {
    const s0 = setReady(twoZones(), "n-a", "Unknown");
    expect(check(setTaints(s0, "n-a", [UNREACHABLE]), s0)).toEqual([]);
  });

  it("accepts a taint the node already had (a swap, or one left from before the disruption) and a removal", () => {
    const before = setTaints(setReady(twoZones(), "n-a", "Unknown"), "n-a", [NOT_READY]);
    const s0 = setReady(before, "n-b", "Unknown");
    expect(check(setTaints(s0, "n-a", [UNREACHABLE]), s0)).toEqual([]);
    expect(check(setTaints(s0, "n-a", []), s0)).toEqual([]);
  });

  it("ignores taints of other effects and keys, and nodes excluded from the disruption checks", () => {
    const s0 = setReady(setReady(twoZones({ "n-b": { "node.kubernetes.io/exclude-disruption": "" } }), "n-a", "Unknown"), "n-b", "Unknown");
    expect(check(setTaints(s0, "n-a", [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }, { key: "dedicated", effect: "NoExecute" }]), s0)).toEqual([]);
    // n-b is left out: zone-b has no counted node, zone-a is fully disrupted → every zone is.
    expect(check(setTaints(s0, "n-a", [UNREACHABLE]), s0)).toHaveLength(1);
    const ready = setReady(s0, "n-b", "True");
    expect(allZonesFullyDisrupted(objectsUnder(ready, "/registry/nodes/"))).toBe(true);
    expect(check(setTaints(ready, "n-a", [UNREACHABLE]), ready)).toHaveLength(1);
    // an excluded node is outside the rule, even tainted while the counted zones are all down
    expect(check(setTaints(s0, "n-b", [UNREACHABLE]), s0)).toEqual([]);
  });

  it("is quiet with no nodes counted at all", () => {
    expect(allZonesFullyDisrupted([])).toBe(false);
    const s0 = setReady(twoZones({ "n-a": { "node.kubernetes.io/exclude-disruption": "" }, "n-b": { "node.kubernetes.io/exclude-disruption": "" } }), "n-a", "Unknown");
    expect(check(setTaints(s0, "n-a", [UNREACHABLE]), s0)).toEqual([]);
  });
});

/** Lets `seconds` pass in the zones scope, checking the invariant after every step; `heard` kubelets post Ready every 10 s. */
function run(seconds: number, heard: readonly string[] = [], bug?: Bug): { state: State; violations: string[] } {
  let s = initialState(scopeScenario(zones, undefined, configWithBug(bug)));
  const violations: string[] = [];
  for (let t = 0; t < seconds; t += 10) {
    for (const name of heard) {
      const a: Action = { type: "api", client: `kubelet/${name}`, request: { verb: "patch", resource: "nodes", name, subresource: "status", patch: { status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: timestamp(s.clock.now), lastTransitionTime: timestamp(0) }] } } } };
      s = step(s, a);
    }
    let prev = s;
    s = advance(s, 10, {
      onStep: (_a, next) => {
        violations.push(...check(next, prev).map((v) => v.message));
        prev = next;
      },
    }).state;
  }
  return { state: s, violations };
}

const taintedNodes = (s: State) => objectsUnder(s, "/registry/nodes/").filter((n) => (n.spec?.taints ?? []).some((t: any) => t.effect === "NoExecute")).map((n) => n.metadata.name);
const podsLeft = (s: State) => objectsUnder(s, "/registry/pods/").filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);

describe("the node lifecycle controller against no-eviction-in-full-disruption (zones scope)", () => {
  it("every node silent: master disruption mode, no taint, no pod evicted", () => {
    const r = run(120);
    expect(r.violations).toEqual([]);
    expect(taintedNodes(r.state)).toEqual([]);
    expect(podsLeft(r.state)).toEqual(["a1", "a2", "b1"]);
  });

  it("zone-b heard, zone-a silent: zone-a is tainted and its pods evicted, and the invariant holds", () => {
    const r = run(120, ["node-b1"]);
    expect(r.violations).toEqual([]);
    expect(taintedNodes(r.state)).toEqual(["node-a1", "node-a2"]);
    expect(podsLeft(r.state)).toEqual(["a2", "b1"]);
  });

  it("without the full-disruption rule (the zoo variant) every node is tainted and the invariant fires", () => {
    const r = run(120, [], bugById("node-evict-full-disruption"));
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations[0]).toMatch(/was tainted for eviction while every zone is fully disrupted/);
    expect(taintedNodes(r.state)).toEqual(["node-a1", "node-a2", "node-b1"]);
    expect(podsLeft(r.state)).toEqual(["a2"]);
  });
});
