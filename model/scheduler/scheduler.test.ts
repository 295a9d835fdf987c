import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step, stepWithEffects } from "../step.ts";
import { enabled } from "../enabled.ts";
import { addNode } from "../add-node.ts";
import { btreeGet, btreeKeys } from "../collections/btree.ts";
import { getTimer } from "../timers.ts";
import { timerIdFor } from "../informers/enqueue-after.ts";
import { queueLength } from "../informers/workqueue.ts";
import {
  SCHED,
  boundUsage,
  cacheUsage,
  clusterWith,
  createPods,
  events,
  must,
  overcommitted,
  patchNode,
  placements,
  podScheduled,
  podWith,
  reconcileSched,
  schedMemory,
  syncPods,
} from "./fixtures.test-support.ts";

const quiet = (s: ReturnType<typeof clusterWith>) => {
  const r = settle(s);
  expect(r.quiesced).toBe(true);
  return r.state;
};

describe("scheduler: placement", () => {
  it("spreads equal pods over equal nodes by least allocation, ties to the lowest node name", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }, { name: "n3" }]));
    s = createPods(s, ["a", "b", "c", "d", "e", "f"].map((n) => podWith(n, { cpu: "500m", memory: "256Mi" })));
    s = quiet(s);
    expect(placements(s)).toEqual({ a: "n1", b: "n2", c: "n3", d: "n1", e: "n2", f: "n3" });
    expect(events(s).filter((e) => e[0] === "Scheduled").map((e) => e[2])).toContain("Successfully assigned default/a to n1");
    expect(podScheduled(s, "a")).toMatchObject({ status: "True" });
  });

  it("prefers the emptier node: a loaded node gets the next pod last", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }]));
    s = quiet(createPods(s, [podWith("big", { cpu: "3", memory: "1Gi" }, { nodeName: "n1" })]));
    s = quiet(createPods(s, [podWith("x", { cpu: "500m", memory: "256Mi" }), podWith("y", { cpu: "500m", memory: "256Mi" })]));
    expect(placements(s)).toEqual({ big: "n1", x: "n2", y: "n2" });
  });

  it("respects cpu: the pod that does not fit is Unschedulable with Kubernetes' message", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m" }), podWith("b", { cpu: "600m" })]));
    expect(placements(s)).toEqual({ a: "n1", b: "" });
    const msg = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    expect(podScheduled(s, "b")).toMatchObject({ status: "False", reason: "Unschedulable", message: msg });
    expect(events(s).filter((e) => e[0] === "FailedScheduling")).toEqual([["FailedScheduling", "b", msg, 1]]);
  });

  it("respects memory and counts both shortages", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1", memory: "1Gi" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m", memory: "600Mi" }), podWith("b", { cpu: "600m", memory: "600Mi" }), podWith("c", { cpu: "100m", memory: "600Mi" })]));
    expect(placements(s)).toEqual({ a: "n1", b: "", c: "" });
    expect(podScheduled(s, "b").message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
    expect(podScheduled(s, "c").message).toMatch(/^0\/1 nodes are available: 1 Insufficient memory\./);
  });

  it("respects the pods-per-node limit (allocatable pods), even for pods without requests", () => {
    let s = quiet(clusterWith([{ name: "n1", pods: "2" }]));
    s = quiet(createPods(s, ["a", "b", "c"].map((n) => podWith(n, {}))));
    expect(placements(s)).toEqual({ a: "n1", b: "n1", c: "" });
    expect(podScheduled(s, "c").message).toMatch(/^0\/1 nodes are available: 1 Too many pods\./);
  });

  it("sends a pod with a nodeSelector to matching nodes only", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2", labels: { disk: "ssd" } }, { name: "n3" }]));
    s = quiet(createPods(s, [podWith("ssd", {}, { nodeSelector: { disk: "ssd" } }), podWith("hdd", {}, { nodeSelector: { disk: "hdd" } })]));
    expect(placements(s)).toEqual({ ssd: "n2", hdd: "" });
    expect(podScheduled(s, "hdd").message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("honours required node affinity (matchFields on metadata.name, as DaemonSet pods use it)", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }]));
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }] } } };
    s = quiet(createPods(s, [podWith("ds", {}, { affinity })]));
    expect(placements(s)).toEqual({ ds: "n2" });
  });

  it("keeps pods off tainted nodes unless they tolerate the taint; mixed reasons are counted per node", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2", cpu: "1" }, { name: "n3", labels: { zone: "b" } }]));
    s = patchNode(s, "n1", { spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } });
    s = quiet(s);
    s = quiet(
      createPods(s, [
        podWith("plain", { cpu: "2" }, { nodeSelector: { zone: "a" } }),
        podWith("tolerant", { cpu: "100m" }, { tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }], nodeSelector: { "kubernetes.io/hostname": "n1" } }),
        podWith("exists", { cpu: "100m" }, { tolerations: [{ operator: "Exists" }], nodeSelector: { "kubernetes.io/hostname": "n1" } }),
      ]),
    );
    expect(placements(s)).toEqual({ plain: "", tolerant: "n1", exists: "n1" });
    expect(podScheduled(s, "plain").message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("treats a cordoned node and a NotReady node as unavailable, except to pods tolerating their taints", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }]));
    s = patchNode(s, "n1", { spec: { unschedulable: true } });
    s = patchNode(s, "n2", { status: { conditions: [{ type: "Ready", status: "Unknown", reason: "NodeStatusUnknown" }] } }, "status");
    s = quiet(createPods(s, [podWith("p", {}), podWith("t", {}, { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoSchedule" }] })]));
    expect(placements(s)).toEqual({ p: "", t: "n2" });
    expect(podScheduled(s, "p").message).toBe(
      "0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable. " +
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    // Uncordoning is a node update NodeUnschedulable registered for: the pod is retried and placed.
    s = quiet(patchNode(s, "n1", { spec: { unschedulable: false } }));
    expect(placements(s).p).toBe("n1");
  });
});

describe("scheduler: unschedulable pods wait for the cluster to change", () => {
  it("records the condition and one event, lets settle quiesce, then schedules once a node is added", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }]));
    s = createPods(s, [podWith("a", { cpu: "800m" }), podWith("b", { cpu: "800m" })]);
    const r = settle(s);
    expect(r.quiesced).toBe(true);
    s = r.state;
    expect(placements(s)).toEqual({ a: "n1", b: "" });
    expect(podScheduled(s, "b")).toMatchObject({ status: "False", reason: "Unschedulable" });
    expect(events(s).filter((e) => e[0] === "FailedScheduling").map((e) => e[3])).toEqual([1]);
    expect(btreeKeys(schedMemory(s).unschedulable)).toEqual(["default/b"]);
    // Nothing is left to do: no busy retry (only the periodic leftover flush is armed, which settle ignores).
    expect(enabled(s)).toEqual([{ type: "clock.tick" }]);
    expect(getTimer(s, timerIdFor(SCHED, "~flush-unschedulable"))?.periodic).toBe(true);
    // A heartbeat-like status update of the node changes nothing the filters read: the pod stays put.
    s = quiet(patchNode(s, "n1", { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: "2026-01-01T00:00:10Z" }] } }, "status"));
    expect(events(s).filter((e) => e[0] === "FailedScheduling").map((e) => e[3])).toEqual([1]);
    // A new node is a NodeAdd event: b leaves unschedulablePods, waits out its 1 s back-off, and is placed.
    const t0 = s.clock.now;
    s = addNode(s, { name: "n2", capacity: { cpu: "1", memory: "8Gi", pods: "110" } }).state;
    s = quiet(s);
    expect(placements(s)).toEqual({ a: "n1", b: "n2" });
    expect(podScheduled(s, "b")).toMatchObject({ status: "True" });
    expect(s.clock.now - t0).toBe(1);
    expect(schedMemory(s).unschedulable.size).toBe(0);
    expect(schedMemory(s).queued.size).toBe(0);
  });

  it("with no nodes at all, reports so and schedules when the first node registers", () => {
    let s = quiet(clusterWith([]));
    s = quiet(createPods(s, [podWith("a", {})]));
    expect(podScheduled(s, "a")).toMatchObject({ status: "False", reason: "Unschedulable", message: "no nodes available to schedule pods" });
    s = quiet(addNode(s, { name: "n1", capacity: { cpu: "1", memory: "1Gi", pods: "10" } }).state);
    expect(placements(s)).toEqual({ a: "n1" });
  });

  it("retries when an assigned pod is deleted and frees room", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m" }), podWith("b", { cpu: "600m" })]));
    expect(placements(s)).toEqual({ a: "n1", b: "" });
    s = quiet(must(s, { verb: "delete", resource: "pods", namespace: "default", name: "a", gracePeriodSeconds: 0 }));
    expect(placements(s)).toEqual({ b: "n1" });
    expect(cacheUsage(s)).toEqual(boundUsage(s));
  });

  it("moves only pods whose rejecting plugin cares about the event", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m" }), podWith("big", { cpu: "600m" }), podWith("picky", {}, { nodeSelector: { disk: "ssd" } })]));
    expect(placements(s)).toEqual({ a: "n1", big: "", picky: "" });
    const before = events(s).filter((e) => e[0] === "FailedScheduling");
    // Relabelling n1 is a label change: NodeAffinity's event. "picky" is retried and placed; "big" (rejected by
    // NodeResourcesFit) is not retried at all.
    s = quiet(patchNode(s, "n1", { metadata: { labels: { disk: "ssd" } } }));
    expect(placements(s)).toEqual({ a: "n1", big: "", picky: "n1" });
    expect(events(s).filter((e) => e[0] === "FailedScheduling")).toEqual(before);
  });

  it("retries pods left in unschedulablePods after five minutes even without an event", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m" }), podWith("b", { cpu: "600m" })]));
    const failed = () => events(s).find((e) => e[0] === "FailedScheduling" && e[1] === "b")![3];
    expect(failed()).toBe(1);
    s = step(s, { type: "clock.advance", seconds: 290 });
    s = quiet(s);
    expect(failed()).toBe(1);
    s = step(s, { type: "clock.advance", seconds: 30 });
    s = quiet(s);
    expect(failed()).toBe(2);
    expect(placements(s).b).toBe("");
  });
});

describe("scheduler: the assumed-pod cache", () => {
  const twoPodsOneRoom = (variant?: Parameters<typeof clusterWith>[1]) => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }], variant));
    s = createPods(s, [podWith("a", { cpu: "600m" }), podWith("b", { cpu: "600m" })]);
    s = step(s, syncPods); // the scheduler sees both pending pods; from now on its pod informer lags
    expect(queueLength(btreeGet(s.components, SCHED)!.queue)).toBe(2);
    s = step(s, reconcileSched); // a → n1
    expect(placements(s)).toEqual({ a: "n1", b: "" });
    return s;
  };

  it("prevents over-commit while the pod informer lags: the second pod sees the first as assumed", () => {
    let s = twoPodsOneRoom();
    expect(btreeGet(schedMemory(s).pods, "default/a")).toMatchObject({ node: "n1", assumed: true, bindingFinished: true, deadline: 900 });
    s = step(s, reconcileSched); // b: n1 has 600m assumed of 1000m
    expect(placements(s)).toEqual({ a: "n1", b: "" });
    expect(podScheduled(s, "b").message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    // The informer catches up: the assumption is confirmed and its expiry timer cancelled.
    s = step(s, syncPods);
    s = step(s, reconcileSched);
    expect(btreeGet(schedMemory(s).pods, "default/a")).toEqual(expect.not.objectContaining({ assumed: true }));
    expect(getTimer(s, timerIdFor(SCHED, "~expire:default/a"))).toBeUndefined();
    s = quiet(s);
    expect(overcommitted(s)).toEqual([]);
    expect(cacheUsage(s)).toEqual(boundUsage(s));
  });

  it("a variant without assume over-commits the node in the same interleaving", () => {
    let s = twoPodsOneRoom({ assume: false });
    expect(btreeGet(schedMemory(s).pods, "default/a")).toBeUndefined();
    s = step(s, reconcileSched);
    expect(placements(s)).toEqual({ a: "n1", b: "n1" });
    expect(overcommitted(s)).toEqual(["n1"]);
  });

  it("an assumption that expires before the informer confirms it leaves a stale cache that over-commits", () => {
    let s = twoPodsOneRoom({ assumedPodTTLSeconds: 5 });
    s = step(s, { type: "clock.advance", seconds: 5 }); // the expiry fires; the informer still has not delivered the bind
    s = step(s, reconcileSched);
    expect(placements(s)).toEqual({ a: "n1", b: "n1" });
    expect(overcommitted(s)).toEqual(["n1"]);
  });

  it("a bind conflict (someone else bound the pod first) forgets the assumption, retries, and converges", () => {
    let s = quiet(clusterWith([{ name: "n1" }, { name: "n2" }]));
    s = createPods(s, [podWith("p", { cpu: "100m" })]);
    s = step(s, syncPods);
    s = must(s, { verb: "create", resource: "pods", namespace: "default", name: "p", subresource: "binding", object: { apiVersion: "v1", kind: "Binding", metadata: { name: "p" }, target: { kind: "Node", name: "n2" } } });
    const r = stepWithEffects(s, reconcileSched);
    s = r.state;
    const conflict = 'Operation cannot be fulfilled on pods "p": pod p is already assigned to node "n2"';
    expect(r.effects.flatMap((e) => (e.kind === "request" && e.resource === "pods" ? [[e.verb, e.code]] : []))).toEqual([
      ["create", 409],
      ["update", 409],
    ]);
    expect(btreeGet(schedMemory(s).pods, "default/p")).toBeUndefined();
    expect(btreeGet(schedMemory(s).queued, "default/p")).toMatchObject({ attempts: 1, unschedulablePlugins: [] });
    expect(events(s)).toContainEqual(["FailedScheduling", "p", conflict, 1]);
    // The stale status write was refused: the pod keeps PodScheduled=True from its binding.
    expect(podScheduled(s, "p")).toMatchObject({ status: "True" });
    s = quiet(s);
    expect(placements(s)).toEqual({ p: "n2" });
    expect(cacheUsage(s)).toEqual(boundUsage(s));
    expect(schedMemory(s).queued.size).toBe(0);
    expect(getTimer(s, timerIdFor(SCHED, "default/p"))).toBeUndefined();
  });

  it("a restart loses the cache; the relist rebuilds it and scheduling stays within capacity", () => {
    let s = quiet(clusterWith([{ name: "n1", cpu: "1" }, { name: "n2", cpu: "1" }]));
    s = quiet(createPods(s, [podWith("a", { cpu: "600m" }), podWith("b", { cpu: "600m" })]));
    s = step(s, { type: "component.restart", component: SCHED });
    expect(schedMemory(s).pods.size).toBe(0);
    s = quiet(createPods(s, [podWith("c", { cpu: "600m" })]));
    expect(placements(s)).toEqual({ a: "n1", b: "n2", c: "" });
    expect(cacheUsage(s)).toEqual(boundUsage(s));
  });
});
