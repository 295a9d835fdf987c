import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { step, stepWithEffects } from "../../step.ts";
import { enabled } from "../../enabled.ts";
import { btreeGet } from "../../collections/btree.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { queueLength } from "../../informers/workqueue.ts";
import { fromTimestamp } from "../../clock.ts";
import {
  RC,
  RS,
  barePod,
  bindPod,
  createRC,
  createRS,
  expectSameNames,
  expectationsOf,
  getObj,
  livePods,
  ok,
  reconcile,
  reconcileOnce,
  replicaSet,
  replicationController,
  requests,
  rsCluster,
  scaleRS,
  setPodStatus,
  storedPods,
  sync,
  syncAll,
} from "./fixtures.test-support.ts";


const rsOf = (s: State, name = "web") => getObj(s, "replicasets.apps", name);
const events = (s: State) => (ok(s, { verb: "list", resource: "events", namespace: "default" }).obj as unknown as { items: KObject[] }).items;
const ownedBy = (s: State, owner: KObject) => storedPods(s).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller));

describe("ReplicaSet controller: reaching spec.replicas", () => {
  it("creates the pods of a new ReplicaSet from its template, owned by it, and reports them in status", () => {
    let s = createRS(rsCluster(), replicaSet("web", 3));
    s = settle(s).state;
    const rs = rsOf(s);
    const pods = storedPods(s);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("web-");
      expect(p.metadata.labels).toEqual({ app: "web" });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.spec.containers.map((c: { image: string }) => c.image)).toEqual(["nginx:1.25"]);
    }
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const created = events(s).filter((e) => e.reason === "SuccessfulCreate");
    expect(created.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(created.every((e) => (e.involvedObject as { uid: string }).uid === rs.metadata.uid && e.type === "Normal")).toBe(true);
  });

  it("starts at 0 and follows scale-ups, recording the generation it acted on", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 0))).state;
    expect(storedPods(s)).toEqual([]);
    expect(rsOf(s).status).toEqual({ replicas: 0, observedGeneration: 1 });
    s = settle(scaleRS(s, "web", 4)).state;
    expect(storedPods(s)).toHaveLength(4);
    expect(rsOf(s).status).toEqual({ replicas: 4, fullyLabeledReplicas: 4, observedGeneration: 2 });
    s = settle(scaleRS(s, "web", 6)).state;
    expect(storedPods(s)).toHaveLength(6);
    expect(rsOf(s).status).toEqual({ replicas: 6, fullyLabeledReplicas: 6, observedGeneration: 3 });
  });

  it("creates in slow-start batches within one sync and sets expectations for every create", () => {
    let s = syncAll(createRS(rsCluster(), replicaSet("web", 10)));
    const r = reconcileOnce(s);
    expect(requests(r.effects, "create", "pods")).toHaveLength(10);
    expect(requests(r.effects, "create", "pods").every((e) => e.kind === "request" && e.code === 201)).toBe(true);
    s = r.state;
    const e = expectationsOf(s, "default/web")!;
    expect(e.add).toBe(10);
    expect(e.createRevisions).toHaveLength(10);
    // The informer delivers them: expectations are met and dropped, and the next sync creates nothing.
    s = step(s, sync(RS, "pods"));
    const again = reconcileOnce(s);
    expect(requests(again.effects, "create", "pods")).toEqual([]);
    expect(expectationsOf(again.state, "default/web")).toBeUndefined();
  });

  it("creates at most BurstReplicas (500) pods per sync", () => {
    let s = syncAll(createRS(rsCluster(), replicaSet("big", 600)));
    const first = reconcileOnce(s);
    expect(requests(first.effects, "create", "pods")).toHaveLength(500);
    s = step(step(first.state, sync(RS, "pods")), sync(RS, "replicasets.apps"));
    const second = reconcileOnce(s);
    expect(requests(second.effects, "create", "pods")).toHaveLength(100);
    expect(storedPods(second.state)).toHaveLength(600);
  });
});

describe("ReplicaSet controller: create failures", () => {
  /**
   * The names the next sync gives its pods, in creation order, found by running it on a copy. A placeholder
   * create first takes the uid that the colliding pod will take, so that the names stay the same.
   */
  function namesInCreationOrder(s: State): string[] {
    const probe = ok(s, { verb: "create", resource: "pods", namespace: "default", object: barePod("placeholder", { other: "x" }) }).state;
    const r = reconcileOnce(probe);
    return storedPods(r.state)
      .filter((p) => p.metadata.generateName === "web-")
      .sort((a, b) => (a.metadata.uid! < b.metadata.uid! ? -1 : 1))
      .map((p) => p.metadata.name!);
  }

  it("stops after the failing batch, lowers expectations for the skipped creates, sets ReplicaFailure, then recovers", () => {
    let s = syncAll(createRS(rsCluster(), replicaSet("web", 10)));
    // Make the 4th create fail: a pod already has the name it will be given (409 AlreadyExists).
    const names = namesInCreationOrder(s);
    expect(names).toHaveLength(10);
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: barePod(names[3]!, { other: "x" }) }).state;
    const r = reconcileOnce(s);
    const creates = requests(r.effects, "create", "pods");
    // Batches 1, 2, 4: the third batch has the failure, and all of its calls are still made; the rest is skipped.
    expect(creates.map((e) => e.kind === "request" && e.code)).toEqual([201, 201, 201, 409, 201, 201, 201]);
    s = r.state;
    expect(ownedBy(s, rsOf(s))).toHaveLength(6);
    expect(expectationsOf(s, "default/web")).toMatchObject({ add: 6, del: 0 }); // 10 expected, 4 refused or never sent
    const cond = rsOf(s).status.conditions;
    expect(cond).toEqual([{ type: "ReplicaFailure", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FailedCreate", message: `pods "${names[3]}" already exists` }]);
    expect(events(s).filter((ev) => ev.reason === "FailedCreate").map((ev) => [ev.type, ev.message])).toEqual([["Warning", `Error creating: pods "${names[3]}" already exists`]]);
    // The error requeued the key; once the informer shows the 6 pods, the next sync creates the other 4 and
    // clears the condition.
    expect(queueLength(btreeGet(s.components, RS)!.queue)).toBe(1);
    s = settle(s).state;
    expect(ownedBy(s, rsOf(s))).toHaveLength(10);
    expect(rsOf(s).status).toEqual({ replicas: 10, fullyLabeledReplicas: 10, observedGeneration: 1 });
  });
});

describe("ReplicaSet controller: scale down", () => {
  /** Six pods of "web" in different states (names p[0..5] in name order). */
  function sixPods(): { s: State; p: string[] } {
    let s = settle(createRS(rsCluster(), replicaSet("web", 6))).state;
    const p = storedPods(s).map((x) => x.metadata.name!);
    // p0 stays unscheduled (Pending). p1 scheduled, Pending. p2 Running, not ready.
    for (const n of p.slice(1)) s = bindPod(s, n, n === p[4] || n === p[5] ? "n2" : "n1");
    s = setPodStatus(s, p[2]!, "Running", false);
    // p3, p4, p5 Running and ready since the same second; p4's container restarted 3 times; p5 is expensive.
    s = setPodStatus(s, p[3]!, "Running", true);
    s = setPodStatus(s, p[4]!, "Running", true, 3);
    s = setPodStatus(s, p[5]!, "Running", true);
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: p[5]!, patch: { metadata: { annotations: { "controller.kubernetes.io/pod-deletion-cost": "100" } } } }).state;
    return { s: settle(s).state, p };
  }

  it("deletes unscheduled, then Pending, then not-ready pods first, then by restarts; keeps costly ones", () => {
    const { s: s0, p } = sixPods();
    const r = settle(scaleRS(s0, "web", 2));
    const s = r.state;
    // p0 (no node) is deleted at once; the scheduled victims are deleted gracefully and wait for their kubelet.
    expectSameNames(livePods(s), [p[3]!, p[5]!]);
    expect(storedPods(s).filter((x) => x.metadata.deletionTimestamp).map((x) => x.metadata.name).sort()).toEqual([p[1], p[2], p[4]].sort());
    expect(storedPods(s).some((x) => x.metadata.name === p[0])).toBe(false);
    expect(rsOf(s).status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 });
    expect(events(s).filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message).sort()).toEqual([p[0], p[1], p[2], p[4]].map((n) => `Deleted pod: ${n}`).sort());
  });

  it("scales down one at a time in the same order", () => {
    const { s: s0, p } = sixPods();
    let s = s0;
    const order: string[] = [];
    for (let n = 5; n >= 0; n--) {
      const before = new Set(livePods(s).map((x) => x.metadata.name!));
      s = settle(scaleRS(s, "web", n)).state;
      const after = new Set(livePods(s).map((x) => x.metadata.name!));
      order.push(...[...before].filter((x) => !after.has(x)));
    }
    // p3 and p5 both ready, no restarts: p3's lower deletion cost sends it first.
    expect(order).toEqual([p[0], p[1], p[2], p[4], p[3], p[5]]);
  });

  it("does not count pods being deleted, and replaces a pod deleted by someone else at once", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 2))).state;
    const [a] = storedPods(s).map((x) => x.metadata.name!);
    s = bindPod(s, a!, "n1");
    s = ok(s, { verb: "delete", resource: "pods", namespace: "default", name: a! }).state;
    expect(getObj(s, "pods", a!).metadata.deletionTimestamp).toBeDefined(); // graceful: still stored
    s = settle(s).state;
    expect(livePods(s)).toHaveLength(2);
    expect(storedPods(s)).toHaveLength(3);
    expect(rsOf(s).status.replicas).toBe(2);
  });
});

describe("ReplicaSet controller: adoption and release", () => {
  it("adopts a matching orphan instead of creating a pod", () => {
    let s = ok(rsCluster(), { verb: "create", resource: "pods", namespace: "default", object: barePod("stray", { app: "web" }) }).state;
    s = createRS(s, replicaSet("web", 2));
    const r = settle(s);
    s = r.state;
    const rs = rsOf(s);
    expect(storedPods(s)).toHaveLength(2);
    expect(getObj(s, "pods", "stray").metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(ownedBy(s, rs)).toHaveLength(2);
    expect(rs.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
  });

  it("adopts an orphan that starts to match after a label change, then deletes the newer of the two", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 1))).state;
    const [own] = storedPods(s).map((p) => p.metadata.name!);
    s = advance(s, 100).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: barePod("stray", { app: "other" }) }).state;
    s = settle(s).state;
    expect(getObj(s, "pods", "stray").metadata.ownerReferences).toBeUndefined();
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: "stray", patch: { metadata: { labels: { app: "web" } } } }).state;
    const sent: string[] = [];
    s = settle(s, { onStep: (_a, _s, effects) => effects.forEach((e) => e.kind === "request" && sent.push(`${e.verb} ${e.resource} ${e.name} ${e.code}`)) }).state;
    expect(sent.filter((x) => !x.includes("events"))).toEqual([
      "get replicasets.apps web 200", // the live re-check before adopting
      "patch pods stray 200", // adoption
      "delete pods stray 200", // in the same sync: one too many
      "update replicasets.apps web 200", // status of that sync: the 2 pods it claimed
      "update replicasets.apps web 200", // the next sync: 1 replica
    ]);
    // Adopted, so one pod too many: both are unscheduled, Pending and not ready, and the newer one goes.
    expect(storedPods(s).map((p) => p.metadata.name)).toEqual([own]);
    expect(events(s).filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message)).toEqual(["Deleted pod: stray"]);
  });

  it("releases a pod whose labels stop matching and replaces it", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 2))).state;
    const [a] = storedPods(s).map((x) => x.metadata.name!);
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: a!, patch: { metadata: { labels: { app: "debug" } } } }).state;
    s = settle(s).state;
    const released = getObj(s, "pods", a!);
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(released.metadata.labels).toEqual({ app: "debug" });
    expect(ownedBy(s, rsOf(s))).toHaveLength(2);
    expect(storedPods(s)).toHaveLength(3);
    expect(rsOf(s).status.replicas).toBe(2);
  });

  it("ignores pods another controller owns, even when its selector matches", () => {
    let s = createRS(rsCluster(), replicaSet("a", 2, { labels: { app: "shared" } }));
    s = settle(s).state;
    s = createRS(s, replicaSet("b", 1, { labels: { app: "shared" } }));
    s = settle(s).state;
    const a = rsOf(s, "a");
    const b = rsOf(s, "b");
    expect(ownedBy(s, a)).toHaveLength(2);
    expect(ownedBy(s, b)).toHaveLength(1);
    expect(storedPods(s)).toHaveLength(3);
  });

  it("re-reads itself before adopting, and does not adopt when it is being deleted though its cache says not", () => {
    let s = settle(createRS(rsCluster(), { ...replicaSet("web", 1), metadata: { name: "web", finalizers: ["example.com/hold"] } })).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: barePod("stray", { app: "web" }) }).state;
    s = ok(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    expect(rsOf(s).metadata.deletionTimestamp).toBeDefined();
    // Only the pod informer moves: the orphan wakes the ReplicaSet, whose cached copy is not being deleted.
    s = step(s, sync(RS, "pods"));
    const r = stepWithEffects(s, reconcile(RS));
    const sent = r.effects.filter((e) => e.kind === "request").map((e) => e.kind === "request" && `${e.verb} ${e.resource} ${e.code}`);
    expect(sent).toEqual(["get replicasets.apps 200"]);
    expect(getObj(r.state, "pods", "stray").metadata.ownerReferences).toBeUndefined();
    expect(queueLength(btreeGet(r.state.components, RS)!.queue)).toBe(1); // the error requeues
    // Once the cache shows the deletion, the controller neither adopts nor acts.
    const s2 = settle(r.state).state;
    expect(getObj(s2, "pods", "stray").metadata.ownerReferences).toBeUndefined();
    expect(storedPods(s2)).toHaveLength(2);
  });
});

describe("ReplicaSet controller: status", () => {
  it("counts ready pods, and available ones only after minReadySeconds, requeueing itself for that moment", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 3, { minReadySeconds: 10 }))).state;
    s = advance(s, 100).state;
    const [a, b] = storedPods(s).map((x) => x.metadata.name!);
    s = setPodStatus(bindPod(s, a!, "n1"), a!, "Running", true);
    s = setPodStatus(bindPod(s, b!, "n1"), b!, "Running", true);
    s = settle(s, { noTimers: true }).state;
    expect(rsOf(s).status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, observedGeneration: 1 });
    const timer = btreeGet(s.timers.byId, timerIdFor(RS, "default/web"));
    expect(timer).toBeDefined();
    // Ready at t=100: available once 100 + 10 < now, so the controller comes back at t=111.
    expect(fromTimestamp(getObj(s, "pods", a!).status.conditions[0].lastTransitionTime)).toBe(100);
    s = advance(s, 10).state;
    expect(rsOf(s).status.availableReplicas).toBeUndefined();
    s = advance(s, 1).state;
    expect(s.clock.now).toBe(111);
    expect(rsOf(s).status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  });

  it("counts ready pods as available at once when minReadySeconds is 0", () => {
    let s = settle(createRS(rsCluster(), replicaSet("web", 2))).state;
    const [a] = storedPods(s).map((x) => x.metadata.name!);
    s = settle(setPodStatus(s, a!, "Running", true)).state;
    expect(rsOf(s).status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  });

  it("counts fullyLabeledReplicas against the template's labels, not the selector", () => {
    const rs = replicaSet("web", 2);
    const withTier = { ...rs, spec: { ...rs.spec, template: { ...rs.spec.template, metadata: { labels: { app: "web", tier: "fe" } } } } };
    let s = ok(rsCluster(), { verb: "create", resource: "pods", namespace: "default", object: barePod("stray", { app: "web" }) }).state;
    s = settle(createRS(s, withTier)).state;
    expect(rsOf(s).status).toEqual({ replicas: 2, fullyLabeledReplicas: 1, observedGeneration: 1 });
  });
});

describe("ReplicationController controller", () => {
  it("runs the same code on ReplicationControllers with an equality selector", () => {
    let s = ok(rsCluster(), { verb: "create", resource: "pods", namespace: "default", object: barePod("stray", { app: "db", extra: "x" }) }).state;
    s = settle(createRC(s, replicationController("db", 3))).state;
    const rc = getObj(s, "replicationcontrollers", "db");
    const pods = storedPods(s);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "ReplicationController", name: "db", uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(pods.filter((p) => p.metadata.generateName === "db-")).toHaveLength(2);
    expect(rc.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    s = settle(ok(s, { verb: "patch", resource: "replicationcontrollers", namespace: "default", name: "db", patch: { spec: { replicas: 1 } } }).state).state;
    expect(livePods(s)).toHaveLength(1);
    expect(getObj(s, "replicationcontrollers", "db").status).toEqual({ replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 });
  });

  it("and a ReplicaSet and a ReplicationController with the same selector each keep their own pods", () => {
    let s = createRS(rsCluster(), replicaSet("web", 2));
    s = createRC(s, replicationController("web", 3, { app: "web" }));
    s = settle(s).state;
    expect(ownedBy(s, rsOf(s))).toHaveLength(2);
    expect(ownedBy(s, getObj(s, "replicationcontrollers", "web"))).toHaveLength(3);
    expect(storedPods(s)).toHaveLength(5);
    expect(btreeGet(s.components, RC)).toBeDefined();
  });
});

describe("ReplicaSet controller: lifecycle", () => {
  it("drops the expectations of a deleted ReplicaSet", () => {
    let s = syncAll(createRS(rsCluster(), replicaSet("web", 3)));
    s = reconcileOnce(s).state;
    expect(expectationsOf(s, "default/web")?.add).toBe(3);
    s = ok(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    s = step(s, sync(RS, "replicasets.apps"));
    s = settle(s).state;
    expect(expectationsOf(s, "default/web")).toBeUndefined();
  });

  it("acts on stale data again once expectations are older than 5 minutes", () => {
    let s = syncAll(createRS(rsCluster(), replicaSet("web", 2)));
    s = reconcileOnce(s).state;
    expect(storedPods(s)).toHaveLength(2);
    const enqueue = { type: "enqueue" as const, component: RS, key: "default/web" };
    s = step(step(s, { type: "clock.advance", seconds: 300 }), enqueue);
    s = reconcileOnce(s).state;
    expect(storedPods(s)).toHaveLength(2); // exactly 5 minutes: still waiting
    s = step(step(s, { type: "clock.advance", seconds: 1 }), enqueue);
    const r = reconcileOnce(s);
    expect(requests(r.effects, "create", "pods")).toHaveLength(2); // expired: the stale cache shows no pods
    expect(storedPods(r.state)).toHaveLength(4);
  });

  it("waits for both informers to list before working, after a start and after a restart", () => {
    let s = createRS(rsCluster(), replicaSet("web", 2));
    s = step(s, sync(RS, "replicasets.apps"));
    expect(queueLength(btreeGet(s.components, RS)!.queue)).toBe(1);
    expect(enabled(s)).not.toContainEqual(reconcile(RS));
    s = settle(s).state;
    expect(storedPods(s)).toHaveLength(2);
    s = step(s, { type: "component.restart", component: RS });
    expect(enabled(s)).not.toContainEqual(reconcile(RS));
    s = settle(s).state;
    expect(storedPods(s)).toHaveLength(2);
    expect(rsOf(s).status.replicas).toBe(2);
  });
});
