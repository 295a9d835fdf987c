/**
 * Pausing a failed rollout takes away the last available pod. A paused Deployment is still scaled (sync.go,
 * scale): when its new ReplicaSet is "saturated" the old ones are scaled to 0, otherwise sizes are kept in
 * proportion. Before kubernetes PR #44439 (for kubernetes#44436, "pause a fail deployment will cause the running
 * pod disappear when maxUnavailable=replicas-1"), IsSaturated (util/deployment_util.go) only compared the new
 * ReplicaSet's size and desired-replicas annotation with spec.replicas. A rollout whose new pods never became
 * available had already grown its new ReplicaSet to full size while keeping replicas − maxUnavailable old pods;
 * once paused, the new ReplicaSet looked saturated, the controller scaled the old ReplicaSet to 0, and the pods
 * still serving went away — below replicas − maxUnavailable, which a rollout must never do. The fix requires the
 * new ReplicaSet's available replicas to equal spec.replicas too.
 *
 * Here the Deployment controller runs with `saturatedIgnoresAvailability: true`. In the rollouts scope the
 * Deployment is paused with its new ReplicaSet at full size (its pods cannot be scheduled) and one old pod; as
 * soon as the old pod is running, the controller scales its ReplicaSet to 0 and the ReplicaSet controller deletes
 * it: 0 available pods where at least 1 must stay.
 */
import type { Bug } from "./types.ts";
import { DEPLOYMENT_CONTROLLER_KIND } from "../../model/controllers/deployment/controller.ts";

export const deploymentMaxUnavailable: Bug = {
  id: "deployment-maxunavailable",
  title: "pausing a failed rollout scales the old ReplicaSet to 0, below replicas - maxUnavailable",
  source: "kubernetes/kubernetes#44436, kubernetes/kubernetes#44439 (controller: fix saturation check for Deployments)",
  component: DEPLOYMENT_CONTROLLER_KIND,
  invariant: "rollout-max-unavailable",
  scope: "rollouts",
  minimalLength: 1,
  budget: { seed: 1, runs: 10 },
  // From the pause (scenarios/zoo/deployment-maxunavailable.yaml): the Deployment controller sees the pause and
  // scales the old ReplicaSet to 0, the ReplicaSet controller deletes its pod (76 states; bug off ~100 at depth 4).
  explore: { depth: 4, scenario: "scenarios/zoo/deployment-maxunavailable.yaml" },
  variant: { components: { [DEPLOYMENT_CONTROLLER_KIND]: { saturatedIgnoresAvailability: true } } },
};
