import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cluster, ok, namespace } from "../test/helpers.ts";
import { handle } from "../model/apiserver/handle.ts";
import { step } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { advance } from "../model/advance.ts";
import { btreeSet } from "../model/collections/btree.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { boundPod, clusterWithNodes, createPod } from "../model/kubelet/kubelet.test-support.ts";
import { edgeCoverage, eventsSince, lifecycleChanges, lifecyclePhaseEdges, recordLifecycleEdges, type EdgeCoverage } from "./lifecycles.ts";

const setPhase = (s: State, name: string, phase: string, extra: Record<string, unknown> = {}) =>
  ok(s, { verb: "patch", resource: "pods", namespace: "default", name, subresource: "status", patch: { status: { phase, ...extra } } }).state;
const aPod = (name: string, nodeName?: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "app", image: "nginx" }] },
});
const check = (s: State, prev: State) => lifecyclePhaseEdges.check(s, prev);

describe("invariant lifecycle-phase-edges", () => {
  it("accepts Pending → Running → Succeeded", () => {
    const s0 = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: aPod("web", "n1") }).state;
    const s1 = setPhase(s0, "web", "Running");
    expect(check(s1, s0)).toEqual([]);
    const s2 = setPhase(s1, "web", "Succeeded");
    expect(check(s2, s1)).toEqual([]);
    expect(check(s2, s0)).toEqual([]);
  });

  it("flags Succeeded → Running: a terminal phase is never left", () => {
    const s0 = setPhase(ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: aPod("web", "n1") }).state, "web", "Succeeded");
    const s1 = setPhase(s0, "web", "Running");
    expect(check(s1, s0)).toEqual([
      { invariant: "lifecycle-phase-edges", objects: ["Pod default/web"], message: `Pod default/web left the terminal phase Succeeded for Running (revision ${s1.store.revision})` },
    ]);
  });

  it("flags a change that is not an edge, and checks every write of a step, not only the last", () => {
    const s0 = ok(cluster(), { verb: "create", resource: "persistentvolumes", object: { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv1" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/d" } } } }).state;
    const pvPhase = (s: State, phase: string) => ok(s, { verb: "patch", resource: "persistentvolumes", name: "pv1", subresource: "status", patch: { status: { phase } } }).state;
    const s1 = pvPhase(pvPhase(s0, "Bound"), "Available");
    expect(check(s1, s0)).toEqual([]);
    const s2 = pvPhase(pvPhase(s1, "Bound"), "Pending");
    expect(check(s2, s1).map((v) => v.message)).toEqual([`PersistentVolume pv1 changed phase Bound → Pending, which is not an edge of the persistentvolume chart (revision ${s2.store.revision})`]);
  });

  it("accepts a namespace going Terminating and flags it coming back to Active", () => {
    const s0 = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("team") }).state;
    const s1 = handle(s0, { verb: "delete", resource: "namespaces", name: "team" }).state;
    expect(s1.store.revision).toBeGreaterThan(s0.store.revision);
    expect(check(s1, s0)).toEqual([]);
    const s2 = ok(s1, { verb: "patch", resource: "namespaces", name: "team", subresource: "status", patch: { status: { phase: "Active" } } }).state;
    expect(check(s2, s1).map((v) => v.message)).toEqual([`Namespace team changed phase Terminating → Active, which is not an edge of the namespace chart (revision ${s2.store.revision})`]);
  });

  it("reads only the writes since prev: O(changes), whatever else is in the store", () => {
    let s = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: aPod("web", "n1") }).state;
    s = setPhase(s, "web", "Succeeded");
    const bad = setPhase(s, "web", "Running");
    // An object changed behind the store's back (no log entry) is not seen: the check reads the log, not the objects.
    const untouched = { ...bad, store: { ...bad.store, kvs: btreeSet(bad.store.kvs, "/registry/pods/default/x", bad.store.kvs as never) } };
    expect(check(untouched, bad)).toEqual([]);
    expect(check(bad, undefined as never)).toEqual([]);
  });
});

describe("edge recorder", () => {
  it("attributes each observed change to a chart transition, and counts phase edges and removals", () => {
    let s = clusterWithNodes(["n1"]);
    const s0 = s;
    s = settle(createPod(s, boundPod("web", { restartPolicy: "Never" }))).state;
    s = settle(step(s, { type: "container.crash", namespace: "default", pod: "web", container: "app", exitCode: 3 })).state;
    const changes = lifecycleChanges(eventsSince(s, s0)).filter((c) => c.machine === "pod");
    expect(changes.map((c) => `${c.fromState} -> ${c.toState}`)).toEqual([
      "Pending.scheduled.creatingSandbox -> Running.ready",
      "Running.ready -> Failed",
    ]);
    expect(changes[1]!.transition?.id).toBe("Running#ContainerDied#3");
    const cov = edgeCoverage(eventsSince(s, s0));
    expect(cov.pod).toEqual({
      phaseEdges: { "Pending -> Running": 1, "Running -> Failed": 1 },
      transitions: { "Running#ContainerDied#3": 1 },
      unattributed: { "Pending.scheduled.creatingSandbox -> Running.ready": 1 },
    });
    // Removing a Failed pod ends its chart: not a change.
    const s2 = handle(s, { verb: "delete", resource: "pods", namespace: "default", name: "web" }).state;
    expect(lifecycleChanges(eventsSince(s2, s))).toEqual([]);
  });

  it("counts removals before a final phase as edges to gone", () => {
    const s0 = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: aPod("web") }).state;
    const s1 = handle(s0, { verb: "delete", resource: "pods", namespace: "default", name: "web" }).state;
    expect(edgeCoverage(eventsSince(s1, s0)).pod).toEqual({ phaseEdges: { "Pending -> gone": 1 }, transitions: { "Pending.unscheduled#Delete#0": 1 }, unattributed: {} });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// From model to chart: the kubelet under random faults never makes a phase change the charts do not have.

type Op =
  | { op: "crash"; pod: number; exitCode: number }
  | { op: "readiness"; pod: number; ready: boolean }
  | { op: "delete"; pod: number; grace: number }
  | { op: "nodeCrash" }
  | { op: "nodeRecover" }
  | { op: "advance"; seconds: number };

const POLICIES = ["Always", "OnFailure", "Never"] as const;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("crash" as const), pod: fc.nat(5), exitCode: fc.constantFrom(0, 1, 137) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("readiness" as const), pod: fc.nat(5), ready: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), pod: fc.nat(5), grace: fc.constantFrom(0, 30) }) },
  { weight: 1, arbitrary: fc.constant({ op: "nodeCrash" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "nodeRecover" as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("advance" as const), seconds: fc.constantFrom(5, 30, 120) }) },
);

function apply(s: State, o: Op): State {
  const name = "p" + ("pod" in o ? o.pod : 0);
  switch (o.op) {
    case "crash":
      return settle(step(s, { type: "container.crash", namespace: "default", pod: name, container: "app", exitCode: o.exitCode })).state;
    case "readiness":
      return settle(step(s, { type: "pod.readiness", namespace: "default", pod: name, ready: o.ready })).state;
    case "delete":
      return settle(handle(s, { verb: "delete", resource: "pods", namespace: "default", name, gracePeriodSeconds: o.grace } as never).state).state;
    case "nodeCrash":
      return settle(step(s, { type: "node.crash", node: "n1" })).state;
    case "nodeRecover":
      return settle(step(s, { type: "node.recover", node: "n1" })).state;
    case "advance":
      return advance(s, o.seconds).state;
  }
}

describe("the kubelet against the Pod chart", () => {
  it("never changes a pod's phase along a non-edge, under crashes, probes, deletions and node crashes", () => {
    const coverage: EdgeCoverage = {};
    let s0 = clusterWithNodes(["n1"]);
    for (let i = 0; i < 6; i++) {
      const initContainers = i % 2 === 1 ? [{ name: "init", image: "busybox" }] : undefined;
      s0 = createPod(s0, boundPod(`p${i}`, { restartPolicy: POLICIES[i % 3], ...(initContainers ? { initContainers } : {}) }));
    }
    const base = settle(s0).state;
    recordLifecycleEdges(coverage, eventsSince(base, s0));
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        let s = base;
        for (const o of ops) {
          const next = apply(s, o);
          // The check reads every write between the two states, so one check covers all steps of a settle.
          expect(check(next, s)).toEqual([]);
          recordLifecycleEdges(coverage, eventsSince(next, s));
          s = next;
        }
      }),
      { numRuns: 40 },
    );
    // The runs exercised the main edges of the Pod chart.
    const edges = Object.keys(coverage.pod?.phaseEdges ?? {});
    for (const e of ["Pending -> Running", "Running -> Failed", "Running -> Succeeded"]) expect(edges).toContain(e);
  });
});
