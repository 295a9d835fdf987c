/**
 * The storage-object-in-use protection finalizers and the two predicates every protection controller asks of an
 * object. The StorageObjectInUseProtection admission plug-in (apiserver/admission) puts the finalizers on new
 * claims and volumes; the pvc-protection and pv-protection controllers (controllers/volume/) take them off once
 * nothing uses the object. The names follow pkg/volume/util/finalizer.go (PVCProtectionFinalizer,
 * PVProtectionFinalizer); the predicates pkg/controller/volume/protectionutil/utils.go.
 */
import type { KObject } from "./types.ts";

/** volumeutil.PVCProtectionFinalizer: a claim is not removed while a pod uses it. */
export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
/** volumeutil.PVProtectionFinalizer: a volume is not removed while it is Bound. */
export const PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

const hasFinalizer = (obj: KObject, finalizer: string): boolean => (obj.metadata.finalizers ?? []).includes(finalizer);

/** protectionutil.IsDeletionCandidate: being deleted and still holding the finalizer (the controller's to take off). */
export const isDeletionCandidate = (obj: KObject, finalizer: string): boolean => obj.metadata.deletionTimestamp !== undefined && hasFinalizer(obj, finalizer);

/** protectionutil.NeedToAddFinalizer: not being deleted and without the finalizer (an object from before the plug-in). */
export const needToAddFinalizer = (obj: KObject, finalizer: string): boolean => obj.metadata.deletionTimestamp === undefined && !hasFinalizer(obj, finalizer);

/** The object with `finalizer` appended (addFinalizer's append). */
export const withFinalizer = (obj: KObject, finalizer: string): KObject => ({ ...obj, metadata: { ...obj.metadata, finalizers: [...(obj.metadata.finalizers ?? []), finalizer] } });

/** The object without `finalizer` (slice.RemoveString; an emptied list is dropped, as Go's nil). */
export function withoutFinalizer(obj: KObject, finalizer: string): KObject {
  const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _drop, ...meta } = obj.metadata;
  return { ...obj, metadata: rest.length > 0 ? { ...meta, finalizers: rest } : meta };
}
