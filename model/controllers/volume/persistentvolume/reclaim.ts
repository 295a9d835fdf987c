/**
 * Reclaiming a released volume by its spec.persistentVolumeReclaimPolicy. Follows
 * pkg/controller/volume/persistentvolume/pv_controller.go (reclaimVolume, recycleVolumeOperation,
 * deleteVolumeOperation, isVolumeReleased, doDeleteVolume):
 * - Retain: nothing; the volume stays Released, with its data, until an administrator clears claimRef;
 * - Recycle: Kubernetes runs a recycler pod that scrubs the volume (`rm -rf`) and then makes it Available again
 *   (unbindVolume). The model's recycler is one action of the controller RECYCLER_POD_SECONDS later (a timer);
 *   only nfs and hostPath volumes have a recycler plugin, others go Failed ("No recycler plugin found");
 * - Delete: a deleter plugin deletes the storage asset, then the controller deletes the PV object. The model's
 *   deleter is one action of the controller right after (the key is queued); the in-tree deleters are the cloud
 *   disks and hostPath under /tmp; any other volume goes Failed (VolumeFailedDelete).
 * Both operations re-read the volume from the API server and check again that it is released: a volume re-bound
 * meanwhile is not scrubbed or deleted. A Failed volume is retried on every syncVolume.
 */
import type { KObject } from "../../../objects/types.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { enqueueAfter, timerIdFor } from "../../../informers/enqueue-after.ts";
import { getTimer } from "../../../timers.ts";
import { PVS, RECYCLER_POD_SECONDS, deleteOperationKey, recycleOperationKey } from "./constants.ts";
import { callOrStatus, event, type PvSyncContext } from "./context.ts";
import { claimRefOf, claimrefToClaimKey } from "./helpers.ts";
import { cachedClaim } from "./local-store.ts";
import { unbindVolume, updateVolumePhaseWithEvent } from "./writes.ts";

/** Volume sources with a recycler plugin (pkg/volume/nfs, pkg/volume/hostpath). */
const RECYCLABLE = ["nfs", "hostPath"] as const;
/** Volume sources with an in-tree deleter plugin (the cloud disks; hostPath only under /tmp, for testing). */
const DELETABLE = ["gcePersistentDisk", "awsElasticBlockStore", "azureDisk", "cinder", "vsphereVolume", "hostPath"] as const;

const sourceOf = (v: KObject, names: readonly string[]): string | undefined => names.find((n) => v.spec?.[n] !== undefined);

/** reclaimVolume: starts what the reclaim policy asks for. */
export function reclaimVolume(ctx: PvSyncContext, volume: KObject): void {
  const name = volume.metadata.name!;
  switch (volume.spec?.persistentVolumeReclaimPolicy) {
    case "Retain":
      return;
    case "Recycle": {
      // scheduleOperation: one recycle per volume at a time (goroutinemap); a pending one is not restarted.
      const key = recycleOperationKey(name);
      if (!getTimer(ctx.state, timerIdFor(ctx.c.id, key))) ctx.state = enqueueAfter(ctx.state, ctx.c.id, key, RECYCLER_POD_SECONDS);
      return;
    }
    case "Delete":
      ctx.enqueue.push(deleteOperationKey(name));
      return;
    default:
      updateVolumePhaseWithEvent(ctx, volume, "Failed", "Warning", "VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy");
  }
}

/**
 * isVolumeReleased: the volume is bound (claimRef with a uid) and its claim does not exist, or exists and is bound
 * to another volume. Reads the local claim cache.
 */
export function isVolumeReleased(ctx: PvSyncContext, volume: KObject): boolean {
  const ref = claimRefOf(volume);
  if (!ref || !ref.uid) return false;
  const claim = cachedClaim(ctx.memory, claimrefToClaimKey(ref));
  if (claim && claim.metadata.uid === ref.uid) {
    const vn: string = claim.spec?.volumeName ?? "";
    return vn !== "" && vn !== volume.metadata.name;
  }
  return true;
}

/** The current volume from the API server, or undefined (the operation then gives up, as Go's does). */
function getVolume(ctx: PvSyncContext, name: string): KObject | undefined {
  const r = callOrStatus(ctx, { verb: "get", resource: PVS, name });
  return isStatus(r) ? undefined : r;
}

/**
 * recycleVolumeOperation. (Go also refuses to recycle a volume that running pods still use; the model's kubelet
 * does not mount claims, so no pod uses one.)
 */
export function recycleVolumeOperation(ctx: PvSyncContext, name: string): void {
  const volume = getVolume(ctx, name);
  if (!volume || !isVolumeReleased(ctx, volume)) return;
  if (!sourceOf(volume, RECYCLABLE)) {
    // No recycler: Failed. The controller retries recycling in every syncVolume.
    updateVolumePhaseWithEvent(ctx, volume, "Failed", "Warning", "VolumeFailedRecycle", "No recycler plugin found for the volume!");
    return;
  }
  event(ctx, volume, { type: "Normal", reason: "VolumeRecycled", message: "Volume recycled" });
  // Make the volume available again. If this fails, the volume is recycled again on its next sync.
  unbindVolume(ctx, volume);
}

/** doDeleteVolume's plugin lookup: why the volume cannot be deleted, or undefined when its deleter deletes it. */
function deleterError(volume: KObject): string | undefined {
  const source = sourceOf(volume, DELETABLE);
  if (!source) return `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`;
  if (source === "hostPath") {
    const path: string = volume.spec.hostPath?.path ?? "";
    if (!/^\/tmp\/.+/.test(path)) return `host_path deleter only supports /tmp/.+ but received provided ${path}`;
  }
  return undefined;
}

/** deleteVolumeOperation. */
export function deleteVolumeOperation(ctx: PvSyncContext, name: string): void {
  const volume = getVolume(ctx, name);
  if (!volume) return;
  if (volume.metadata.deletionTimestamp) return; // already being deleted
  if (!isVolumeReleased(ctx, volume)) return; // no longer needs deletion
  const err = deleterError(volume);
  if (err !== undefined) {
    // The plugin failed: Failed, with a Warning event. Deletion is retried in every syncVolume.
    updateVolumePhaseWithEvent(ctx, volume, "Failed", "Warning", "VolumeFailedDelete", err);
    return;
  }
  // The asset is deleted; now the PV object. A failure is retried on the volume's next sync.
  callOrStatus(ctx, { verb: "delete", resource: PVS, name });
}
