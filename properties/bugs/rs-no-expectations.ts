/**
 * A ReplicaSet controller without working expectations creates extra pods from a lagging pod cache
 * (kubernetes#41675 "scheduler started too many pods then immediately killed one"; #88851; #129795, where the
 * expectations expire while the informer is late). The sync handler counts the pods in its informer cache. Its
 * first sync creates spec.replicas pods and writes the ReplicaSet's status; the ReplicaSet informer delivers
 * that status write, which requeues the ReplicaSet; the second sync runs while the pod informer has not
 * delivered the creates yet, counts the same stale pods and creates them all again. The controller owns twice
 * the pods it wants until its cache catches up and it deletes the surplus. Expectations
 * (pkg/controller/controller_utils.go) keep a controller from acting until its own creates and deletes have
 * been observed. Variant: makeReplicaSetBehavior({ expectations: false }).
 */
import type { Bug } from "./types.ts";

export const rsNoExpectations: Bug = {
  id: "rs-no-expectations",
  title: "ReplicaSet controller without expectations creates extra pods from a lagging pod cache",
  source: "kubernetes/kubernetes#41675 (also #88851, #129795)",
  component: "replicaset-controller",
  invariant: "replicaset-creates-within-replicas",
  scope: "replicasets",
  // From the settled scope (warm-up): scale web to 3, ReplicaSet informer sync (the patch), sync (creates one pod
  // and writes status), ReplicaSet informer sync (its status write), sync (counts the stale pods, creates again).
  minimalLength: 5,
  budget: { seed: 2, runs: 100, maxSteps: 6 },
  // Shortest counterexample: the five actions above, all the ReplicaSet controller's (and the user's). The explorer
  // explores that controller's actions only (the other components lag): with every component it found it at
  // ~15,000 states, until the pvc-protection controller's pod informer joined the default control plane and its
  // syncs of the new pods pushed the search past 16,000 states at depth 5.
  explore: { depth: 5, maxStates: 16_000, components: ["kube-controller-manager/replicaset"] },
  variant: { components: { "replicaset-controller": { expectations: false } } },
};
