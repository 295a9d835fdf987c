/**
 * Two claims bound to one PersistentVolume. Before kubernetes PR #16432 (reported as openshift/origin#4829,
 * "PVC binding is racy": create a PV and then two PVCs at the same time), the binder bound a Pending claim by
 * saving the claim's side first — volumeName and phase Bound — for the volume its index matched, and wrote the
 * volume's claimRef only in a later pass, once the claim was Bound. Its volume index learned about the binding
 * only from the volume's watch events, so until the claimRef was saved and watched, the index still showed the
 * volume free and the next Pending claim matched the same volume: both claims Bound to it. The fix saved the
 * volume's claimRef first and put the saved volume into the index at once; today's controller binds volume
 * first under the resourceVersion precondition (a second claim's claimRef write fails with a conflict) and keeps
 * its own cache of what it wrote (pv_controller.go: "Two syncClaims could bind two different claims to the same
 * volume").
 *
 * Here the PV controller runs with `bindVolumeFirst: false`: the claim side is written first from the local
 * index, the volume side by the claim's next sync. In the storage scope a Pending claim (data-b) and a free
 * volume (pv-b) exist; the user creates a second claim that fits pv-b; at the next periodic sync the controller
 * binds data-b's side to pv-b and then, its index unchanged, the new claim's side to pv-b too.
 */
import type { Bug } from "./types.ts";
import { PV_CONTROLLER_KIND } from "../../model/controllers/volume/persistentvolume/constants.ts";

export const pvDoubleBind: Bug = {
  id: "pv-double-bind",
  title: "two PersistentVolumeClaims bound to one PersistentVolume (claim saved before the volume's claimRef)",
  source: "openshift/origin#4829, kubernetes/kubernetes#16432 (fixed race condition in pv binder)",
  component: PV_CONTROLLER_KIND,
  invariant: "pv-bound-to-one-claim",
  scope: "storage",
  minimalLength: 1,
  budget: { seed: 7, runs: 10 },
  // From two claims created at once (scenarios/zoo/pv-double-bind.yaml): the binder's claim informer delivers
  // both, one sync binds data-b's side to pv-b, the next data-c's side to the same volume (50 states; bug off 87
  // at depth 3; the protection controllers' informer syncs interleave too).
  explore: { depth: 3, scenario: "scenarios/zoo/pv-double-bind.yaml" },
  variant: { components: { [PV_CONTROLLER_KIND]: { bindVolumeFirst: false } } },
};
