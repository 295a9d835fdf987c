/**
 * The volume and claim workers. Follows pkg/controller/volume/persistentvolume/pv_controller_base.go
 * (volumeWorker, claimWorker, updateVolume, deleteVolume, updateClaim, deleteClaim): a key whose object is in the
 * informer cache was an add, update or periodic sync — the object goes into the local cache (unless the local
 * cache has a newer version: then this event is old and ignored) and is synced; a key whose object the informer
 * no longer has was a deletion — the object leaves the local cache, and the volume's claim (or the claim's
 * volume) is synced at once instead of at the next periodic sync.
 */
import { cacheGet } from "../../../informers/cache.ts";
import { PVCS, PVS, claimQueueKey, volumeQueueKey } from "./constants.ts";
import type { PvSyncContext } from "./context.ts";
import { claimRefOf, claimrefToClaimKey } from "./helpers.ts";
import { cachedClaim, cachedVolume, deleteClaimFromStore, deleteVolumeFromStore, storeClaimUpdate, storeVolumeUpdate } from "./local-store.ts";
import { syncClaim } from "./sync-claim.ts";
import { syncVolume } from "./sync-volume.ts";

/** volumeWorker for one volume name. */
export function volumeWorker(ctx: PvSyncContext, name: string): void {
  const volume = cacheGet(ctx.c, PVS, name);
  if (volume) {
    const r = storeVolumeUpdate(ctx.memory, volume);
    if (!r.stored) return;
    ctx.memory = r.memory;
    syncVolume(ctx, volume);
    return;
  }
  const old = cachedVolume(ctx.memory, name);
  if (!old) return; // the deletion was already processed
  ctx.memory = deleteVolumeFromStore(ctx.memory, name);
  const ref = claimRefOf(old);
  // The claim of a deleted volume goes Lost: sync it now rather than at the next periodic sync.
  if (ref) ctx.enqueue.push(claimQueueKey(claimrefToClaimKey(ref)));
}

/** claimWorker for one claim key ("namespace/name"). */
export function claimWorker(ctx: PvSyncContext, key: string): void {
  const claim = cacheGet(ctx.c, PVCS, key);
  if (claim) {
    const r = storeClaimUpdate(ctx.memory, claim);
    if (!r.stored) return;
    ctx.memory = r.memory;
    syncClaim(ctx, claim);
    return;
  }
  const old = cachedClaim(ctx.memory, key);
  if (!old) return;
  ctx.memory = deleteClaimFromStore(ctx.memory, key);
  const volumeName: string = old.spec?.volumeName ?? "";
  // The volume of a deleted claim is released: sync it now rather than at the next periodic sync.
  if (volumeName !== "") ctx.enqueue.push(volumeQueueKey(volumeName));
}
