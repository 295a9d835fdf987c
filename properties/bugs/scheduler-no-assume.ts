/**
 * The scheduler over-commits a node from its cache (kubernetes#76772 "kube-scheduler overcommits pods result in
 * kubelet rejection"; #60469). The scheduler decides from its cache, fed by its pod informer. A binding is a
 * write to the API server; until the pod informer delivers the bound pod, a cache that only follows the
 * informer still shows the node's room free, and the next scheduling cycle gives the same room to another pod:
 * both are bound to a node that fits one. The scheduler "assumes" a pod on its node in the cache at bind time
 * (pkg/scheduler/schedule_one.go assume, backend/cache AssumePod), so the next cycle sees the room taken before
 * the informer confirms it. Variant: makeSchedulerBehavior({ assume: false }).
 */
import type { Bug } from "./types.ts";

export const schedulerNoAssume: Bug = {
  id: "scheduler-no-assume",
  title: "scheduler without assumed pods binds two pods into room for one while its pod informer lags",
  source: "kubernetes/kubernetes#76772 (also #60469)",
  component: "scheduler",
  invariant: "node-not-overcommitted",
  scope: "scheduling",
  // From the settled, empty scope (warm-up): the user creates two big pods, the scheduler's pod informer delivers
  // both, a scheduling cycle binds the first, the next binds the second into the same room (its informer has not
  // delivered the first binding).
  minimalLength: 5,
  budget: { seed: 1, runs: 300 },
  // Shortest counterexample: the five actions above, all the scheduler's (and the user's). The explorer explores
  // the scheduler's actions only (the other components lag): with every component it found it at ~10,000 states,
  // until the pvc-protection controller's pod informer joined the default control plane and its syncs of the new
  // pods pushed the search past 12,000 states at depth 5.
  explore: { depth: 5, maxStates: 12_000, components: ["kube-scheduler"] },
  variant: { components: { scheduler: { assume: false } } },
};
