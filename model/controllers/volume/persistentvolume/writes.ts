/**
 * The PV controller's writes. Follows pkg/controller/volume/persistentvolume/pv_controller.go (updateClaimStatus,
 * updateClaimStatusWithEvent, updateVolumePhase, updateVolumePhaseWithEvent, bindVolumeToClaim,
 * updateBindVolumeToClaim, bindClaimToVolume, bind, unbindVolume). Each is one API request, as in Go, and each
 * object saved goes into the local cache at once (storeVolumeUpdate / storeClaimUpdate): the next sync must not
 * act on the informer's older copy.
 *
 * A volume's phase changes only through the PersistentVolume chart (model/lifecycles/pv.machine.ts): a phase
 * change that is not an edge of the chart is not written and ends the sync.
 */
import type { KObject } from "../../../objects/types.ts";
import { admitPhaseChange } from "../../../lifecycles/phases.ts";
import { jsonEqual } from "../../../apiserver/common.ts";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, PVCS, PVS } from "./constants.ts";
import { call, event, PvSyncError, type PvSyncContext } from "./context.ts";
import { claimRefOf, getBindVolumeToClaim, hasAnnotation, withAnnotation, withoutAnnotation } from "./helpers.ts";
import { storeClaimUpdate, storeVolumeUpdate } from "./local-store.ts";

/** PersistentVolumePhase. */
export type VolumePhase = "Pending" | "Available" | "Bound" | "Released" | "Failed";
/** PersistentVolumeClaimPhase. */
export type ClaimPhase = "Pending" | "Bound" | "Lost";

function assumeVolume(ctx: PvSyncContext, v: KObject): void {
  ctx.memory = storeVolumeUpdate(ctx.memory, v).memory;
}

function assumeClaim(ctx: PvSyncContext, claim: KObject): void {
  ctx.memory = storeClaimUpdate(ctx.memory, claim).memory;
}

/** updateVolumePhase: saves status.phase (and message) when it changes; the chart must allow the change. */
export function updateVolumePhase(ctx: PvSyncContext, volume: KObject, phase: VolumePhase, message = ""): KObject {
  const from: VolumePhase | undefined = volume.status?.phase;
  if (from === phase) return volume;
  if (admitPhaseChange("persistentvolume", from, phase) !== phase) {
    throw new PvSyncError(`PersistentVolume ${volume.metadata.name}: phase ${from} → ${phase} is not an edge of the PersistentVolume chart`);
  }
  const status = { ...(volume.status ?? {}), phase };
  if (message) status.message = message;
  else delete status.message;
  const saved = call(ctx, { verb: "update", resource: PVS, name: volume.metadata.name!, subresource: "status", object: { ...volume, status } });
  assumeVolume(ctx, saved);
  return saved;
}

/** updateVolumePhaseWithEvent: the phase change, and an event only when the phase actually changed. */
export function updateVolumePhaseWithEvent(ctx: PvSyncContext, volume: KObject, phase: VolumePhase, type: "Normal" | "Warning", reason: string, message: string): KObject {
  if (volume.status?.phase === phase) return volume;
  const saved = updateVolumePhase(ctx, volume, phase, message);
  event(ctx, saved, { type, reason, message });
  return saved;
}

/**
 * updateClaimStatus: saves the claim's phase, and the access modes and capacity of its volume (reset without a
 * volume). Capacity is copied only when the claim becomes Bound: a discrepancy later is intentional (resize).
 */
export function updateClaimStatus(ctx: PvSyncContext, claim: KObject, phase: ClaimPhase, volume: KObject | undefined): KObject {
  const old = claim.status ?? {};
  const status: Record<string, unknown> = { ...old };
  let dirty = false;
  if (old.phase !== phase) {
    status.phase = phase;
    dirty = true;
  }
  if (!volume) {
    if (old.accessModes !== undefined) {
      delete status.accessModes;
      dirty = true;
    }
    if (old.capacity !== undefined) {
      delete status.capacity;
      dirty = true;
    }
  } else {
    if (!jsonEqual(old.accessModes, volume.spec?.accessModes)) {
      status.accessModes = volume.spec?.accessModes;
      dirty = true;
    }
    if (old.phase !== phase) {
      const cap = volume.spec?.capacity?.storage;
      if (cap === undefined) throw new PvSyncError(`PersistentVolume "${volume.metadata.name}" is without a storage capacity`);
      if (old.capacity?.storage !== cap) {
        status.capacity = volume.spec.capacity;
        dirty = true;
      }
    }
  }
  if (!dirty) return claim;
  const saved = call(ctx, { verb: "update", resource: PVCS, namespace: claim.metadata.namespace!, name: claim.metadata.name!, subresource: "status", object: { ...claim, status } });
  assumeClaim(ctx, saved);
  return saved;
}

/** updateClaimStatusWithEvent: the status change, and an event only when the phase actually changed. */
export function updateClaimStatusWithEvent(ctx: PvSyncContext, claim: KObject, phase: ClaimPhase, volume: KObject | undefined, type: "Normal" | "Warning", reason: string, message: string): KObject {
  if (claim.status?.phase === phase) return claim;
  const saved = updateClaimStatus(ctx, claim, phase, volume);
  event(ctx, saved, { type, reason, message });
  return saved;
}

/**
 * bindVolumeToClaim: saves the volume's claimRef (with the claim's uid) and the bound-by-controller annotation.
 * The update carries the resourceVersion the controller read: if another sync bound the volume meanwhile, the
 * API server answers 409 and this claim does not get it.
 */
export function bindVolumeToClaim(ctx: PvSyncContext, volume: KObject, claim: KObject): KObject {
  const { volume: clone, dirty } = getBindVolumeToClaim(volume, claim);
  if (!dirty) return volume;
  const saved = call(ctx, { verb: "update", resource: PVS, name: volume.metadata.name!, object: clone });
  assumeVolume(ctx, saved);
  return saved;
}

/** bindClaimToVolume: saves the claim's spec.volumeName and the bound-by-controller and bind-completed annotations. */
export function bindClaimToVolume(ctx: PvSyncContext, claim: KObject, volume: KObject): KObject {
  let clone = claim;
  let dirty = false;
  if (volume.metadata.name !== claim.spec?.volumeName) {
    clone = { ...clone, spec: { ...clone.spec, volumeName: volume.metadata.name } };
    if (!hasAnnotation(clone, ANN_BOUND_BY_CONTROLLER)) clone = withAnnotation(clone, ANN_BOUND_BY_CONTROLLER, "yes");
    dirty = true;
  }
  if (!hasAnnotation(clone, ANN_BIND_COMPLETED)) {
    clone = withAnnotation(clone, ANN_BIND_COMPLETED, "yes");
    dirty = true;
  }
  if (!dirty) return claim;
  const saved = call(ctx, { verb: "update", resource: PVCS, namespace: claim.metadata.namespace!, name: claim.metadata.name!, object: clone });
  assumeClaim(ctx, saved);
  return saved;
}

const claimSideBound = (claim: KObject, volume: KObject): boolean =>
  claim.spec?.volumeName === volume.metadata.name && hasAnnotation(claim, ANN_BIND_COMPLETED) && claim.status?.phase === "Bound";

/**
 * bind: binds the volume and the claim, volume first: (1) volume claimRef, (2) volume phase Bound, (3) claim
 * volumeName, (4) claim phase Bound. It stops at the first error; the next sync finishes the binding from where
 * the objects are (every step is a no-op when already done).
 *
 * The bug-zoo variant (`bindVolumeFirst: false`) is the binder before PR #16432: the claim's side is saved first,
 * from the volume index, and the volume's claimRef only by a later sync of the now Bound claim.
 */
export function bind(ctx: PvSyncContext, volume: KObject, claim: KObject): void {
  if (!ctx.opts.bindVolumeFirst) {
    if (!claimSideBound(claim, volume)) {
      const c = bindClaimToVolume(ctx, claim, volume);
      updateClaimStatus(ctx, c, "Bound", volume);
      return;
    }
    const v = bindVolumeToClaim(ctx, volume, claim);
    updateVolumePhase(ctx, v, "Bound");
    return;
  }
  let v = bindVolumeToClaim(ctx, volume, claim);
  v = updateVolumePhase(ctx, v, "Bound");
  const c = bindClaimToVolume(ctx, claim, v);
  updateClaimStatus(ctx, c, "Bound", v);
}

/**
 * unbindVolume: rolls a binding back. A volume the controller bound loses its claimRef and annotation; one the
 * user pre-bound keeps its claimRef without the uid (still reserved for that claim name). Then phase Available.
 */
export function unbindVolume(ctx: PvSyncContext, volume: KObject): void {
  let clone: KObject;
  if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
    const { claimRef: _gone, ...spec } = volume.spec ?? {};
    clone = withoutAnnotation({ ...volume, spec }, ANN_BOUND_BY_CONTROLLER);
  } else {
    const { uid: _uid, ...ref } = claimRefOf(volume) ?? {};
    clone = { ...volume, spec: { ...volume.spec, claimRef: ref } };
  }
  const saved = call(ctx, { verb: "update", resource: PVS, name: volume.metadata.name!, object: clone });
  assumeVolume(ctx, saved);
  updateVolumePhase(ctx, saved, "Available");
}
