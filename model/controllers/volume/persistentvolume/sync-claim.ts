/**
 * syncClaim: what the controller does for one claim. Follows pkg/controller/volume/persistentvolume/pv_controller.go
 * (syncClaim, checkVolumeSatisfyClaim, syncUnboundClaim, syncBoundClaim), in its "space shuttle style": every
 * branch of the Go code is here, with the observation it makes.
 *
 * Volumes are read from the controller's local cache (ctrl.volumes), not from the informer: it holds what the
 * controller itself just wrote.
 */
import type { KObject } from "../../../objects/types.ts";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from "./constants.ts";
import { event, PvSyncError, type PvSyncContext } from "./context.ts";
import { checkAccessModes, checkVolumeModeMismatches, claimClass, claimRefOf, claimrefToClaimKey, claimRequest, claimToClaimKey, hasAnnotation, isVolumeBoundToClaim, quantityBytes, volumeCapacity, volumeClass } from "./helpers.ts";
import { cachedVolume } from "./local-store.ts";
import { findBestMatchForClaim } from "./volume-index.ts";
import { bind, updateClaimStatus, updateClaimStatusWithEvent } from "./writes.ts";

/** syncClaim: claims that have never completed binding go to syncUnboundClaim, the others to syncBoundClaim. */
export function syncClaim(ctx: PvSyncContext, claim: KObject): void {
  if (!hasAnnotation(claim, ANN_BIND_COMPLETED)) syncUnboundClaim(ctx, claim);
  else syncBoundClaim(ctx, claim);
}

/** checkVolumeSatisfyClaim: why a volume the claim asked for by name cannot serve it (undefined: it can). */
export function checkVolumeSatisfyClaim(volume: KObject, claim: KObject): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (quantityBytes(volumeCapacity(volume)) < quantityBytes(claimRequest(claim))) return "requested PV is too small";
  if (volumeClass(volume) !== claimClass(claim)) return "storageClassName does not match";
  if (checkVolumeModeMismatches(claim, volume)) return "incompatible volumeMode";
  if (!checkAccessModes(claim, volume)) return "incompatible accessMode";
  return undefined;
}

/** syncUnboundClaim: a claim that has not completed binding (OBSERVATION: pvc is "Pending"). */
export function syncUnboundClaim(ctx: PvSyncContext, claim: KObject): void {
  const volumeName: string = claim.spec?.volumeName ?? "";
  if (volumeName === "") {
    // The user did not care which PV they get. [Unit test set 1]
    const volume = findBestMatchForClaim(ctx.memory, claim);
    if (!volume) {
      // No PV could be found. The model has no StorageClass objects: no default class to assign, no delayed
      // binding, and a claim with a class cannot be provisioned (findProvisionablePlugin: the class is not found).
      const cls = claimClass(claim);
      if (cls !== "") {
        event(ctx, claim, { type: "Warning", reason: "ProvisioningFailed", message: `storageclass.storage.k8s.io "${cls}" not found` });
        return;
      }
      event(ctx, claim, { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" });
      // Mark the claim as Pending and try to find a match in the next periodic syncClaim.
      updateClaimStatus(ctx, claim, "Pending", undefined);
      return;
    }
    // OBSERVATION: pvc is "Pending", pv is "Available". On any error the next syncClaim finishes the binding.
    bind(ctx, volume, claim);
    return;
  }
  // [Unit test set 2] The user asked for a specific PV.
  const volume = cachedVolume(ctx.memory, volumeName);
  if (!volume) {
    // The PV does not exist (yet): retry later.
    updateClaimStatus(ctx, claim, "Pending", undefined);
    return;
  }
  const ref = claimRefOf(volume);
  if (!ref) {
    // The PV is not claimed (OBSERVATION: pvc is "Pending", pv is "Available").
    const why = checkVolumeSatisfyClaim(volume, claim);
    if (why !== undefined) {
      event(ctx, claim, { type: "Warning", reason: "VolumeMismatch", message: `Cannot bind to requested volume "${volume.metadata.name}": ${why}` });
      updateClaimStatus(ctx, claim, "Pending", undefined);
      return;
    }
    bind(ctx, volume, claim);
    return;
  }
  if (isVolumeBoundToClaim(volume, claim)) {
    // The PV is claimed by this PVC (OBSERVATION: pvc is "Pending", pv is "Bound"): finish the binding.
    bind(ctx, volume, claim);
    return;
  }
  // The PV is claimed by someone else.
  if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) {
    // The user asked for this PV: retry later.
    event(ctx, claim, { type: "Warning", reason: "FailedBinding", message: `volume "${volume.metadata.name}" already bound to a different claim.` });
    updateClaimStatus(ctx, claim, "Pending", undefined);
    return;
  }
  // "This should never happen because someone had to remove AnnBindCompleted annotation on the claim."
  event(ctx, claim, { type: "Warning", reason: "FailedBinding", message: `volume "${volume.metadata.name}" already bound to a different claim.` });
  throw new PvSyncError(`invalid binding of claim "${claimToClaimKey(claim)}" to volume "${volumeName}": volume already claimed by "${claimrefToClaimKey(ref)}"`);
}

/** syncBoundClaim: a claim that has been bound before (OBSERVATION: pvc is not "Pending"). [Unit test set 3] */
export function syncBoundClaim(ctx: PvSyncContext, claim: KObject): void {
  const volumeName: string = claim.spec?.volumeName ?? "";
  if (volumeName === "") {
    // The claim was bound before but not any more.
    updateClaimStatusWithEvent(ctx, claim, "Lost", undefined, "Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    return;
  }
  const volume = cachedVolume(ctx.memory, volumeName);
  if (!volume) {
    // The claim is bound to a volume that does not exist.
    updateClaimStatusWithEvent(ctx, claim, "Lost", undefined, "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    return;
  }
  const ref = claimRefOf(volume);
  if (!ref) {
    // The claim is bound but the volume has come unbound — or the controller has not received the updated volume
    // yet; these cannot be told apart. Bind the volume again and set all states to Bound.
    bind(ctx, volume, claim);
    return;
  }
  if (ref.uid === claim.metadata.uid) {
    // All is well; bind() only fixes what is missing (usually nothing).
    bind(ctx, volume, claim);
    return;
  }
  // The claim is bound but the volume has a different claimant: Lost, a terminal phase.
  updateClaimStatusWithEvent(ctx, claim, "Lost", undefined, "Warning", "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
}
