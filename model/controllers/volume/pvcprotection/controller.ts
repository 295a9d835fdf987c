/**
 * The PVC protection controller (kube-controller-manager's "persistentvolumeclaim-protection-controller", alias
 * pvc-protection; kind "persistentvolumeclaim-protection-controller", id "kube-controller-manager/pvc-protection").
 * Follows pkg/controller/volume/pvcprotection/pvc_protection_controller.go: it takes the kubernetes.io/pvc-protection
 * finalizer off a claim that is being deleted once no pod uses it (pod-uses-pvc.ts says what "uses" means), and
 * puts the finalizer on a claim that is not being deleted and lacks it (one created before the
 * StorageObjectInUseProtection admission plug-in was enabled, or with the plug-in off).
 *
 * Event handlers (pvcAddedUpdated, podAddedDeletedUpdated): a claim add or update is queued when it needs the
 * finalizer added or is a deletion candidate; a pod event queues the claims of a pod that can free them (deleted,
 * terminated or unscheduled), and an update whose old pod has another uid (a delete and re-create seen as one
 * update, kubernetes#80475) queues the old pod's claims as if it were deleted.
 *
 * Model choice: Go's main worker batches the queued claims by namespace and shares one "lazy" live pod list among
 * a batch (LazyLivePodList, refreshed per batch); the model's worker takes one claim at a time, so each sync that
 * reaches the live list lists the namespace afresh. A fresher list only sees more of the truth, never less.
 */
import type { ComponentBehavior } from "../../../components/behavior.ts";
import type { ComponentState, State } from "../../../state.ts";
import type { EffectLog } from "../../../effects.ts";
import type { KObject } from "../../../objects/types.ts";
import { metaNamespaceKey } from "../../../objects/types.ts";
import { cacheByIndex, cacheGet } from "../../../informers/cache.ts";
import { itemsOf, send } from "../../../client.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { PVC_PROTECTION_FINALIZER, isDeletionCandidate, needToAddFinalizer, withFinalizer, withoutFinalizer } from "../../../objects/storage-protection.ts";
import { POD_PVC_INDEX, claimKeysOfPodEvent, podPvcIndexers, podUsesPVC } from "./pod-uses-pvc.ts";

export const PVC_PROTECTION_KIND = "persistentvolumeclaim-protection-controller";
export const PVC_PROTECTION_ID = "kube-controller-manager/pvc-protection";

const PVCS = "persistentvolumeclaims";
const PODS = "pods";

/** askInformer: a pod in the informer's cache (by the claim index) uses the claim. */
function informerSaysUsed(c: ComponentState, pvc: KObject): boolean {
  return cacheByIndex(c, PODS, POD_PVC_INDEX, metaNamespaceKey(pvc)).some((pod) => podUsesPVC(pod, pvc));
}

/** isBeingUsed: the informer first, then a live list of the namespace's pods; an error when the list fails. */
function isBeingUsed(state: State, c: ComponentState, pvc: KObject, log: EffectLog): { state: State; used: boolean } | { state: State; error: string } {
  // Look for a Pod using pvc in the Informer's cache. If one is found the correct decision to keep pvc is
  // taken without doing an expensive live list.
  if (informerSaysUsed(c, pvc)) return { state, used: true };
  // Even if no Pod using pvc was found in the Informer's cache it doesn't mean such a Pod doesn't exist: it might
  // just not be in the cache yet. To be 100% confident that it is safe to delete pvc make sure no Pod is using it
  // among those returned by a live list. (The race: a pod naming the claim is created and scheduled, and the
  // kubelet mounts the volume, before the controller's pod informer has delivered it; the kubelet only refuses a
  // claim that already has a deletionTimestamp, so a pod admitted just before the delete is invisible to the
  // cache alone, and removing the finalizer on the cache's word would delete a volume in use.)
  const r = send(state, c.id, { verb: "list", resource: PODS, namespace: pvc.metadata.namespace! }, log);
  if (isStatus(r.result)) return { state: r.state, error: `live list of pods failed: ${r.result.message}` };
  return { state: r.state, used: itemsOf(r.result).some((pod) => podUsesPVC(pod, pvc)) };
}

/** An update of the claim to `next` (addFinalizer, removeFinalizer); a refusal (Conflict, NotFound...) is an error. */
function updateClaim(state: State, c: ComponentState, next: KObject, log: EffectLog): { state: State; requeue?: boolean } {
  const r = send(state, c.id, { verb: "update", resource: PVCS, namespace: next.metadata.namespace!, name: next.metadata.name!, object: next }, log);
  return isStatus(r.result) ? { state: r.state, requeue: true } : { state: r.state };
}

export const pvcProtectionController: ComponentBehavior<null> = {
  kind: PVC_PROTECTION_KIND,
  source: "pkg/controller/volume/pvcprotection/pvc_protection_controller.go",
  watches: () => [{ resource: PVCS }, { resource: PODS }],
  indexers: { [PODS]: podPvcIndexers },
  keysFor(resource, ev) {
    if (resource === PVCS) {
      if (ev.type === "DELETED") return [];
      const pvc = ev.object;
      return needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER) ? [metaNamespaceKey(pvc)] : [];
    }
    if (resource !== PODS) return [];
    const keys = claimKeysOfPodEvent(ev.object, ev.type === "DELETED");
    // An update notification might mask the deletion of a pod X and the following creation of a pod Y with the
    // same namespaced name as X: X's claims are processed as well, or one not referenced by Y is never freed.
    const old = ev.type === "MODIFIED" ? ev.oldObject : undefined;
    if (old && old.metadata.uid !== ev.object.metadata.uid) keys.push(...claimKeysOfPodEvent(old, true));
    return keys;
  },
  reconcile(state, c, key, log) {
    // processPVC
    const pvc = cacheGet(c, PVCS, key);
    if (!pvc) return { state }; // "PVC not found, ignoring"
    if (isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) {
      // PVC should be deleted. Check if it's used and remove finalizer if it's not.
      const u = isBeingUsed(state, c, pvc, log);
      if ("error" in u) {
        log.push({ kind: "note", who: c.id, text: `PVC ${key} failed with: ${u.error}` });
        return { state: u.state, requeue: true };
      }
      if (!u.used) return updateClaim(u.state, c, withoutFinalizer(pvc, PVC_PROTECTION_FINALIZER), log);
      log.push({ kind: "note", who: c.id, text: `Keeping PVC ${key} because it is being used` });
      state = u.state;
    }
    // PVC is not being deleted -> it should have the finalizer (one created before the admission plug-in).
    if (needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER)) return updateClaim(state, c, withFinalizer(pvc, PVC_PROTECTION_FINALIZER), log);
    return { state };
  },
  initialMemory: () => null,
};
