import { describe, expect, it } from "vitest";
import { componentAt, type State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeGet } from "../../collections/btree.ts";
import { getTimer } from "../../timers.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { timestamp } from "../../clock.ts";
import { computeHash } from "./hash.ts";
import { deploymentControllerMemory, type DeploymentControllerMemory } from "./controller.ts";
import {
  DC,
  advance,
  conditionOf,
  createDeployment,
  deploymentCluster,
  deploymentManifest,
  events,
  getObj,
  imageOf,
  listObjs,
  livePods,
  ok,
  pauseDeployment,
  readyPods,
  replicaSetsOf,
  settle,
  step,
  stepWithEffects,
  scaleDeployment,
  setImage,
  sizesByImage,
} from "./cluster.test-support.ts";


const dep = (s: State, name = "web") => getObj(s, "deployments.apps", name);
const rsNames = (s: State, name = "web") => replicaSetsOf(s, name).map((rs) => rs.metadata.name);
const revisionOf = (rs: KObject) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"];
const scalingMessages = (s: State) => events(s, "ScalingReplicaSet").map((e) => e.message as string);

/** Settles, recording the ReplicaSet sizes by image each time they change. */
function settleRecordingSizes(s: State, name = "web"): { state: State; sizes: Record<string, number>[] } {
  const sizes: Record<string, number>[] = [];
  const r = settle(s, {
    onStep: (_a, st) => {
      const cur = sizesByImage(st, name);
      if (JSON.stringify(cur) !== JSON.stringify(sizes.at(-1))) sizes.push(cur);
    },
  });
  expect(r.quiesced).toBe(true);
  return { state: r.state, sizes };
}

/** A settled deployment "web" running nginx:1.25. */
function running(o: Parameters<typeof deploymentManifest>[1] = {}, cluster: Parameters<typeof deploymentCluster>[0] = {}): State {
  const r = settle(createDeployment(deploymentCluster(cluster), deploymentManifest("web", o)));
  expect(r.quiesced).toBe(true);
  return r.state;
}

describe("a new Deployment", () => {
  it("creates its ReplicaSet <name>-<pod-template-hash> at full size, owned by it, with hash label, selector and annotations", () => {
    let s = createDeployment(deploymentCluster(), deploymentManifest("web", { replicas: 3 }));
    const template = dep(s).spec.template;
    const hash = computeHash(template);
    s = settle(s).state;
    const d = dep(s);
    const [rs, ...more] = replicaSetsOf(s, "web");
    expect(more).toEqual([]);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs!.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.spec.replicas).toBe(3);
    expect(rs!.metadata.annotations).toEqual({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    expect(d.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(livePods(s).map((p) => p.metadata.labels)).toEqual(Array(3).fill({ app: "web", "pod-template-hash": hash }));
    expect(scalingMessages(s)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(conditionOf(d, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    expect(conditionOf(d, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-${hash}" has successfully progressed.` });
  });

  it("the first sync creates the ReplicaSet in one request with spec.replicas already set, and records NewReplicaSetCreated", () => {
    let s = createDeployment(deploymentCluster({ podRunner: false }), deploymentManifest("web", { replicas: 5 }));
    for (const r of ["deployments.apps", "replicasets.apps", "pods"]) s = step(s, { type: "informer.sync", component: DC, resource: r });
    const r = stepWithEffects(s, { type: "reconcile", component: DC });
    const creates = r.effects.filter((e) => e.kind === "request" && e.verb === "create" && e.resource === "replicasets.apps");
    expect(creates).toHaveLength(1);
    expect(replicaSetsOf(r.state, "web").map((rs) => rs.spec.replicas)).toEqual([5]);
    expect(conditionOf(dep(r.state), "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetCreated", message: `Created new replica set "${rsNames(r.state)[0]}"` });
  });
});

describe("RollingUpdate", () => {
  it("an image change creates a new ReplicaSet and moves the pods over one surge at a time", () => {
    let s = running({ replicas: 3, maxSurge: 1, maxUnavailable: 0 });
    s = setImage(s, "web", "nginx:1.26");
    const r = settleRecordingSizes(s);
    s = r.state;
    expect(r.sizes).toEqual([
      { "nginx:1.25": 3 },
      { "nginx:1.25": 3, "nginx:1.26": 1 },
      { "nginx:1.25": 2, "nginx:1.26": 1 },
      { "nginx:1.25": 2, "nginx:1.26": 2 },
      { "nginx:1.25": 1, "nginx:1.26": 2 },
      { "nginx:1.25": 1, "nginx:1.26": 3 },
      { "nginx:1.25": 0, "nginx:1.26": 3 },
    ]);
    expect(replicaSetsOf(s, "web").map(revisionOf)).toEqual(["1", "2"]);
    expect(dep(s).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(livePods(s).map(imageOf)).toEqual(["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
    expect(dep(s).status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });

  it("under a fair schedule, live pods stay within replicas + maxSurge and ready pods at or above replicas − maxUnavailable", () => {
    for (const [replicas, maxSurge, maxUnavailable] of [
      [4, 1, 1],
      [5, 2, 0],
      [5, 0, 2],
      [10, "30%", "20%"],
    ] as const) {
      let s = running({ replicas, maxSurge, maxUnavailable });
      const surge = typeof maxSurge === "number" ? maxSurge : Math.ceil((replicas * parseInt(maxSurge)) / 100);
      const unavailable = typeof maxUnavailable === "number" ? maxUnavailable : Math.floor((replicas * parseInt(maxUnavailable)) / 100);
      s = setImage(s, "web", "nginx:1.26");
      let maxPods = 0;
      let minReady = Infinity;
      const r = settle(s, {
        onStep: (_a, st) => {
          maxPods = Math.max(maxPods, livePods(st).length);
          minReady = Math.min(minReady, readyPods(st).length);
        },
      });
      expect(maxPods).toBe(replicas + surge);
      expect(minReady).toBe(replicas - unavailable);
      expect(livePods(r.state).map(imageOf)).toEqual(Array(replicas).fill("nginx:1.26"));
    }
  });

  it("a spec change back to an older template reuses its ReplicaSet, whose revision becomes the newest (rollback)", () => {
    let s = running({ replicas: 3 });
    s = settle(setImage(s, "web", "nginx:1.26")).state;
    const [first, second] = replicaSetsOf(s, "web");
    s = settle(setImage(s, "web", "nginx:1.25")).state;
    const rss = replicaSetsOf(s, "web");
    expect(rss.map((rs) => rs.metadata.name)).toEqual([second!.metadata.name, first!.metadata.name]);
    expect(rss.map(revisionOf)).toEqual(["2", "3"]);
    expect(rss[1]!.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(rss[1]!.metadata.uid).toBe(first!.metadata.uid);
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([0, 3]);
    expect(dep(s).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect(livePods(s).map(imageOf)).toEqual(["nginx:1.25", "nginx:1.25", "nginx:1.25"]);
    // Going forward again reuses the other one: revision 4, history "2".
    s = settle(setImage(s, "web", "nginx:1.26")).state;
    expect(replicaSetsOf(s, "web").map((rs) => [rs.metadata.name, revisionOf(rs), rs.metadata.annotations?.["deployment.kubernetes.io/revision-history"]])).toEqual([
      [first!.metadata.name, "3", "1"],
      [second!.metadata.name, "4", "2"],
    ]);
  });

  it("keeps at most revisionHistoryLimit old ReplicaSets, deleting the oldest revisions", () => {
    let s = running({ replicas: 2, revisionHistoryLimit: 1 });
    for (const v of ["1.26", "1.27", "1.28"]) s = settle(setImage(s, "web", `nginx:${v}`)).state;
    expect(replicaSetsOf(s, "web").map((rs) => [revisionOf(rs), imageOf({ spec: rs.spec.template.spec } as KObject), rs.spec.replicas])).toEqual([
      ["3", "nginx:1.27", 0],
      ["4", "nginx:1.28", 2],
    ]);
    let none = running({ replicas: 2, revisionHistoryLimit: 0 });
    none = settle(setImage(none, "web", "nginx:1.26")).state;
    expect(replicaSetsOf(none, "web").map(revisionOf)).toEqual(["2"]);
  });
});

describe("Recreate", () => {
  it("scales the old ReplicaSet to 0, waits until its pods are gone, then creates the new one at full size", () => {
    let s = running({ replicas: 3, strategy: "Recreate" });
    const oldName = rsNames(s)[0];
    s = setImage(s, "web", "nginx:1.26");
    let mixed = 0;
    let newBeforeOldGone = 0;
    const r = settle(s, {
      onStep: (_a, st) => {
        const images = new Set(livePods(st).map(imageOf));
        if (images.size > 1) mixed++;
        const rss = replicaSetsOf(st, "web");
        if (rss.length > 1 && livePods(st).some((p) => p.metadata.ownerReferences?.[0]?.name === oldName)) newBeforeOldGone++;
      },
    });
    s = r.state;
    expect(mixed).toBe(0);
    expect(newBeforeOldGone).toBe(0);
    const rss = replicaSetsOf(s, "web");
    expect(rss.map((rs) => [revisionOf(rs), rs.spec.replicas, rs.metadata.annotations?.["deployment.kubernetes.io/max-replicas"]])).toEqual([
      ["1", 0, "3"],
      ["2", 3, "3"],
    ]);
    expect(scalingMessages(s).sort()).toEqual([`Scaled down replica set ${oldName} from 3 to 0`, `Scaled up replica set ${oldName} from 0 to 3`, `Scaled up replica set ${rss[1]!.metadata.name} from 0 to 3`].sort());
    expect(livePods(s).map(imageOf)).toEqual(["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
  });

  it("a terminating old pod holds the new ReplicaSet back until it is really gone", () => {
    let s = running({ replicas: 1, strategy: "Recreate" });
    // Give the old pod a finalizer: its deletion then leaves it in place, terminating.
    const [pod] = livePods(s);
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: pod!.metadata.name!, patch: { metadata: { finalizers: ["test/hold"] } } }).state;
    s = settle(setImage(s, "web", "nginx:1.26")).state;
    expect(rsNames(s)).toHaveLength(1);
    expect(listObjs(s, "pods").map((p) => Boolean(p.metadata.deletionTimestamp))).toEqual([true]);
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: pod!.metadata.name!, patch: { metadata: { finalizers: null } } }).state;
    s = settle(s).state;
    expect(replicaSetsOf(s, "web").map((rs) => rs.spec.replicas)).toEqual([0, 1]);
    expect(livePods(s).map(imageOf)).toEqual(["nginx:1.26"]);
  });
});

describe("pause and resume", () => {
  it("a paused deployment does not roll out a template change; resuming rolls it out", () => {
    let s = running({ replicas: 3, progressDeadlineSeconds: 60 });
    s = settle(pauseDeployment(s, "web", true)).state;
    expect(conditionOf(dep(s), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    s = settle(setImage(s, "web", "nginx:1.26")).state;
    expect(rsNames(s)).toHaveLength(1);
    expect(livePods(s).map(imageOf)).toEqual(Array(3).fill("nginx:1.25"));
    expect(dep(s).status.observedGeneration).toBe(dep(s).metadata.generation);
    s = settle(pauseDeployment(s, "web", false)).state;
    expect(livePods(s).map(imageOf)).toEqual(Array(3).fill("nginx:1.26"));
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });

  it("pausing mid-rollout stops it where it is; resuming continues it", () => {
    let s = running({ replicas: 4, maxSurge: 1, maxUnavailable: 0 });
    s = setImage(s, "web", "nginx:1.26");
    // Run until the new ReplicaSet has 2 replicas, then pause.
    let snapshot: State | undefined;
    settle(s, {
      stop: () => snapshot !== undefined,
      onStep: (_a, st) => {
        if (snapshot === undefined && (sizesByImage(st, "web")["nginx:1.26"] ?? 0) === 2) snapshot = st;
      },
    });
    s = pauseDeployment(snapshot!, "web", true);
    s = settle(s).state;
    const paused = sizesByImage(s, "web");
    // At most the scale step that was already decided from the unpaused cache lands after the pause.
    expect(paused["nginx:1.25"]).toBeGreaterThan(0);
    expect(paused["nginx:1.26"]).toBeLessThan(4);
    expect(advance(s, 3600).state.store.revision).toBe(s.store.revision);
    s = settle(pauseDeployment(s, "web", false)).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 0, "nginx:1.26": 4 });
  });

  it("scales a paused mid-rollout deployment proportionally (deployment_util.go GetReplicaSetProportion)", () => {
    let s = running({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });
    // The new pods never become ready: the rollout stops at old 8 (minAvailable) and new 5 (10 + 3 − 8).
    s = settle(setImage(s, "web", "nginx:broken")).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 8, "nginx:broken": 5 });
    s = settle(pauseDeployment(s, "web", true)).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 8, "nginx:broken": 5 });
    // 23 allowed (20 + 3), 13 now: 10 to add. old: round(8·23/13) = 14 (+6), new: round(5·23/13) = 9 (+4).
    s = settle(scaleDeployment(s, "web", 20)).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 14, "nginx:broken": 9 });
    expect(replicaSetsOf(s, "web").map((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/max-replicas"])).toEqual(["23", "23"]);
    // 8 allowed (5 + 3), 23 now: 15 to remove, larger first. old: round(14·8/23) = 5 (−9), new: round(9·8/23) = 3 (−6).
    s = settle(scaleDeployment(s, "web", 5)).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 5, "nginx:broken": 3 });
    expect(readyPods(s).map(imageOf)).toEqual(Array(5).fill("nginx:1.25"));
  });

  it("a resize during an unpaused rollout is also spread proportionally, not given to the new ReplicaSet only", () => {
    let s = running({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });
    s = settle(setImage(s, "web", "nginx:broken")).state;
    s = settle(scaleDeployment(s, "web", 20)).state;
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 14, "nginx:broken": 9 });
  });
});

describe("progress deadline", () => {
  it("reports ProgressDeadlineExceeded one second after progressDeadlineSeconds without progress, woken by its own timer", () => {
    let s = running({ replicas: 2, progressDeadlineSeconds: 30 });
    s = settle(setImage(s, "web", "nginx:broken"), { until: 0 }).state;
    const cond = conditionOf(dep(s), "Progressing");
    expect(cond).toMatchObject({ status: "True", reason: "ReplicaSetUpdated", lastUpdateTime: timestamp(0) });
    expect(getTimer(s, timerIdFor(DC, "default/web"))?.due).toBe(31);
    s = advance(s, 30).state;
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("ReplicaSetUpdated");
    s = advance(s, 1).state;
    const newName = rsNames(s)[1];
    expect(conditionOf(dep(s), "Progressing")).toEqual({
      type: "Progressing",
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${newName}" has timed out progressing.`,
      lastUpdateTime: timestamp(31),
      lastTransitionTime: timestamp(31),
    });
    // Timed out is final for this template: no further timer; the old pods keep serving.
    expect(getTimer(s, timerIdFor(DC, "default/web"))).toBeUndefined();
    expect(readyPods(s).map(imageOf)).toEqual(["nginx:1.25", "nginx:1.25"]);
    // A fixed template makes progress again and completes.
    s = settle(setImage(s, "web", "nginx:1.26")).state;
    expect(conditionOf(dep(s), "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable" });
  });

  it("time spent paused does not count: resuming restarts the clock with DeploymentResumed", () => {
    let s = running({ replicas: 2, progressDeadlineSeconds: 30 });
    s = settle(setImage(s, "web", "nginx:broken"), { until: 0 }).state;
    s = settle(pauseDeployment(s, "web", true), { until: 0 }).state;
    s = advance(s, 100).state;
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("DeploymentPaused");
    s = settle(pauseDeployment(s, "web", false), { until: s.clock.now }).state;
    expect(conditionOf(dep(s), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentResumed", lastUpdateTime: timestamp(100) });
    s = advance(s, 30).state;
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("DeploymentResumed");
    s = advance(s, 1).state;
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("ProgressDeadlineExceeded");
  });
});

describe("ReplicaSet ownership", () => {
  it("adopts an orphan ReplicaSet with its template instead of creating one (FoundNewReplicaSet)", () => {
    let s = deploymentCluster();
    const d = deploymentManifest("web", { replicas: 2 });
    const labels = { app: "web", "pod-template-hash": "orphan" };
    s = ok(s, {
      verb: "create",
      resource: "replicasets.apps",
      namespace: "default",
      object: { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-orphan", labels }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { ...d.spec.template, metadata: { labels } } } },
    }).state;
    s = settle(createDeployment(s, d)).state;
    const rss = replicaSetsOf(s, "web");
    expect(rss.map((rs) => [rs.metadata.name, revisionOf(rs), rs.spec.replicas])).toEqual([["web-orphan", "1", 2]]);
    expect(rss[0]!.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: dep(s).metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(listObjs(s, "replicasets.apps")).toHaveLength(1);
    expect(conditionOf(dep(s), "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });

  it("releases an owned ReplicaSet whose labels stop matching its selector", () => {
    let s = running({ replicas: 2 });
    const [rs] = replicaSetsOf(s, "web");
    s = ok(s, { verb: "patch", resource: "replicasets.apps", namespace: "default", name: rs!.metadata.name!, patch: { metadata: { labels: { app: "elsewhere" } } } }).state;
    s = settle(s).state;
    expect(getObj(s, "replicasets.apps", rs!.metadata.name!).metadata.ownerReferences).toBeUndefined();
    // The deployment then makes a new ReplicaSet for its template (with a bumped collision count, the name being taken).
    const rss = replicaSetsOf(s, "web");
    expect(rss).toHaveLength(1);
    expect(rss[0]!.metadata.name).toBe(`web-${computeHash(dep(s).spec.template, 1)}`);
    expect(dep(s).status.collisionCount).toBe(1);
  });

  it("a name taken by a foreign ReplicaSet with another template is a hash collision: collisionCount goes up and the name changes", () => {
    const d = deploymentManifest("web", { replicas: 1 });
    // The hash is of the template as stored (defaulted): read it from a cluster where the deployment exists.
    const name = `web-${computeHash(dep(createDeployment(deploymentCluster(), d)).spec.template)}`;
    let s = deploymentCluster();
    // Not matching the deployment's selector (so not adopted), but holding its new ReplicaSet's name.
    s = ok(s, {
      verb: "create",
      resource: "replicasets.apps",
      namespace: "default",
      object: { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name, labels: { app: "other" } }, spec: { replicas: 0, selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "other" } }, spec: d.spec.template.spec } } },
    }).state;
    s = createDeployment(s, d);
    const hash0 = computeHash(dep(s).spec.template);
    s = settle(s).state;
    expect(name).toBe(`web-${hash0}`);
    expect(dep(s).status.collisionCount).toBe(1);
    expect(rsNames(s)).toEqual([`web-${computeHash(dep(s).spec.template, 1)}`]);
    expect(livePods(s)).toHaveLength(1);
  });
});

describe("errors, restarts and the bug zoo", () => {
  it("a ReplicaSet create the API server refuses is reported (ReplicaSetCreateError) and retried MAX_RETRIES times, then dropped", () => {
    // 250 characters: a valid deployment name, but "<name>-<hash>" is longer than 253.
    const name = `w${"x".repeat(249)}`;
    let s = createDeployment(deploymentCluster(), deploymentManifest(name, { replicas: 1, app: "long" }));
    let reconciles = 0;
    const r = settle(s, { onStep: (a) => void (a.type === "reconcile" && a.component === DC && reconciles++) });
    s = r.state;
    expect(r.quiesced).toBe(true);
    // 1 + 15 retries, plus one sync for the status update the first failure wrote.
    expect(reconciles).toBeGreaterThanOrEqual(16);
    expect(reconciles).toBeLessThanOrEqual(17);
    expect(listObjs(s, "replicasets.apps")).toEqual([]);
    expect(conditionOf(dep(s, name), "Progressing")).toMatchObject({ status: "False", reason: "ReplicaSetCreateError" });
    expect(conditionOf(dep(s, name), "Progressing")?.message).toMatch(/^Failed to create new replica set "wx+-[bcdfghjklmnpqrstvwxz2456789]+": .*must be no more than 253 characters/);
    expect(deploymentControllerMemory(componentAt<DeploymentControllerMemory>(s, DC)!).retries).toEqual({});
  });

  it("a controller restart mid-rollout (caches and queue lost) still completes the rollout within the bounds", () => {
    let s = running({ replicas: 4, maxSurge: 1, maxUnavailable: 1 });
    s = setImage(s, "web", "nginx:1.26");
    let mid: State | undefined;
    settle(s, {
      stop: () => mid !== undefined,
      onStep: (_a, st) => {
        const sizes = sizesByImage(st, "web");
        if (mid === undefined && (sizes["nginx:1.26"] ?? 0) >= 2 && (sizes["nginx:1.25"] ?? 0) > 0) mid = st;
      },
    });
    s = step(mid!, { type: "component.restart", component: DC });
    expect(btreeGet(s.components, DC)!.restarts).toBe(1);
    const sums: number[] = [];
    const ready: number[] = [];
    s = settle(s, {
      onStep: (_a, st) => {
        sums.push(replicaSetsOf(st, "web").reduce((a, rs) => a + rs.spec.replicas, 0));
        ready.push(readyPods(st).length);
      },
    }).state;
    expect(Math.max(...sums)).toBe(5);
    expect(Math.min(...ready)).toBeGreaterThanOrEqual(3);
    expect(livePods(s).map(imageOf)).toEqual(Array(4).fill("nginx:1.26"));
  });

  it("kubernetes#44436: pausing a failed rollout keeps the last available pod; the bug-zoo IsSaturated scales it away", () => {
    const run = (cluster: Parameters<typeof deploymentCluster>[0] = {}) => {
      let s = running({ replicas: 2, maxSurge: 1, maxUnavailable: 1 }, cluster);
      // The rollout stops at old 1 (ready), new 2 (never ready).
      s = settle(setImage(s, "web", "nginx:broken")).state;
      expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 1, "nginx:broken": 2 });
      return settle(pauseDeployment(s, "web", true)).state;
    };
    const fixed = run();
    expect(sizesByImage(fixed, "web")).toEqual({ "nginx:1.25": 1, "nginx:broken": 2 });
    expect(readyPods(fixed)).toHaveLength(1);
    const broken = run({ deployment: { saturatedIgnoresAvailability: true } });
    expect(sizesByImage(broken, "web")).toEqual({ "nginx:1.25": 0, "nginx:broken": 2 });
    expect(readyPods(broken)).toHaveLength(0);
    expect(conditionOf(dep(broken), "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable" });
  });
});
