/**
 * The HPA scaling up under no real load because it counts pods that are not ready. Pods burn cpu while they
 * start; the HPA used to take every pod's usage at face value, so the new, still unready pods of a rollout
 * (or any pod whose readiness probe has not passed) pushed the average over the target and the HPA added pods —
 * which started, burned cpu, and added more (kubernetes#72775, "pod hpa would create extra pods during
 * deployment rolling update when there is no load at all"). Kubernetes sets such samples aside: PR #33593 ("HPA:
 * Consider unready pods separately") counts unready pods as 0% on a scale-up, and PR #67252 ("Fix HPA sample
 * sanitization", later the --horizontal-pod-autoscaler-cpu-initialization-period and -initial-readiness-delay
 * flags) ignores the cpu of a pod still initializing, or that became Ready less than a metrics window ago
 * (pkg/controller/podautoscaler/replica_calculator.go, groupPods).
 *
 * Here the HPA controller runs with `countUnreadyPodsAsReady`: every pod is presented to the replica calculator as
 * Ready since long before its start. In the autoscaling scope the two canary pods run with their readiness probe
 * not passed yet; the load on the app's pods goes up; the HPA counts the canaries' 200% and scales the Deployment
 * from 2 to 5, where the ready pods' cpu justifies nothing (no ready pod reports usage).
 */
import type { Bug } from "./types.ts";
import { HPA_CONTROLLER_KIND } from "../../model/controllers/podautoscaler/controller.ts";

export const hpaUnreadyScaleUp: Bug = {
  id: "hpa-unready-scale-up",
  title: "the HPA scales up on the start-up cpu of pods that are not ready",
  source: "kubernetes/kubernetes#72775 (extra pods during a rolling update with no load); PR #33593, PR #67252 (unready pods and initializing cpu set aside)",
  component: HPA_CONTROLLER_KIND,
  invariant: "hpa-scale-up-justified",
  scope: "autoscaling",
  minimalLength: 1,
  budget: { seed: 162, runs: 30 },
  // From the canaries' start-up cpu (scenarios/zoo/hpa-unready-scale-up.yaml): four timers pass, the HPA's
  // first sync scales web to 5 (92 states; bug off 96 at depth 5).
  explore: { depth: 5, scenario: "scenarios/zoo/hpa-unready-scale-up.yaml" },
  variant: { components: { [HPA_CONTROLLER_KIND]: { bugs: { countUnreadyPodsAsReady: true } } } },
};
