/**
 * PersistentVolumeClaimResize admission (validating, UPDATE of a claim, not its subresources). Follows
 * plugin/pkg/admission/storage/persistentvolume/resize/admission.go (Validate, allowResize): a claim's storage
 * request may grow only when the claim is Bound and its StorageClass (the same before and after) sets
 * allowVolumeExpansion: true. The model serves no StorageClass (storage.k8s.io), so allowResize is false for every
 * claim, as upstream's is when the class is not found: a Bound claim's growth is refused with the same 403. The
 * validation of the update (validate/core.ts validatePersistentVolumeClaimUpdate) still refuses a shrink first.
 */
import { parseQuantity } from "../../quantity/index.ts";
import { forbidden } from "../status.ts";
import { qualified } from "../common.ts";
import type { AdmissionPlugin } from "./types.ts";
import { storageRequest } from "../validate/core.ts";

export const persistentVolumeClaimResizeAdmission: AdmissionPlugin = {
  name: "PersistentVolumeClaimResize",
  validate(_state, a) {
    if (a.operation !== "UPDATE" || a.subresource || a.resource.group !== "" || a.resource.plural !== "persistentvolumeclaims") return undefined;
    const oldSize = (a.oldObject && storageRequest(a.oldObject)) ?? parseQuantity("0");
    const newSize = (a.object && storageRequest(a.object)) ?? parseQuantity("0");
    if (newSize.cmp(oldSize) <= 0) return undefined;
    if ((a.oldObject?.status as { phase?: string } | undefined)?.phase !== "Bound") {
      return forbidden(qualified(a.resource), a.name, "Only bound persistent volume claims can be expanded");
    }
    // allowResize: no StorageClass is served, so none allows expansion.
    return forbidden(qualified(a.resource), a.name, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
  },
};
