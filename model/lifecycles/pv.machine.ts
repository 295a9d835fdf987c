/**
 * The PersistentVolume lifecycle as an XState machine. Top-level states are the API's status.phase
 * (PersistentVolumePhase: Pending, Available, Bound, Released, Failed) plus `gone` (the PV object was deleted).
 *
 * Follows pkg/controller/volume/persistentvolume/pv_controller.go:
 * - syncVolume: a volume without claimRef, or pre-bound to a claim by name only (claimRef without uid), is
 *   Available; bound to a claim that is bound to it, Bound; bound to a claim that no longer exists (or was
 *   replaced by one with another uid), Released, then reclaimVolume runs;
 * - bind (from syncClaim) makes the volume Bound; unbindVolume (the claim got bound to another volume) makes
 *   it Available again;
 * - reclaimVolume by spec.persistentVolumeReclaimPolicy: Retain does nothing (the volume stays Released until an
 *   administrator clears claimRef), Recycle scrubs it (recycleVolumeOperation: VolumeRecycled → unbindVolume →
 *   Available; VolumeFailedRecycle → Failed), Delete deletes the asset and then the PV object
 *   (deleteVolumeOperation: success → gone; VolumeFailedDelete → Failed);
 * - "despite the volume being Failed, the controller will retry recycling/deleting the volume in every
 *   syncVolume() call": Failed is not terminal;
 * - a Released or Failed volume whose claim turns out to exist after all (same uid) and to name it is Bound again:
 *   syncVolume's "all is bound" branch (claim.Spec.VolumeName == volume.Name → updateVolumePhase(VolumeBound))
 *   and syncBoundClaim's bind() do not look at the phase they overwrite. Today's syncVolume double-checks a claim
 *   missing from its cache in the informer and the API server before releasing, so this undoes a release made on
 *   a stale view: the controller of kubernetes#27757 (empty caches after a restart), or another writer of the
 *   phase.
 * A Bound volume cannot be removed: the kubernetes.io/pv-protection finalizer (put on by the
 * StorageObjectInUseProtection admission plug-in) holds its deletion until it is no longer bound
 * (pkg/controller/volume/pvprotection; model/controllers/volume/pvprotection).
 *
 * No side effects; the context is the reclaim policy the guards read.
 */
import { setup } from "xstate";

/** spec.persistentVolumeReclaimPolicy. */
export type ReclaimPolicy = "Retain" | "Delete" | "Recycle";

/** What the guards know about a volume. */
export interface PvGuardContext {
  readonly reclaimPolicy: ReclaimPolicy;
}

/** Events of the PersistentVolume chart. */
export type PvLifecycleEvent =
  /** syncVolume: no claimRef, or pre-bound by name only ("volume is unused"). */
  | { readonly type: "VolumeUnused" }
  /**
   * bind(), or syncVolume finding the volume and its claim bound to each other ("all is bound"): phase Bound,
   * from whatever phase the volume had.
   */
  | { readonly type: "Bind" }
  /** unbindVolume: the claim the volume points to got bound to another volume. */
  | { readonly type: "Unbind" }
  /** syncVolume: the bound claim was deleted (or replaced): the volume is released and reclaimed. */
  | { readonly type: "ClaimDeleted" }
  /** recycleVolumeOperation succeeded (event reason VolumeRecycled). */
  | { readonly type: "VolumeRecycled" }
  /** recycleVolumeOperation failed (event reason VolumeFailedRecycle). */
  | { readonly type: "VolumeFailedRecycle" }
  /** deleteVolumeOperation deleted the storage asset and then the PV object. */
  | { readonly type: "VolumeDeleted" }
  /** deleteVolumeOperation failed (event reason VolumeFailedDelete). */
  | { readonly type: "VolumeFailedDelete" }
  /** A user deleted the PV object (not held by pv-protection: the volume is not Bound). */
  | { readonly type: "Delete" };

/** The PersistentVolume lifecycle machine. */
export const pvMachine = setup({
  types: {
    context: {} as PvGuardContext,
    events: {} as PvLifecycleEvent,
    input: {} as PvGuardContext,
  },
  guards: {
    reclaimRetain: ({ context }) => context.reclaimPolicy === "Retain",
    reclaimRecycle: ({ context }) => context.reclaimPolicy === "Recycle",
    reclaimDelete: ({ context }) => context.reclaimPolicy === "Delete",
  },
}).createMachine({
  id: "persistentvolume",
  context: ({ input }) => ({ ...input }),
  initial: "Pending",
  states: {
    Pending: {
      description: "created; the controller has not synced it yet",
      on: {
        VolumeUnused: { target: "Available" },
        Bind: { target: "Bound" },
        ClaimDeleted: [
          { guard: "reclaimRetain", target: "Released.retained" },
          { guard: "reclaimRecycle", target: "Released.recycling" },
          { target: "Released.deleting" },
        ],
        Delete: { target: "gone" },
      },
    },
    Available: {
      description: "free: not bound to a claim (or pre-bound to one by name)",
      on: {
        Bind: { target: "Bound" },
        // bindVolumeToClaim saved claimRef but the phase update failed, then the claim went away.
        ClaimDeleted: [
          { guard: "reclaimRetain", target: "Released.retained" },
          { guard: "reclaimRecycle", target: "Released.recycling" },
          { target: "Released.deleting" },
        ],
        Delete: { target: "gone" },
      },
    },
    Bound: {
      description: "bound to a claim that is bound to it",
      on: {
        Unbind: { target: "Available" },
        VolumeUnused: { target: "Available" },
        ClaimDeleted: [
          { guard: "reclaimRetain", target: "Released.retained" },
          { guard: "reclaimRecycle", target: "Released.recycling" },
          { target: "Released.deleting" },
        ],
      },
    },
    Released: {
      description: "its claim is gone; the reclaim policy runs",
      initial: "retained",
      states: {
        retained: { description: "Retain: kept, with its data, until an administrator clears claimRef" },
        recycling: {
          description: "Recycle: the recycler pod scrubs the volume",
          on: {
            VolumeRecycled: { target: "#persistentvolume.Available" },
            VolumeFailedRecycle: { target: "#persistentvolume.Failed" },
          },
        },
        deleting: {
          description: "Delete: the storage asset is being deleted",
          on: {
            VolumeDeleted: { target: "#persistentvolume.gone" },
            VolumeFailedDelete: { target: "#persistentvolume.Failed" },
          },
        },
      },
      on: {
        // The claim is found (same uid) and names the volume: the release is undone, whatever the reclaim step
        // (recycleVolumeOperation and deleteVolumeOperation re-check isVolumeReleased and then do nothing).
        Bind: { target: "Bound" },
        VolumeUnused: { target: "Available" },
        Delete: { target: "gone" },
      },
    },
    Failed: {
      description: "reclaim failed; the controller retries on every sync",
      on: {
        VolumeRecycled: { guard: "reclaimRecycle", target: "Available" },
        VolumeDeleted: { guard: "reclaimDelete", target: "gone" },
        // A reclaim that failed for a claim that exists after all: syncVolume ("all is bound") or bind() sets Bound.
        Bind: { target: "Bound" },
        VolumeUnused: { target: "Available" },
        Delete: { target: "gone" },
      },
    },
    gone: { type: "final", description: "the PV object was deleted" },
  },
});

/** Every reclaim policy: the guard inputs coverage and the table tests enumerate. */
export const PV_INPUT_SAMPLES: readonly PvGuardContext[] = [{ reclaimPolicy: "Retain" }, { reclaimPolicy: "Delete" }, { reclaimPolicy: "Recycle" }];

/** One event of each type (no payloads). */
export const PV_EVENT_SAMPLES: readonly PvLifecycleEvent[] = [
  { type: "VolumeUnused" },
  { type: "Bind" },
  { type: "Unbind" },
  { type: "ClaimDeleted" },
  { type: "VolumeRecycled" },
  { type: "VolumeFailedRecycle" },
  { type: "VolumeDeleted" },
  { type: "VolumeFailedDelete" },
  { type: "Delete" },
];
