import { describe, expect, it } from "vitest";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { step } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { initialState } from "../model/scenario/run.ts";
import { bugById, configWithBug, type Bug } from "../properties/bugs/index.ts";
import { scopeScenario } from "../properties/run.ts";
import { replicasets } from "../properties/scopes/replicasets.ts";
import { objectsUnder } from "./objects.ts";
import { replicaSetCreatesWithinReplicas } from "./replicasets.ts";

const RS = "kube-controller-manager/replicaset";
const syncPods: Action = { type: "informer.sync", component: RS, resource: "pods" };
const syncRS: Action = { type: "informer.sync", component: RS, resource: "replicasets.apps" };
const reconcile: Action = { type: "reconcile", component: RS };
const scaleTo = (replicas: number): Action => ({
  type: "api",
  client: "user",
  request: { verb: "patch", resource: "replicasets.apps", namespace: "default", name: "web", patch: { spec: { replicas } } },
});

/** Takes the actions from the replicasets scope's cluster (ReplicaSet web, 2 replicas), checking after each. */
function run(actions: readonly Action[], bug?: Bug): { state: State; violations: string[][] } {
  let s = initialState(scopeScenario(replicasets, undefined, configWithBug(bug)));
  const violations: string[][] = [];
  for (const a of actions) {
    const prev = s;
    s = step(s, a);
    violations.push(replicaSetCreatesWithinReplicas.check(s, prev).map((v) => v.message));
  }
  return { state: s, violations };
}

const pods = (s: State) => objectsUnder(s, "/registry/pods/");
/** The controller without expectations (the zoo's rs-no-expectations). */
const NO_EXPECTATIONS = bugById("rs-no-expectations");

describe("invariant replicaset-creates-within-replicas", () => {
  it("flags a sync that creates the ReplicaSet's pods again from a pod cache that does not show the first ones", () => {
    const r = run([syncPods, syncRS, reconcile, syncRS, reconcile], NO_EXPECTATIONS);
    expect(pods(r.state)).toHaveLength(4);
    expect(r.violations).toEqual([[], [], [], [], ["ReplicaSet default/web owns 4 active pods after its controller created more, but its cache's spec.replicas is 2"]]);
  });

  it("holds with expectations: the second sync waits for the first creates, and the cluster settles with 2 pods", () => {
    const r = run([syncPods, syncRS, reconcile, syncRS, reconcile]);
    expect(r.violations.flat()).toEqual([]);
    expect(pods(r.state)).toHaveLength(2);
    expect(pods(settle(r.state).state)).toHaveLength(2);
  });

  it("allows a scale-down the controller has not seen yet to race its creates (the spec it acted on is its cache's)", () => {
    const r = run([syncPods, syncRS, scaleTo(1), reconcile]);
    expect(pods(r.state)).toHaveLength(2);
    expect(r.violations.flat()).toEqual([]);
  });

  it("allows a second create once the expectations expired (ExpectationsTimeout, kubernetes#129795)", () => {
    const r = run([
      syncPods,
      syncRS,
      reconcile,
      { type: "clock.advance", seconds: 301 },
      { type: "enqueue", component: RS, key: "default/web" },
      reconcile,
    ]);
    expect(pods(r.state)).toHaveLength(4);
    expect(r.violations.flat()).toEqual([]);
  });

  it("reads only the pods created in the last step", () => {
    const r = run([syncPods, syncRS, reconcile, syncRS, reconcile, syncRS], NO_EXPECTATIONS);
    expect(r.violations[5]).toEqual([]);
  });
});
