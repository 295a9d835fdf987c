import { describe, expect, it } from "vitest";
import { timestamp } from "../../clock.ts";
import { stepWithEffects } from "../../step.ts";
import { NODE_LIFECYCLE_ID } from "./behavior.ts";
import { clusterWith, getNode, getPod, memory, must, noExecute, readyOf, run, runPod, taintsOf } from "./cluster.test-support.ts";
import { btreeGet } from "../../collections/btree.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";

const events = (s: ReturnType<typeof clusterWith>, reason: string) => {
  const r = handle(s, { verb: "list", resource: "events", namespace: "default" });
  if (isStatus(r.result)) throw new Error(r.result.message);
  return ((r.result as any).items as any[]).filter((e) => e.reason === reason);
};

/** n2 keeps posting status: with a single silent node the whole cluster would be fully disrupted, and the
 * controller would stop evicting (see disruption.test.ts). */
const ALIVE = ["n2"];

describe("node lifecycle controller: a node that stops posting status", () => {
  it("is marked Unknown after the grace period, its pods NotReady, then tainted, then its pods evicted after 300 s", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "web-1", "n1");
    expect(s.clock.now).toBe(0);

    // 40 s is the grace period: at t=40 the node is still Ready (the check is "older than", strictly).
    s = run(s, 40, ALIVE);
    expect(readyOf(getNode(s, "n1"))).toBe("True");
    expect(readyOf(getPod(s, "web-1")!)).toBe("True");

    // The pass at t=45 sees a heartbeat 45 s old: every condition becomes Unknown, the pods NotReady.
    s = run(s, 5, ALIVE);
    const node = getNode(s, "n1");
    const ready = node.status.conditions.find((c: any) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: timestamp(45) });
    expect(node.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ["MemoryPressure", "Unknown"],
      ["DiskPressure", "Unknown"],
      ["PIDPressure", "Unknown"],
      ["Ready", "Unknown"],
    ]);
    // The kubelet posted MemoryPressure (False) before it went silent, so it too "stopped posting".
    expect(node.status.conditions.find((c: any) => c.type === "MemoryPressure")).toMatchObject({ reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    expect(readyOf(getPod(s, "web-1")!)).toBe("False");
    expect(events(s, "NodeNotReady").map((e) => e.involvedObject.kind).sort()).toEqual(["Node", "Pod"]);
    // The NoSchedule taint by condition comes with the status change; the NoExecute one waits for the next pass,
    // which acts on the condition it observed (Unknown) rather than the one it wrote.
    expect(taintsOf(getNode(s, "n1")).map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);

    s = run(s, 5, ALIVE);
    const unreachable = taintsOf(getNode(s, "n1")).find((t) => t.effect === "NoExecute");
    expect(unreachable).toEqual({ key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: timestamp(50) });

    // tolerationSeconds defaults to 300 (DefaultTolerationSeconds): the pod goes at 50 + 300.
    s = run(s, 299, ALIVE);
    expect(getPod(s, "web-1")!.metadata.deletionTimestamp).toBeUndefined();
    s = run(s, 1, ALIVE);
    const evicted = getPod(s, "web-1")!;
    expect(evicted.metadata.deletionTimestamp).toBe(timestamp(350 + 30));
    expect(evicted.status.conditions.find((c: any) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager" });
    expect(events(s, "TaintManagerEviction").map((e) => e.message)).toEqual(["Marking for deletion Pod default/web-1"]);
  });

  it("recovers when the heartbeat resumes: Ready again, taints removed, the pending eviction cancelled", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "web-1", "n1");
    s = run(s, 100, ALIVE);
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
    expect(btreeGet(memory(s).evictions, "default/web-1")).toEqual({ createdAt: 50, fireAt: 350, timer: true });

    // The kubelet comes back at t=100 and posts status every 10 s.
    s = run(s, 20, ["n1", "n2"]);
    const node = getNode(s, "n1");
    expect(readyOf(node)).toBe("True");
    expect(taintsOf(node)).toEqual([]);
    expect(btreeGet(memory(s).evictions, "default/web-1")).toBeUndefined();
    expect(events(s, "TaintManagerEviction").map((e) => e.message)).toEqual(["Cancelling deletion of Pod default/web-1"]);

    s = run(s, 400, ["n1", "n2"]);
    expect(getPod(s, "web-1")!.metadata.deletionTimestamp).toBeUndefined();
    expect(noExecute(getNode(s, "n1"))).toEqual([]);
  });

  it("a renewed Lease counts as a heartbeat even when the status is never updated", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    const lease = (t: number) => ({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "n1", namespace: "kube-node-lease" },
      spec: { holderIdentity: "n1", leaseDurationSeconds: 40, renewTime: timestamp(t).replace("Z", ".000000Z") },
    });
    s = must(s, { verb: "create", resource: "leases.coordination.k8s.io", namespace: "kube-node-lease", object: lease(0) }).state;
    for (let i = 0; i < 20; i++) {
      const cur = must(s, { verb: "get", resource: "leases.coordination.k8s.io", namespace: "kube-node-lease", name: "n1" }).obj;
      s = must(s, { verb: "update", resource: "leases.coordination.k8s.io", namespace: "kube-node-lease", name: "n1", object: { ...cur, spec: { ...cur.spec, renewTime: lease(s.clock.now).spec.renewTime } } }).state;
      s = run(s, 10, ALIVE);
    }
    expect(s.clock.now).toBe(200);
    expect(readyOf(getNode(s, "n1"))).toBe("True");
    // Once the lease stops too, the node goes Unknown 40 s after the last renewal was seen.
    s = run(s, 35, ALIVE);
    expect(readyOf(getNode(s, "n1"))).toBe("True");
    s = run(s, 10, ALIVE);
    expect(readyOf(getNode(s, "n1"))).toBe("Unknown");
  });

  it("a pod that tolerates the taint forever stays; one with a shorter tolerationSeconds goes earlier", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "forever", "n1", { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }] });
    s = runPod(s, "short", "n1", { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 20 }] });
    s = runPod(s, "default", "n1");
    s = run(s, 69, ALIVE);
    expect(getPod(s, "short")!.metadata.deletionTimestamp).toBeUndefined();
    s = run(s, 1, ALIVE);
    expect(getPod(s, "short")!.metadata.deletionTimestamp).toBe(timestamp(70 + 30));
    s = run(s, 400, ALIVE);
    expect(getPod(s, "forever")!.metadata.deletionTimestamp).toBeUndefined();
    expect(getPod(s, "default")!.metadata.deletionTimestamp).toBe(timestamp(350 + 30));
  });

  it("a pod bound to a node that is already tainted and does not tolerate it at all is evicted at once", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = run(s, 60, ALIVE);
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
    // A toleration naming the unreachable taint (so DefaultTolerationSeconds adds none for it) whose value
    // does not match: the taint is not tolerated at all.
    s = runPod(s, "late", "n1", { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Equal", value: "x", effect: "NoExecute" }] });
    s = run(s, 1, ALIVE);
    expect(getPod(s, "late")!.metadata.deletionTimestamp).toBe(timestamp(60 + 30));
    expect(readyOf(getPod(s, "late")!)).toBe("False");
  });

  it("writes nothing while nodes are healthy (no requests in a monitor pass over Ready nodes)", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = run(s, 30, ["n1", "n2"]);
    const c = btreeGet(s.components, NODE_LIFECYCLE_ID)!;
    expect(c.informers.nodes!.synced).toBe(true);
    // Deliver the heartbeat, then run one monitor pass by hand: it sends no request at all.
    s = run(s, 0.5, ["n1", "n2"]);
    const r = stepWithEffects(s, { type: "enqueue", component: NODE_LIFECYCLE_ID, key: "monitor" });
    const pass = stepWithEffects(r.state, { type: "reconcile", component: NODE_LIFECYCLE_ID });
    expect(pass.effects.filter((e) => e.kind === "request")).toEqual([]);
  });

  it("a restart forgets the scheduled evictions: they are rescheduled from the restart, 300 s later", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    s = runPod(s, "web-1", "n1");
    s = run(s, 200, ALIVE);
    expect(btreeGet(memory(s).evictions, "default/web-1")?.fireAt).toBe(350);
    s = stepWithEffects(s, { type: "component.restart", component: NODE_LIFECYCLE_ID }).state;
    s = run(s, 160, ALIVE); // t = 360: the old deadline has passed
    expect(getPod(s, "web-1")!.metadata.deletionTimestamp).toBeUndefined();
    expect(btreeGet(memory(s).evictions, "default/web-1")?.fireAt).toBe(500);
    s = run(s, 140, ALIVE);
    expect(getPod(s, "web-1")!.metadata.deletionTimestamp).toBe(timestamp(500 + 30));
  });

  it("Ready=False from the kubelet taints not-ready at once; when it then goes silent the taint is swapped to unreachable", () => {
    let s = clusterWith({}, { n1: {}, n2: {} });
    const notReady = (st: typeof s) =>
      must(st, {
        verb: "patch",
        resource: "nodes",
        name: "n1",
        subresource: "status",
        patch: { status: { conditions: [{ type: "Ready", status: "False", reason: "KubeletNotReady", lastHeartbeatTime: timestamp(st.clock.now), lastTransitionTime: timestamp(10) }] } },
      }).state;
    s = run(s, 10, ALIVE);
    for (let i = 0; i < 3; i++) {
      s = notReady(s);
      s = run(s, 10, ALIVE);
    }
    expect(taintsOf(getNode(s, "n1")).map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"]);
    s = run(s, 60, ALIVE);
    expect(readyOf(getNode(s, "n1"))).toBe("Unknown");
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
  });
});
