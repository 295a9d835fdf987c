/**
 * StorageObjectInUseProtection admission. Follows
 * plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go: on CREATE only (admission.NewHandler(
 * admission.Create)), a PersistentVolumeClaim gets the kubernetes.io/pvc-protection finalizer and a
 * PersistentVolume kubernetes.io/pv-protection, appended unless already there; subresources are left alone. The
 * finalizer holds a `kubectl delete` of the object (deletionTimestamp set, the object stays, "Terminating")
 * until the pvc-protection controller sees no pod using the claim, or the pv-protection controller sees the
 * volume no longer Bound (controllers/volume/pvcprotection, pvprotection). The VolumeAttributesClass branch is
 * not modelled (the model serves no storage.k8s.io resources).
 */
import { PVC_PROTECTION_FINALIZER, PV_PROTECTION_FINALIZER, withFinalizer } from "../../objects/storage-protection.ts";
import type { AdmissionPlugin } from "./types.ts";

/** The finalizer a created object of this resource gets (core group only), or undefined. */
function finalizerFor(group: string, plural: string): string | undefined {
  if (group !== "") return undefined;
  if (plural === "persistentvolumeclaims") return PVC_PROTECTION_FINALIZER;
  if (plural === "persistentvolumes") return PV_PROTECTION_FINALIZER;
  return undefined;
}

export const storageObjectInUseProtectionAdmission: AdmissionPlugin = {
  name: "StorageObjectInUseProtection",
  admit(_state, a) {
    if (a.operation !== "CREATE" || a.subresource || !a.object) return undefined;
    const finalizer = finalizerFor(a.resource.group, a.resource.plural);
    if (!finalizer) return undefined;
    // "Finalizer is already present, nothing to do".
    if ((a.object.metadata.finalizers ?? []).includes(finalizer)) return undefined;
    return withFinalizer(a.object, finalizer);
  },
};
