/**
 * The PV controller reclaims a bound volume whose claim it has not seen yet. kubernetes#27757: after a restart of
 * kube-controller-manager, bound PersistentVolumes went Released and were deleted by their Delete reclaim policy
 * while their claims still existed. The controller's initializeCaches, which fills its own claim and volume caches
 * from a list before the first sync, failed on a type assertion (it expected a list type the informer source did
 * not return) and left the caches empty; the first syncVolume of each bound volume then looked for its claim in
 * the empty cache, concluded that the claim had been deleted, marked the volume Released and ran reclaimVolume.
 * PR #28002 fixed the cache initialization (PR #28116 added the integration test: start the controller with bound
 * PVs and PVCs in etcd — no volume may be Released, no claim Lost). Later, PR #67062 and its follow-ups made
 * syncVolume double-check a claim missing from the controller's cache in the informer cache and the API server
 * before releasing its volume (the same data loss came back with external binders, kubernetes#66287).
 *
 * Here the PV controller runs with `initializeCaches: false, doubleCheckClaim: false` (the 2016 controller with the
 * failing initialization). The storage scope starts as a restarted control plane finds etcd: claim data-a and
 * volume pv-a (reclaim policy Delete) bound to each other. When the controller's volume informer lists before
 * its claim informer, pv-a is synced before data-a reaches the controller's claim cache: pv-a is Released, and
 * its deletion queued, while data-a exists bound to it. (A restart of the controller later in a run does the same.)
 */
import type { Bug } from "./types.ts";
import { PV_CONTROLLER_KIND } from "../../model/controllers/volume/persistentvolume/constants.ts";

export const pvReclaimUnseenClaim: Bug = {
  id: "pv-reclaim-unseen-claim",
  title: "the PV controller releases (and reclaims) a bound volume whose claim is not in its cache yet",
  source: "kubernetes/kubernetes#27757, kubernetes/kubernetes#28002 (fix startup type error in initializeCaches), #67062",
  component: PV_CONTROLLER_KIND,
  invariant: "pv-bound-claim-keeps-volume",
  scope: "storage",
  minimalLength: 1,
  budget: { seed: 3, runs: 10 },
  // From the restart (scenarios/zoo/pv-reclaim-unseen-claim.yaml): the binder's volume and claim informers list,
  // and its first sync, its own claim cache still empty, releases pv-a (153 states; bug off 196 at depth 3, with
  // the pvc-protection and pv-protection controllers syncing the restored pair too). Storage protection does not
  // prevent it: the volume is Released, and with policy Delete deleted, by the binder, not by a user; the
  // pv-protection finalizer holds a delete only while the volume is Bound.
  explore: { depth: 3, scenario: "scenarios/zoo/pv-reclaim-unseen-claim.yaml" },
  variant: { components: { [PV_CONTROLLER_KIND]: { initializeCaches: false, doubleCheckClaim: false } } },
};
