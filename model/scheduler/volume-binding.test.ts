import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { btreeKeys } from "../collections/btree.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";
import { clusterWith, createPods, items, must, placements, podScheduled, podWith, schedMemory } from "./fixtures.test-support.ts";
import { ERR_REASON_UNBOUND_IMMEDIATE, claimChangeMayHelp, isClaimBound, podClaims, volumeBindingPreFilter } from "./volume-binding.ts";
import { scheduleOne, viewOf } from "./schedule-one.ts";
import { emptySchedulerMemory, syncNode } from "./cache.ts";

const quiet = (s: State): State => {
  const r = settle(s);
  expect(r.quiesced).toBe(true);
  return r.state;
};

const claimObj = (name: string, extra: { volumeName?: string; phase?: string; annotations?: Record<string, string>; deleting?: boolean; owner?: string } = {}): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: {
    name,
    namespace: "default",
    uid: `uid-${name}`,
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
    ...(extra.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
    ...(extra.owner ? { ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "p", uid: extra.owner, controller: true }] } : {}),
  },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...(extra.volumeName ? { volumeName: extra.volumeName } : {}) },
  status: { phase: extra.phase ?? "Pending" },
});

const withClaims = (name: string, claims: string[], spec: Record<string, unknown> = {}): KObject =>
  podWith(name, {}, { volumes: claims.map((c) => ({ name: `v-${c}`, persistentVolumeClaim: { claimName: c } })), ...spec });

const lookup = (claims: KObject[]) => (ns: string, name: string) => claims.find((c) => c.metadata.namespace === ns && c.metadata.name === name);

const unschedulableMsg = (n: number, why: string) => `0/${n} nodes are available: ${why}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

const createClaim = (s: State, name: string) =>
  must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } });

/** What the PV controller writes when it binds a claim: volumeName and bind-completed, then phase Bound. */
function bind(s: State, name: string, pv: string): State {
  const t = must(s, { verb: "patch", resource: "persistentvolumeclaims", namespace: "default", name, patch: { metadata: { annotations: { "pv.kubernetes.io/bind-completed": "yes" } }, spec: { volumeName: pv } } });
  return must(t, { verb: "patch", resource: "persistentvolumeclaims", namespace: "default", name, subresource: "status", patch: { status: { phase: "Bound" } } });
}

/**
 * The pod's FailedScheduling events as [message, count], in the order they were first recorded (their uids are
 * sequential; their names end in a hash, so the store's key order says nothing of time).
 */
const failedScheduling = (s: State, pod: string) =>
  items(s, "events", "default")
    .filter((e) => e.reason === "FailedScheduling" && e.involvedObject.name === pod)
    .sort((x, y) => (x.metadata.uid! < y.metadata.uid! ? -1 : 1))
    .map((e) => [e.message, e.count]);

describe("VolumeBinding PreFilter (volume_binding.go)", () => {
  it("passes a pod without claims, and one whose claims are all bound", () => {
    expect(volumeBindingPreFilter(podWith("p", {}), lookup([]))).toBeUndefined();
    const bound = claimObj("a", { volumeName: "pv-a", annotations: { "pv.kubernetes.io/bind-completed": "yes" } });
    const boundByStatus = claimObj("b", { volumeName: "pv-b", phase: "Bound" });
    expect(volumeBindingPreFilter(withClaims("p", ["a", "b"]), lookup([bound, boundByStatus]))).toBeUndefined();
  });

  it("rejects on every node with the message of the first unusable claim, or for unbound Immediate claims", () => {
    const reasons = (pod: KObject, claims: KObject[]) => volumeBindingPreFilter(pod, lookup(claims));
    const unresolvable = (reason: string) => ({ plugin: "VolumeBinding", code: "UnschedulableAndUnresolvable", reasons: [reason] });
    expect(reasons(withClaims("p", ["a"]), [])).toEqual(unresolvable('persistentvolumeclaim "a" not found'));
    expect(reasons(withClaims("p", ["a"]), [claimObj("a", { phase: "Lost", volumeName: "gone" })])).toEqual(unresolvable('persistentvolumeclaim "a" bound to non-existent persistentvolume "gone"'));
    expect(reasons(withClaims("p", ["a"]), [claimObj("a", { deleting: true })])).toEqual(unresolvable('persistentvolumeclaim "a" is being deleted'));
    // An unbound claim is reported only after every claim was found.
    expect(reasons(withClaims("p", ["a", "b"]), [claimObj("a")])).toEqual(unresolvable('persistentvolumeclaim "b" not found'));
    expect(reasons(withClaims("p", ["a", "b"]), [claimObj("a"), claimObj("b", { volumeName: "pv", phase: "Bound" })])).toEqual(unresolvable(ERR_REASON_UNBOUND_IMMEDIATE));
    // volumeName alone (a claim pre-bound by the user, not yet completed by the binder) is not bound.
    expect(isClaimBound(claimObj("a", { volumeName: "pv" }))).toBe(false);
  });

  it("names the claim of a generic ephemeral volume and requires the pod to own it", () => {
    const pod: KObject = { ...podWith("web", {}, { volumes: [{ name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } }] }), metadata: { name: "web", namespace: "default", uid: "pod-uid" } };
    expect(podClaims(pod)).toEqual([{ name: "web-scratch", ephemeral: true }]);
    expect(volumeBindingPreFilter(pod, lookup([]))?.reasons).toEqual(['waiting for ephemeral volume controller to create the persistentvolumeclaim "web-scratch"']);
    expect(volumeBindingPreFilter(pod, lookup([claimObj("web-scratch", { phase: "Bound", volumeName: "pv" })]))?.reasons).toEqual(["PVC default/web-scratch was not created for pod default/web (pod is not owner)"]);
    expect(volumeBindingPreFilter(pod, lookup([claimObj("web-scratch", { phase: "Bound", volumeName: "pv", owner: "pod-uid" })]))).toBeUndefined();
  });

  it("a claim change may help only the pods of its namespace that name it", () => {
    const pod = withClaims("p", ["a"]);
    expect(claimChangeMayHelp(pod, "default", "a")).toBe(true);
    expect(claimChangeMayHelp(pod, "default", "b")).toBe(false);
    expect(claimChangeMayHelp(pod, "other", "a")).toBe(false);
  });

  it("scheduleOne: a PreFilter rejection is the pod's FitError on every node, with no Filter run", () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.boolean(), (n, exists, never) => {
        let mem = emptySchedulerMemory();
        for (let i = 1; i <= n; i++) {
          const node = { apiVersion: "v1", kind: "Node", metadata: { name: `n${i}` }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] } };
          mem = syncNode(mem, `n${i}`, node, true).mem;
        }
        const pod = withClaims("p", ["data"], never ? { preemptionPolicy: "Never" } : {});
        const r = scheduleOne(viewOf(mem.nodes, 0), pod, {}, lookup(exists ? [claimObj("data")] : []));
        const why = exists ? ERR_REASON_UNBOUND_IMMEDIATE : 'persistentvolumeclaim "data" not found';
        const preemption = never ? "preemption: not eligible due to preemptionPolicy=Never." : `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
        expect(r).toEqual({ kind: "unschedulable", message: `0/${n} nodes are available: ${why}. ${preemption}`, unschedulablePlugins: ["VolumeBinding"], statuses: [], numAllNodes: n, nextStartNodeIndex: 0 });
        // Without a claim lookup, or once the claim is bound, the node filters decide.
        const bound = claimObj("data", { volumeName: "pv", phase: "Bound" });
        expect(scheduleOne(viewOf(mem.nodes, 0), pod, {}, lookup([bound])).kind).toBe("scheduled");
      }),
      { numRuns: 30 },
    ));
});

describe("scheduler: pods wait for their PersistentVolumeClaims", () => {
  it("a missing claim, then an unbound one, keeps the pod unschedulable; binding it gets the pod placed", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }]));
    s = quiet(createPods(s, [withClaims("db", ["data"])]));
    expect(placements(s)).toEqual({ db: "" });
    const notFound = unschedulableMsg(2, 'persistentvolumeclaim "data" not found');
    expect(podScheduled(s, "db")).toMatchObject({ status: "False", reason: "Unschedulable", message: notFound });
    expect(failedScheduling(s, "db")).toEqual([[notFound, 1]]);
    expect(btreeKeys(schedMemory(s).unschedulable)).toEqual(["default/db"]);
    expect(schedMemory(s).queued.size).toBe(1);

    // Creating the claim is a PVC Add event naming the pod's claim: the pod is retried (after its 1 s back-off).
    s = quiet(createClaim(s, "data"));
    const unbound = unschedulableMsg(2, ERR_REASON_UNBOUND_IMMEDIATE);
    expect(podScheduled(s, "db")).toMatchObject({ status: "False", message: unbound });
    expect(failedScheduling(s, "db")).toEqual([[notFound, 1], [unbound, 1]]);

    // The PV controller binds it: an Update event; the pod is placed.
    s = quiet(bind(s, "data", "pv-1"));
    expect(placements(s).db).not.toBe("");
    expect(podScheduled(s, "db")).toMatchObject({ status: "True" });
    expect(schedMemory(s).unschedulable.size).toBe(0);
  });

  it("a change to another claim, or to a claim in another namespace, does not retry the pod", () => {
    let s = quiet(clusterWith([{ name: "n1" }]));
    s = quiet(createPods(s, [withClaims("db", ["data"])]));
    const before = failedScheduling(s, "db");
    s = quiet(createClaim(s, "other"));
    s = quiet(bind(s, "other", "pv-x"));
    s = quiet(must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } } }));
    s = quiet(must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "team", object: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "team" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } }));
    expect(failedScheduling(s, "db")).toEqual(before);
    expect(btreeKeys(schedMemory(s).unschedulable)).toEqual(["default/db"]);
  });

  it("a pod whose claims are bound schedules like any other", () => {
    let s = quiet(clusterWith([{ name: "n1" }]));
    s = quiet(bind(createClaim(s, "data"), "data", "pv-1"));
    s = quiet(createPods(s, [withClaims("db", ["data"])]));
    expect(placements(s)).toEqual({ db: "n1" });
    expect(failedScheduling(s, "db")).toEqual([]);
  });
});
