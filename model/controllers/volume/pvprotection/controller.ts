/**
 * The PV protection controller (kube-controller-manager's "persistentvolume-protection-controller", alias
 * pv-protection; kind "persistentvolume-protection-controller", id "kube-controller-manager/pv-protection").
 * Follows pkg/controller/volume/pvprotection/pv_protection_controller.go: it takes the kubernetes.io/pv-protection
 * finalizer off a volume that is being deleted once the volume is not Bound (isBeingUsed reads status.phase only,
 * which the PV controller keeps), and puts the finalizer on a volume not being deleted that lacks it.
 *
 * So a `kubectl delete pv` of a Bound volume leaves it Terminating (and Bound: the PersistentVolume chart has no
 * Delete out of Bound) until its claim is deleted and the PV controller releases it; a Released, Available or
 * Failed volume being deleted goes at once (after one sync of this controller). A Released volume with reclaim
 * policy Delete is deleted by the PV controller, whose delete is held the same way until this controller acts.
 */
import type { ComponentBehavior } from "../../../components/behavior.ts";
import type { State } from "../../../state.ts";
import type { ComponentState } from "../../../state.ts";
import type { EffectLog } from "../../../effects.ts";
import type { KObject } from "../../../objects/types.ts";
import { cacheGet } from "../../../informers/cache.ts";
import { send } from "../../../client.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { PV_PROTECTION_FINALIZER, isDeletionCandidate, needToAddFinalizer, withFinalizer, withoutFinalizer } from "../../../objects/storage-protection.ts";

export const PV_PROTECTION_KIND = "persistentvolume-protection-controller";
export const PV_PROTECTION_ID = "kube-controller-manager/pv-protection";

const PVS = "persistentvolumes";

/** isBeingUsed: the volume is bound to a claim, by its status (the PV controller's word). */
export const pvIsBeingUsed = (pv: KObject): boolean => pv.status?.phase === "Bound";

function updateVolume(state: State, c: ComponentState, next: KObject, log: EffectLog): { state: State; requeue?: boolean } {
  const r = send(state, c.id, { verb: "update", resource: PVS, name: next.metadata.name!, object: next }, log);
  return isStatus(r.result) ? { state: r.state, requeue: true } : { state: r.state };
}

export const pvProtectionController: ComponentBehavior<null> = {
  kind: PV_PROTECTION_KIND,
  source: "pkg/controller/volume/pvprotection/pv_protection_controller.go",
  watches: () => [{ resource: PVS }],
  // pvAddedUpdated: add and update events, when there is something to do.
  keysFor(resource, ev) {
    if (resource !== PVS || ev.type === "DELETED") return [];
    const pv = ev.object;
    return needToAddFinalizer(pv, PV_PROTECTION_FINALIZER) || isDeletionCandidate(pv, PV_PROTECTION_FINALIZER) ? [pv.metadata.name!] : [];
  },
  reconcile(state, c, key, log) {
    // processPV
    const pv = cacheGet(c, PVS, key);
    if (!pv) return { state }; // "PV not found, ignoring"
    if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
      if (!pvIsBeingUsed(pv)) return updateVolume(state, c, withoutFinalizer(pv, PV_PROTECTION_FINALIZER), log);
      log.push({ kind: "note", who: c.id, text: `Keeping PV ${key} because it is being used` });
    }
    // PV is not being deleted -> it should have the finalizer (one created before the admission plug-in).
    if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER)) return updateVolume(state, c, withFinalizer(pv, PV_PROTECTION_FINALIZER), log);
    return { state };
  },
  initialMemory: () => null,
};
