/**
 * syncVolume: what the controller does for one volume. Follows pkg/controller/volume/persistentvolume/pv_controller.go
 * (syncVolume), branch by branch. Claims are read from the controller's local cache (ctrl.claims); a claim missing
 * there is double-checked in the informer cache and then in the API server before the volume is released, so that
 * a claim the controller simply has not seen yet does not cost the volume (and its data).
 */
import type { KObject } from "../../../objects/types.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { cacheGet } from "../../../informers/cache.ts";
import { ANN_DYNAMICALLY_PROVISIONED, PVCS, claimQueueKey } from "./constants.ts";
import { callOrStatus, event, PvSyncError, type PvSyncContext } from "./context.ts";
import { checkVolumeModeMismatches, claimRefOf, claimrefToClaimKey, hasAnnotation, type ClaimRef } from "./helpers.ts";
import { cachedClaim } from "./local-store.ts";
import { reclaimVolume } from "./reclaim.ts";
import { unbindVolume, updateVolumePhase } from "./writes.ts";

/** GET the claim from the API server: the claim, undefined for NotFound; other errors end the sync. */
function getClaimFromApi(ctx: PvSyncContext, ref: ClaimRef): KObject | undefined {
  const r = callOrStatus(ctx, { verb: "get", resource: PVCS, namespace: ref.namespace ?? "", name: ref.name ?? "" });
  if (!isStatus(r)) return r;
  if (r.code === 404) return undefined;
  throw new PvSyncError(r.message, r);
}

const releasedOrFailed = (v: KObject) => v.status?.phase === "Released" || v.status?.phase === "Failed";

/** The claim a bound volume points to, as syncVolume finds it (undefined: the claim is gone). */
function findClaimOfVolume(ctx: PvSyncContext, volume: KObject, ref: ClaimRef): KObject | undefined {
  const key = claimrefToClaimKey(ref);
  let claim = cachedClaim(ctx.memory, key);
  if (!claim && ctx.opts.doubleCheckClaim && !releasedOrFailed(volume)) {
    // The claim may not have reached the local cache yet (its key is still queued, or an external binder bound
    // the volume): check (1) the informer cache, (2) the API server, so that a bound volume is never reclaimed
    // for a claim the controller has not seen. Only volumes not yet Released or Failed are checked.
    claim = cacheGet(ctx.c, PVCS, key) ?? getClaimFromApi(ctx, ref);
  }
  if (claim && claim.metadata.uid !== ref.uid && ctx.opts.doubleCheckClaim) {
    // The claim the volume was bound to was deleted and another with the same name created — or the cached claim
    // is older than the volume's claimRef. Ask the API server for the newest one.
    const live = getClaimFromApi(ctx, ref);
    claim = live && live.metadata.uid === ref.uid ? live : undefined;
  }
  if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
  return claim;
}

/** syncVolume. [Unit test set 4] */
export function syncVolume(ctx: PvSyncContext, volume: KObject): void {
  const ref = claimRefOf(volume);
  if (!ref) {
    // The volume is unused.
    updateVolumePhase(ctx, volume, "Available");
    return;
  }
  if (!ref.uid) {
    // The volume is reserved for a claim (pre-bound by name) that is not bound to it yet: the claim's sync will
    // handle it.
    updateVolumePhase(ctx, volume, "Available");
    return;
  }
  const claim = findClaimOfVolume(ctx, volume, ref);
  if (!claim) {
    // The claim must have been deleted: release the volume and run its reclaim policy. A Failed volume stays
    // Failed (the user should see that something went wrong) while reclaim is retried.
    let v = volume;
    if (!releasedOrFailed(v)) v = updateVolumePhase(ctx, v, "Released");
    reclaimVolume(ctx, v);
    return;
  }
  const claimVolumeName: string = claim.spec?.volumeName ?? "";
  if (claimVolumeName === "") {
    if (checkVolumeModeMismatches(claim, volume)) {
      // syncUnboundClaim will not bind them (findBestMatchForClaim skips the volume): say why, once per sync.
      event(ctx, volume, { type: "Warning", reason: "VolumeMismatch", message: `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.` });
      event(ctx, claim, { type: "Warning", reason: "VolumeMismatch", message: `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.` });
      return;
    }
    // The volume is bound and the claim Pending: the binding is not complete (bound by the controller), or the
    // volume was bound and then unbound by a user. The next syncClaim fixes it; enqueue the claim to speed it up.
    ctx.enqueue.push(claimQueueKey(claimrefToClaimKey(ref)));
    return;
  }
  if (claimVolumeName === volume.metadata.name) {
    // The volume is bound to its claim properly ("all is bound"): update the phase if necessary — from any phase.
    // A Released or Failed volume lands here when its release was made on a stale view (the claim was missing
    // from the cache, as in kubernetes#27757) and the claim has reached the cache since: the release is undone
    // (the chart's Released → Bound and Failed → Bound edges, event Bind).
    updateVolumePhase(ctx, volume, "Bound");
    return;
  }
  // The volume is bound to a claim that is bound to another volume.
  if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === "Delete") {
    // Provisioned for this claim, which got another volume: not needed any more. Release (for external deleters,
    // and to let the user know) and delete it.
    let v = volume;
    if (!releasedOrFailed(v)) v = updateVolumePhase(ctx, v, "Released");
    reclaimVolume(ctx, v);
    return;
  }
  // Bound by the controller: the controller tried this volume for a claim that another volume fulfilled; roll
  // it back. Bound by the user: keep it reserved for the claim name, but clear the uid and make it Available.
  unbindVolume(ctx, volume);
}
