import { describe, expect, it } from "vitest";
import { settle } from "../../settle.ts";
import { step } from "../../step.ts";
import { btreeGet, btreeValues } from "../../collections/btree.ts";
import { queueHas } from "../../informers/workqueue.ts";
import { numRequeues } from "../../informers/rate-limiter.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { getTimer } from "../../timers.ts";
import { componentAt, type State } from "../../state.ts";
import { addNode } from "../../add-node.ts";
import { withoutKubelet } from "../nodelifecycle/cluster.test-support.ts";
import { GARBAGE_COLLECTOR_ID } from "./behavior.ts";
import { getNode } from "./graph.ts";
import type { GcMemory } from "./memory.ts";
import { controllerRef, createConfigMap, createDeployment, createPod, createReplicaSet, find, gcCluster, must, ref } from "./gc.test-support.ts";

const PODS = ["web-a", "web-b", "web-c"];
const gc = (s: State) => btreeGet(s.components, GARBAGE_COLLECTOR_ID)!;
const mem = (s: State) => componentAt<GcMemory>(s, GARBAGE_COLLECTOR_ID)!.memory;
/** Graph nodes other than the default ServiceAccounts the serviceaccounts controller keeps in every namespace. */
/** The bootstrap's objects (default accounts, kube-root-ca.crt ConfigMaps, the kubernetes Service and Endpoints) are not workloads. */
const BOOTSTRAP_KINDS = ["ServiceAccount", "ConfigMap", "Service", "Endpoints"];
const workloadNodes = (s: State) => btreeValues(mem(s).graph.nodes).filter((n) => !BOOTSTRAP_KINDS.includes(n.identity.kind)).map((n) => `${n.identity.kind}/${n.identity.name}`);

/** A settled cluster with ReplicaSet "web" owning three pods. */
function replicaSetWithPods(): { s: State; rsUid: string } {
  let s = gcCluster();
  const rs = createReplicaSet(s, "web");
  s = rs.state;
  for (const p of PODS) s = createPod(s, p, [controllerRef(rs.obj)]);
  s = settle(s).state;
  return { s, rsUid: rs.obj.metadata.uid! };
}

describe("garbage collector", () => {
  it("builds the owner → dependents graph from its informers", () => {
    const { s, rsUid } = replicaSetWithPods();
    const node = getNode(mem(s).graph, rsUid)!;
    expect(node).toMatchObject({ virtual: false, identity: { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", namespace: "default", uid: rsUid } });
    const podUid = find(s, "pods", "web-a")!.metadata.uid!;
    expect(btreeGet(mem(s).graph.edges, `${rsUid}\u0001${podUid}`)).toBe(1);
  });

  it("background: deleting a ReplicaSet deletes its pods afterwards", () => {
    let { s } = replicaSetWithPods();
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web", propagationPolicy: "Background" }).state;
    expect(find(s, "replicasets.apps", "web")).toBeUndefined();
    expect(PODS.map((p) => find(s, "pods", p) !== undefined)).toEqual([true, true, true]);
    s = settle(s).state;
    expect(PODS.map((p) => find(s, "pods", p))).toEqual([undefined, undefined, undefined]);
    expect(workloadNodes(s)).toEqual([]);
  });

  it("foreground: the pods go first, then the ReplicaSet (its finalizer removed last)", () => {
    let { s } = replicaSetWithPods();
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web", propagationPolicy: "Foreground" }).state;
    expect(find(s, "replicasets.apps", "web")!.metadata.finalizers).toEqual(["foregroundDeletion"]);
    const order: string[] = [];
    let before = new Set([...PODS.map((p) => `pod/${p}`), "rs/web"]);
    s = settle(s, {
      onStep: (_a, st) => {
        const now = new Set([...PODS.filter((p) => find(st, "pods", p)).map((p) => `pod/${p}`), ...(find(st, "replicasets.apps", "web") ? ["rs/web"] : [])]);
        for (const x of before) if (!now.has(x)) order.push(x);
        before = now;
      },
    }).state;
    expect(order).toHaveLength(4);
    expect(order[3]).toBe("rs/web");
    expect(find(s, "replicasets.apps", "web")).toBeUndefined();
  });

  it("foreground through two levels: pods, then the ReplicaSet, then the Deployment", () => {
    let s = gcCluster();
    const d = createDeployment(s, "web");
    s = d.state;
    const rs = createReplicaSet(s, "web-1", [controllerRef(d.obj)]);
    s = rs.state;
    for (const p of PODS) s = createPod(s, p, [controllerRef(rs.obj)]);
    s = settle(s).state;
    s = must(s, { verb: "delete", resource: "deployments.apps", namespace: "default", name: "web", propagationPolicy: "Foreground" }).state;
    const gone: string[] = [];
    const alive = (st: State) => [...PODS.filter((p) => find(st, "pods", p)).map(() => "pod"), ...(find(st, "replicasets.apps", "web-1") ? ["rs"] : []), ...(find(st, "deployments.apps", "web") ? ["deploy"] : [])];
    let prev = alive(s);
    s = settle(s, {
      onStep: (_a, st) => {
        const cur = alive(st);
        const count = (xs: string[], k: string) => xs.filter((x) => x === k).length;
        for (const k of ["pod", "rs", "deploy"]) for (let i = count(cur, k); i < count(prev, k); i++) gone.push(k);
        prev = cur;
      },
    }).state;
    expect(gone).toEqual(["pod", "pod", "pod", "rs", "deploy"]);
  });

  it("orphan: the pods stay, without the ownerReference; the ReplicaSet goes", () => {
    let { s } = replicaSetWithPods();
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web", propagationPolicy: "Orphan" }).state;
    expect(find(s, "replicasets.apps", "web")!.metadata.finalizers).toEqual(["orphan"]);
    s = settle(s).state;
    expect(find(s, "replicasets.apps", "web")).toBeUndefined();
    for (const p of PODS) {
      const pod = find(s, "pods", p)!;
      expect(pod.metadata.deletionTimestamp).toBeUndefined();
      expect(pod.metadata.ownerReferences).toBeUndefined();
    }
  });

  it("an owner deleted and recreated under the same name (new uid) does not adopt the old dependents: they are collected", () => {
    let { s } = replicaSetWithPods();
    // Delete and recreate before the collector runs: its informers see the new object only.
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    const again = createReplicaSet(s, "web");
    s = again.state;
    s = settle(s).state;
    expect(PODS.map((p) => find(s, "pods", p))).toEqual([undefined, undefined, undefined]);
    expect(find(s, "replicasets.apps", "web")!.metadata.uid).toBe(again.obj.metadata.uid);
  });

  it("a dependent naming an owner uid that never existed (the name exists with another uid) is collected", () => {
    let s = gcCluster();
    const rs = createReplicaSet(s, "web");
    s = rs.state;
    s = createPod(s, "stray", [{ ...controllerRef(rs.obj), uid: "00000000-0000-4000-8000-00000000beef" }]);
    s = createPod(s, "kept", [controllerRef(rs.obj)]);
    s = settle(s).state;
    expect(find(s, "pods", "stray")).toBeUndefined();
    expect(find(s, "pods", "kept")).toBeDefined();
    // The virtual node for the absent uid is gone from the graph.
    expect(getNode(mem(s).graph, "00000000-0000-4000-8000-00000000beef")).toBeUndefined();
  });

  it("with a surviving owner only the dangling reference is removed", () => {
    let s = gcCluster();
    const a = createConfigMap(s, "a");
    s = a.state;
    const b = createConfigMap(s, "b");
    s = b.state;
    s = createPod(s, "shared", [ref(a.obj), ref(b.obj)]);
    s = settle(s).state;
    s = must(s, { verb: "delete", resource: "configmaps", namespace: "default", name: "a" }).state;
    s = settle(s).state;
    const pod = find(s, "pods", "shared")!;
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    expect(pod.metadata.ownerReferences).toEqual([ref(b.obj)]);
  });

  it("a stale graph does not delete: an owner the collector has not observed is checked with a live GET", () => {
    let s = settle(gcCluster()).state;
    const rs = createReplicaSet(s, "web");
    s = rs.state;
    s = createPod(s, "web-a", [controllerRef(rs.obj)]);
    // Only the pod informer catches up: the ReplicaSet is a virtual node, queued for verification.
    s = step(s, { type: "informer.sync", component: GARBAGE_COLLECTOR_ID, resource: "pods" });
    while (!queueHas(gc(s).queue, `vdelete|${rs.obj.metadata.uid}`)) s = step(s, { type: "reconcile", component: GARBAGE_COLLECTOR_ID });
    expect(getNode(mem(s).graph, rs.obj.metadata.uid!)!.virtual).toBe(true);
    for (let i = 0; i < 20; i++) s = step(s, { type: "reconcile", component: GARBAGE_COLLECTOR_ID });
    // The GET found the ReplicaSet: nothing was deleted, and the node waits (requeued, AddRateLimited) to be
    // observed: its 9th failure in a row has a back-off past a second (1.28s), so it waits on a timer.
    expect(find(s, "pods", "web-a")).toBeDefined();
    const key = `vdelete|${rs.obj.metadata.uid}`;
    expect(queueHas(gc(s).queue, key)).toBe(false);
    expect(numRequeues(gc(s).queue, key)).toBe(9);
    expect(getTimer(s, timerIdFor(GARBAGE_COLLECTOR_ID, key))?.action).toEqual({ type: "enqueue", component: GARBAGE_COLLECTOR_ID, key });
    s = settle(s).state;
    expect(getNode(mem(s).graph, rs.obj.metadata.uid!)!.virtual).toBe(false);
    expect(find(s, "pods", "web-a")).toBeDefined();
  });

  it("a restart loses the graph; the relist rebuilds it and collection still works", () => {
    let { s } = replicaSetWithPods();
    s = step(s, { type: "component.restart", component: GARBAGE_COLLECTOR_ID });
    expect(workloadNodes(s)).toEqual([]);
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    s = settle(s).state;
    expect(PODS.map((p) => find(s, "pods", p))).toEqual([undefined, undefined, undefined]);
  });

  it("an owner deleted while the collector was down: its dependents (virtual owner) are collected after the restart", () => {
    let { s } = replicaSetWithPods();
    s = step(s, { type: "component.restart", component: GARBAGE_COLLECTOR_ID });
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    s = settle(s).state;
    expect(PODS.map((p) => find(s, "pods", p))).toEqual([undefined, undefined, undefined]);
    expect(workloadNodes(s)).toEqual([]);
  });

  it("a cluster-scoped owner: deleting a Node collects its Lease and its mirror pod", () => {
    let s = gcCluster();
    s = withoutKubelet(addNode(s, { name: "n1", capacity: { cpu: "4", memory: "8Gi", pods: "110" } }).state, "n1");
    const node = find(s, "nodes", "n1", "")!;
    s = must(s, {
      verb: "create",
      resource: "leases.coordination.k8s.io",
      namespace: "kube-node-lease",
      object: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "n1", ownerReferences: [ref(node)] }, spec: { holderIdentity: "n1" } },
    }).state;
    s = createPod(s, "static-web-n1", [ref(node, { controller: true })]);
    s = settle(s).state;
    expect(getNode(mem(s).graph, node.metadata.uid!)).toMatchObject({ virtual: false, identity: { kind: "Node", namespace: "" } });
    s = must(s, { verb: "delete", resource: "nodes", name: "n1" }).state;
    s = settle(s).state;
    expect(find(s, "leases.coordination.k8s.io", "n1", "kube-node-lease")).toBeUndefined();
    expect(find(s, "pods", "static-web-n1")).toBeUndefined();
  });
});
