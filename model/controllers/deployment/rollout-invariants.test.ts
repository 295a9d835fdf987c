/**
 * Rollout invariants under arbitrary interleavings: every component action (informer syncs, reconciles of the
 * Deployment and ReplicaSet controllers and of the pod runner, timers) is taken in an order fast-check chooses,
 * with user actions and a controller restart mixed in. Caches lag in every way the model allows.
 *
 * What the Deployment controller guarantees is about ReplicaSet sizes: Σ spec.replicas ≤ replicas + maxSurge, and
 * it never scales old ReplicaSets down below replicas − maxUnavailable available pods. Live pods can exceed
 * replicas + maxSurge for a moment under an adversarial schedule: the ReplicaSet controller may create the new
 * ReplicaSet's pods before it deletes the old one's (Kubernetes enforces maxSurge on ReplicaSet sizes, not on
 * pods); controller.test.ts checks the pod bound under a fair schedule.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { Action } from "../../actions.ts";
import { resolveFenceposts } from "./fenceposts.ts";
import {
  DC,
  createDeployment,
  deploymentCluster,
  deploymentManifest,
  imageOf,
  livePods,
  pauseDeployment,
  readyPods,
  enabled,
  settle,
  step,
  replicaSetsOf,
  scaleDeployment,
  setImage,
  sizesByImage,
} from "./cluster.test-support.ts";


/** A user action or fault injected at some point of the schedule. */
type Injection = { readonly at: number; readonly what: "image" | "restart" };

/**
 * Takes the chosen enabled actions, calling `check` after each; an injection happens before the action of its
 * index (those beyond the schedule at its end). Time does not pass during the schedule (no clock.tick): a jump of
 * hours with informers that have not synced would let the ReplicaSet controller's expectations expire (5 min) on
 * a stale pod cache and create surplus pods, whose availability, counted in the ReplicaSet's status before their
 * deletion, the Deployment controller then trusts: a multi-controller race that needs caches frozen for
 * minutes. The final settle lets time pass, fairly.
 */
function runSchedule(s: State, choices: readonly number[], injections: readonly Injection[], check: (s: State) => void): State {
  const inject = (inj: Injection) => {
    s = inj.what === "image" ? setImage(s, "web", "nginx:1.27") : step(s, { type: "component.restart", component: DC });
    check(s);
  };
  choices.forEach((ch, i) => {
    for (const inj of injections) if (inj.at === i) inject(inj);
    const acts: Action[] = enabled(s).filter((a) => a.type !== "clock.tick");
    if (acts.length > 0) {
      s = step(s, acts[ch % acts.length]!);
      check(s);
    }
  });
  for (const inj of injections) if (inj.at >= choices.length) inject(inj);
  return s;
}

const specSum = (s: State) => replicaSetsOf(s, "web").reduce((a, rs) => a + rs.spec.replicas, 0);

const fenceposts = fc
  .record({
    replicas: fc.integer({ min: 1, max: 6 }),
    maxSurge: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("25%", "50%")),
    maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("25%", "50%")),
  })
  .filter((f) => resolveFenceposts(f.maxSurge, f.maxUnavailable, f.replicas).surge + resolveFenceposts(f.maxSurge, f.maxUnavailable, f.replicas).unavailable > 0)
  // Validation refuses 0/0 written explicitly.
  .filter((f) => !(f.maxSurge === 0 && f.maxUnavailable === 0));

describe("RollingUpdate under arbitrary schedules", () => {
  it("Σ ReplicaSet replicas never exceed replicas + maxSurge, ready pods never drop below replicas − maxUnavailable, and the rollout completes (controller restarts included)", () =>
    fc.assert(
      fc.property(
        fenceposts,
        fc.array(fc.nat(), { minLength: 20, maxLength: 250 }),
        fc.array(fc.record({ at: fc.nat({ max: 250 }), what: fc.constant("restart" as const) }), { maxLength: 2 }),
        (f, choices, restarts) => {
          const { surge, unavailable } = resolveFenceposts(f.maxSurge, f.maxUnavailable, f.replicas);
          const maxUnavailable = Math.min(unavailable, f.replicas);
          let s = settle(createDeployment(deploymentCluster(), deploymentManifest("web", f))).state;
          s = setImage(s, "web", "nginx:1.26");
          const check = (st: State) => {
            expect(specSum(st)).toBeLessThanOrEqual(f.replicas + surge);
            expect(readyPods(st).length).toBeGreaterThanOrEqual(f.replicas - maxUnavailable);
          };
          s = runSchedule(s, choices, restarts, check);
          const r = settle(s, { onStep: (_a, st) => check(st) });
          expect(r.quiesced).toBe(true);
          expect(livePods(r.state).map(imageOf)).toEqual(Array(f.replicas).fill("nginx:1.26"));
          expect(specSum(r.state)).toBe(f.replicas);
        },
      ),
      { numRuns: 40 },
    ));

  it("a second template change mid-rollout keeps ready pods at or above replicas − maxUnavailable and converges on the last template", () =>
    fc.assert(
      fc.property(fenceposts, fc.array(fc.nat(), { minLength: 20, maxLength: 250 }), fc.nat({ max: 250 }), (f, choices, at) => {
        const { unavailable } = resolveFenceposts(f.maxSurge, f.maxUnavailable, f.replicas);
        let s = settle(createDeployment(deploymentCluster(), deploymentManifest("web", f))).state;
        s = setImage(s, "web", "nginx:1.26");
        const check = (st: State) => expect(readyPods(st).length).toBeGreaterThanOrEqual(f.replicas - Math.min(unavailable, f.replicas));
        s = runSchedule(s, choices, [{ at, what: "image" }], check);
        const r = settle(s, { onStep: (_a, st) => check(st) });
        expect(livePods(r.state).map(imageOf)).toEqual(Array(f.replicas).fill("nginx:1.27"));
        expect(specSum(r.state)).toBe(f.replicas);
      }),
      { numRuns: 40 },
    ));

  it("a second template change read against a stale ReplicaSet cache can surge past maxSurge, as in Kubernetes (no expectations on ReplicaSet sizes)", () => {
    // replicas 2, maxSurge 1, maxUnavailable 1. The first rollout reaches old 1 / new 2, but the controller's
    // ReplicaSet cache still shows new at 1 when the next template arrives: the third ReplicaSet is created with
    // the one replica of surge it thinks is left, and the ReplicaSets then ask for 4 pods.
    let s = settle(createDeployment(deploymentCluster(), deploymentManifest("web", { replicas: 2, maxSurge: 1, maxUnavailable: 1 }))).state;
    s = setImage(s, "web", "nginx:1.26");
    const act = (a: Action) => (s = step(s, a));
    act({ type: "informer.sync", component: DC, resource: "deployments.apps" });
    act({ type: "reconcile", component: DC }); // creates 1.26 at 1, scales 1.25 to 1
    act({ type: "informer.sync", component: DC, resource: "deployments.apps" });
    act({ type: "informer.sync", component: DC, resource: "replicasets.apps" });
    act({ type: "reconcile", component: DC }); // scales 1.26 to 2: its cache still says 1
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 1, "nginx:1.26": 2 });
    s = setImage(s, "web", "nginx:1.27");
    act({ type: "informer.sync", component: DC, resource: "deployments.apps" });
    act({ type: "reconcile", component: DC });
    expect(sizesByImage(s, "web")).toEqual({ "nginx:1.25": 1, "nginx:1.26": 2, "nginx:1.27": 1 });
    expect(specSum(s)).toBe(4);
    // Once the cache catches up nothing grows further, and the rollout converges.
    s = settle(s, { onStep: (_a, st) => expect(specSum(st)).toBeLessThanOrEqual(4) }).state;
    expect(livePods(s).map(imageOf)).toEqual(["nginx:1.27", "nginx:1.27"]);
  });
});

describe("Recreate under arbitrary schedules", () => {
  it("pods of the old and the new template are never live at the same time", () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { minLength: 20, maxLength: 200 }), (replicas, choices) => {
        let s = settle(createDeployment(deploymentCluster(), deploymentManifest("web", { replicas, strategy: "Recreate" }))).state;
        s = setImage(s, "web", "nginx:1.26");
        const check = (st: State) => expect(new Set(livePods(st).map(imageOf)).size).toBeLessThanOrEqual(1);
        s = runSchedule(s, choices, [], check);
        const r = settle(s, { onStep: (_a, st) => check(st) });
        expect(livePods(r.state).map(imageOf)).toEqual(Array(replicas).fill("nginx:1.26"));
      }),
      { numRuns: 30 },
    ));
});

describe("proportional scaling of a paused rollout", () => {
  it("brings Σ replicas to exactly replicas + maxSurge, keeping every ReplicaSet non-negative and both templates present", () =>
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 12 }), fc.integer({ min: 1, max: 40 }), (replicas, target) => {
        let s = settle(createDeployment(deploymentCluster(), deploymentManifest("web", { replicas, maxSurge: "25%", maxUnavailable: "25%" }))).state;
        // A template that never becomes ready leaves the rollout stuck with two active ReplicaSets.
        s = settle(setImage(s, "web", "nginx:broken")).state;
        s = settle(pauseDeployment(s, "web", true)).state;
        const before = sizesByImage(s, "web");
        expect(before["nginx:1.25"]).toBeGreaterThan(0);
        expect(before["nginx:broken"]).toBeGreaterThan(0);
        s = settle(scaleDeployment(s, "web", target)).state;
        const after = sizesByImage(s, "web");
        const { surge } = resolveFenceposts("25%", "25%", target);
        expect(after["nginx:1.25"]! + after["nginx:broken"]!).toBe(target + surge);
        expect(Math.min(after["nginx:1.25"]!, after["nginx:broken"]!)).toBeGreaterThanOrEqual(0);
        // Scaling keeps the proportions: the larger ReplicaSet stays at least as large (up to rounding by one).
        const larger = before["nginx:1.25"]! >= before["nginx:broken"]! ? "nginx:1.25" : "nginx:broken";
        const smaller = larger === "nginx:1.25" ? "nginx:broken" : "nginx:1.25";
        expect(after[larger]! + 1).toBeGreaterThanOrEqual(after[smaller]!);
      }),
      { numRuns: 25 },
    ));
});
