/**
 * The lag test: with the pod informer lagging, expectations keep the controller from creating a
 * ReplicaSet's pods twice; the variant without expectations creates extra pods.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { Action } from "../../actions.ts";
import type { Options } from "../../config.ts";
import { settle } from "../../settle.ts";
import { step } from "../../step.ts";
import { RS, createRS, getObj, livePods, reconcile, reconcileOnce, replicaSet, rsClusterWith, requests, storedPods, sync, syncAll } from "./fixtures.test-support.ts";

/** The controller with the bug-zoo switch: no expectations. */
const WITHOUT_EXPECTATIONS: Options = { expectations: false };
const WITH_EXPECTATIONS: Options = {};

/** A cluster running one ReplicaSet controller (id kube-controller-manager/replicaset) with these options. */
const clusterWith = (options: Options): State => rsClusterWith(options);

/**
 * The race: the first sync creates 3 pods and writes the status; the ReplicaSet informer delivers that status
 * write, which requeues the ReplicaSet; the second sync runs while the pod informer has not delivered the pods.
 */
function lagRun(options: Options): { afterFirst: State; afterSecond: State; secondCreates: number; caughtUp: State } {
  let s = syncAll(createRS(clusterWith(options), replicaSet("web", 3)));
  const first = reconcileOnce(s);
  expect(requests(first.effects, "create", "pods")).toHaveLength(3);
  s = step(first.state, sync(RS, "replicasets.apps")); // the pod informer lags
  const second = reconcileOnce(s);
  const caughtUp = settle(second.state).state;
  return { afterFirst: first.state, afterSecond: second.state, secondCreates: requests(second.effects, "create", "pods").length, caughtUp };
}

describe("lagging pod informer", () => {
  it("with expectations: the second sync waits, and exactly 3 pods exist throughout", () => {
    const r = lagRun(WITH_EXPECTATIONS);
    expect(storedPods(r.afterFirst)).toHaveLength(3);
    expect(r.secondCreates).toBe(0);
    expect(storedPods(r.afterSecond)).toHaveLength(3);
    expect(storedPods(r.caughtUp)).toHaveLength(3);
    expect(getObj(r.caughtUp, "replicasets.apps", "web").status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it("without expectations: the second sync creates 3 more pods from the stale cache (6), and later deletes 3", () => {
    const r = lagRun(WITHOUT_EXPECTATIONS);
    expect(storedPods(r.afterFirst)).toHaveLength(3);
    expect(r.secondCreates).toBe(3);
    expect(storedPods(r.afterSecond)).toHaveLength(6);
    // Once its cache catches up it sees 6 and deletes 3 (unscheduled pods go at once): 3 pods were wasted.
    expect(storedPods(r.caughtUp)).toHaveLength(3);
    expect(getObj(r.caughtUp, "replicasets.apps", "web").status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it("with expectations, no interleaving of partial informer syncs and syncs creates more pods than spec.replicas (property)", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.constantFrom<"pods" | "rs" | "reconcile">("reconcile", "rs", "pods"), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 30, maxLength: 30 }),
        (replicas, schedule, limits) => {
          let s = syncAll(createRS(clusterWith(WITH_EXPECTATIONS), replicaSet("web", replicas)));
          schedule.forEach((what, i) => {
            const a: Action = what === "reconcile" ? reconcile(RS) : sync(RS, what === "pods" ? "pods" : "replicasets.apps", limits[i]);
            s = step(s, a);
            expect(storedPods(s).length).toBeLessThanOrEqual(replicas);
          });
          s = settle(s).state;
          expect(storedPods(s)).toHaveLength(replicas);
          expect(livePods(s)).toHaveLength(replicas);
        },
      ),
      { numRuns: 60 },
    ));

  it("without expectations, the same interleavings still converge once the caches catch up (property)", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.constantFrom<"pods" | "rs" | "reconcile">("reconcile", "rs", "pods"), { maxLength: 30 }),
        (replicas, schedule) => {
          let s = syncAll(createRS(clusterWith(WITHOUT_EXPECTATIONS), replicaSet("web", replicas)));
          for (const what of schedule) s = step(s, what === "reconcile" ? reconcile(RS) : sync(RS, what === "pods" ? "pods" : "replicasets.apps"));
          s = settle(s).state;
          expect(livePods(s)).toHaveLength(replicas);
        },
      ),
      { numRuns: 40 },
    ));
});
