import { describe, expect, it } from "vitest";
import { cluster, ok } from "../test/helpers.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { settle } from "../model/settle.ts";
import { initialState } from "../model/scenario/run.ts";
import { scopeScenario } from "../properties/run.ts";
import { rollouts } from "../properties/scopes/rollouts.ts";
import { bugById, configWithBug, type Bug } from "../properties/bugs/index.ts";
import { availablePodsOf, rolloutSurgeBound, rolloutUnavailableBound } from "./deployments.ts";
import { objectsUnder } from "./objects.ts";

const dep = (replicas: number): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
  },
});

/** A Deployment of `replicas` with one ReplicaSet per entry of `sizes`, each owning `ready[i]` ready pods. */
function workload(replicas: number, sizes: number[], ready: number[]): State {
  let s = ok(cluster(), { verb: "create", resource: "deployments.apps", namespace: "default", object: dep(replicas) }).state;
  const d = objectsUnder(s, "/registry/deployments/")[0]!;
  s = ok(s, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", subresource: "status", patch: { status: { observedGeneration: d.metadata.generation } } }).state;
  const owner = (o: KObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true }];
  sizes.forEach((size, i) => {
    const rs = ok(s, {
      verb: "create",
      resource: "replicasets.apps",
      namespace: "default",
      object: { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: `web-${i}`, namespace: "default", ownerReferences: owner(d) }, spec: { replicas: size, selector: { matchLabels: { app: "web", v: `${i}` } }, template: { metadata: { labels: { app: "web", v: `${i}` } }, spec: { containers: [{ name: "app", image: "nginx" }] } } } },
    });
    s = rs.state;
    for (let p = 0; p < ready[i]!; p++) {
      s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: { apiVersion: "v1", kind: "Pod", metadata: { name: `web-${i}-${p}`, namespace: "default", labels: { app: "web", v: `${i}` }, ownerReferences: owner(rs.obj) }, spec: { containers: [{ name: "app", image: "nginx" }] } } }).state;
      s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: `web-${i}-${p}`, subresource: "status", patch: { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } } }).state;
    }
  });
  return s;
}
const deletePod = (s: State, name: string) => ok(s, { verb: "delete", resource: "pods", namespace: "default", name }).state;
const scaleRS = (s: State, name: string, replicas: number) => ok(s, { verb: "patch", resource: "replicasets.apps", namespace: "default", name, patch: { spec: { replicas } } }).state;

describe("invariant rollout-max-unavailable", () => {
  it("flags a drop below replicas - maxUnavailable in an undisturbed run, and counts only ready pods of the Deployment's ReplicaSets", () => {
    const s0 = workload(2, [1, 2], [1, 0]);
    expect(availablePodsOf(s0, objectsUnder(s0, "/registry/deployments/")[0]!)).toBe(1);
    const s1 = deletePod(s0, "web-0-0");
    expect(rolloutUnavailableBound.check(s1, s0, { disruptions: 0 })).toEqual([
      { invariant: "rollout-max-unavailable", objects: ["Deployment default/web"], message: "Deployment default/web has 0 available pods, below replicas - maxUnavailable = 1 (it had 1)" },
    ]);
  });

  it("accepts it after a disruption, when it was already below, when replicas changed, and on steps that write no workload", () => {
    const s0 = workload(2, [1, 2], [1, 0]);
    const s1 = deletePod(s0, "web-0-0");
    expect(rolloutUnavailableBound.check(s1, s0, { disruptions: 1 })).toEqual([]);
    const low = workload(3, [1, 2], [1, 0]);
    expect(rolloutUnavailableBound.check(deletePod(low, "web-0-0"), low, { disruptions: 0 })).toEqual([]);
    const resized = ok(s0, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { replicas: 1 } } }).state;
    expect(rolloutUnavailableBound.check(resized, s0, { disruptions: 0 })).toEqual([]);
    expect(rolloutUnavailableBound.check(s0, s0, { disruptions: 0 })).toEqual([]);
  });
});

describe("invariant rollout-max-surge", () => {
  it("flags ReplicaSets asking for more than replicas + maxSurge, and accepts replicas + maxSurge", () => {
    const s0 = workload(2, [1, 2], [0, 0]);
    expect(rolloutSurgeBound.check(s0)).toEqual([]);
    const s1 = scaleRS(s0, "web-1", 3);
    expect(rolloutSurgeBound.check(s1, s0).map((v) => v.message)).toEqual(["Deployment default/web's ReplicaSets ask for 4 pods, more than replicas + maxSurge = 3"]);
  });

  it("skips a paused Deployment and one whose spec the controller has not observed", () => {
    const s0 = scaleRS(workload(2, [1, 2], [0, 0]), "web-1", 3);
    const paused = ok(s0, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { paused: true } } }).state;
    expect(rolloutSurgeBound.check(paused)).toEqual([]);
    const unobserved = ok(s0, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { replicas: 1 } } }).state;
    expect(rolloutSurgeBound.check(unobserved)).toEqual([]);
  });
});

/** Settles the rollouts scope's cluster (a Deployment paused mid-rollout), checking rollout-max-unavailable after each step. */
function pausedRollout(bug?: Bug): { violations: string[]; available: number } {
  let s = initialState(scopeScenario(rollouts, undefined, configWithBug(bug)));
  const violations: string[] = [];
  let prev = s;
  s = settle(s, {
    onStep: (_a, next) => {
      violations.push(...rolloutUnavailableBound.check(next, prev, { disruptions: 0 }).map((v) => v.message));
      prev = next;
    },
  }).state;
  return { violations, available: availablePodsOf(s, objectsUnder(s, "/registry/deployments/")[0]!) };
}

describe("the Deployment controller against rollout-max-unavailable (kubernetes#44436)", () => {
  it("paused mid-rollout with unschedulable new pods, the old pod stays", () => {
    expect(pausedRollout()).toEqual({ violations: [], available: 1 });
  });

  it("the zoo variant's IsSaturated (no availability check) scales the old ReplicaSet to 0 and the invariant fires", () => {
    expect(pausedRollout(bugById("deployment-maxunavailable"))).toEqual({ violations: ["Deployment default/web has 0 available pods, below replicas - maxUnavailable = 1 (it had 1)"], available: 0 });
  });
});
