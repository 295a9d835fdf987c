/**
 * Storage invariants: the PersistentVolume binding protocol of pkg/controller/volume/persistentvolume
 * (pv_controller.go). Binding writes, in order, the volume's claimRef, the volume's phase Bound, the claim's
 * volumeName and the claim's phase Bound; so once a claim shows Bound, its volume is reserved for it.
 *
 * The safety checks read only the store events of the last step (O(changes)); the binding check scans the claims
 * only on a step that binds a claim or changes a claimRef.
 */
import type { Invariant, Violation } from "./types.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";
import { storeGet } from "../model/store/store.ts";
import { eventsSince, objectsUnder } from "./objects.ts";

const PV_PREFIX = "/registry/persistentvolumes/";
const PVC_PREFIX = "/registry/persistentvolumeclaims/";

const pvKey = (name: string) => `${PV_PREFIX}${name}`;
const pvcKey = (ns: string, name: string) => `${PVC_PREFIX}${ns}/${name}`;
const claimName = (c: KObject) => `${c.metadata.namespace}/${c.metadata.name}`;
const isBound = (c: KObject | undefined): c is KObject => c?.status?.phase === "Bound";
const volumeOf = (s: State, name: string): KObject | undefined => storeGet(s.store, pvKey(name))?.value;
const claimAt = (s: State, ns: string, name: string): KObject | undefined => storeGet(s.store, pvcKey(ns, name))?.value;

/** Whether a volume's claimRef names another claim than `claim` (by namespace/name, or by uid when it has one). */
function refersElsewhere(volume: KObject, claim: KObject): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  return ref.namespace !== claim.metadata.namespace || ref.name !== claim.metadata.name || (!!ref.uid && ref.uid !== claim.metadata.uid);
}

/**
 * Whether the step bound a claim (a claim that is Bound now and was not, or now names another volume) or changed a
 * volume's claimRef: only such steps can give a volume a second claim.
 */
function bindingChanged(state: State, prev: State): boolean {
  for (const ev of eventsSince(state, prev)) {
    const key = ev.kv.key;
    if (ev.type !== "PUT") continue;
    const now = ev.kv.value as KObject;
    const before = ev.prevKv?.value as KObject | undefined;
    if (key.startsWith(PVC_PREFIX)) {
      if (isBound(now) && (!isBound(before) || before.spec?.volumeName !== now.spec?.volumeName)) return true;
    } else if (key.startsWith(PV_PREFIX)) {
      if (JSON.stringify(now.spec?.claimRef ?? null) !== JSON.stringify(before?.spec?.claimRef ?? null)) return true;
    }
  }
  return false;
}

/**
 * At most one Bound claim per volume, and a Bound claim's volume does not name another claim. A Bound claim whose
 * volume has no claimRef is allowed: syncBoundClaim treats it as "the volume came unbound, or the controller has
 * not seen the updated volume yet" and binds the volume again (the convergence check requires the symmetry).
 */
export const pvBoundOnce: Invariant = {
  id: "pv-bound-to-one-claim",
  description: "a PersistentVolume is bound to at most one claim, and a Bound claim's volume does not point to another claim",
  kind: "safety",
  source: "pkg/controller/volume/persistentvolume/pv_controller.go (bind, syncBoundClaim); openshift/origin#4829, kubernetes PR #16432",
  check(state, prev) {
    if (prev && !bindingChanged(state, prev)) return [];
    const out: Violation[] = [];
    const claimsByVolume = new Map<string, string[]>();
    for (const pvc of objectsUnder(state, PVC_PREFIX)) {
      const vol: string | undefined = pvc.spec?.volumeName;
      if (!vol || !isBound(pvc)) continue;
      const key = claimName(pvc);
      claimsByVolume.set(vol, [...(claimsByVolume.get(vol) ?? []), key]);
      const pv = volumeOf(state, vol);
      if (pv && refersElsewhere(pv, pvc)) {
        const ref = pv.spec.claimRef;
        out.push({ invariant: this.id, objects: [`PersistentVolumeClaim ${key}`, `PersistentVolume ${vol}`], message: `claim ${key} is Bound to ${vol} but the volume's claimRef points to ${ref.namespace}/${ref.name}${ref.uid && ref.uid !== pvc.metadata.uid ? ` (uid ${ref.uid})` : ""}` });
      }
    }
    for (const [vol, claims] of claimsByVolume) {
      if (claims.length > 1) out.push({ invariant: this.id, objects: [`PersistentVolume ${vol}`, ...claims.map((c) => `PersistentVolumeClaim ${c}`)], message: `volume ${vol} is bound to ${claims.length} claims: ${claims.join(", ")}` });
    }
    return out;
  },
};

const lostPhase = (v: KObject | undefined): string | undefined =>
  v === undefined ? "deleted" : v.status?.phase === "Released" || v.status?.phase === "Failed" ? v.status.phase : undefined;

/**
 * No data loss: a volume is not Released, Failed (its reclaim began) or deleted while the claim it is bound to
 * still exists — the claim its claimRef names, with the same uid, still naming the volume — and a Bound claim's
 * volume is none of these. Kubernetes releases a volume only when its claim is gone (or bound to another
 * volume); releasing the volume of a claim the controller merely has not seen yet lets the reclaim policy scrub
 * or delete live data (kubernetes#27757, PR #28002; #48081, #66287). A user deleting a bound volume violates it
 * too: Kubernetes holds such a deletion with the pv-protection finalizer, which the model does not have, so
 * scopes do not delete bound volumes.
 */
export const pvClaimKeepsVolume: Invariant = {
  id: "pv-bound-claim-keeps-volume",
  description: "a PersistentVolume is never Released, Failed or deleted while its bound claim exists, and a Bound claim's volume is never Released, Failed or deleted (no reclaim of live data)",
  kind: "safety",
  source: "pkg/controller/volume/persistentvolume/pv_controller.go (syncVolume, isVolumeReleased); kubernetes#27757, PR #28002, PR #28116, PR #67062",
  check(state, prev) {
    if (!prev) return [];
    const out: Violation[] = [];
    const seen = new Set<string>();
    const report = (claim: KObject, volume: string, what: string) => {
      const k = `${claimName(claim)}|${volume}`;
      if (seen.has(k)) return;
      seen.add(k);
      out.push({ invariant: this.id, objects: [`PersistentVolumeClaim ${claimName(claim)}`, `PersistentVolume ${volume}`], message: `volume ${volume} is ${what} but its claim ${claimName(claim)} (${claim.status?.phase ?? "no phase"}) still exists and is bound to it` });
    };
    for (const ev of eventsSince(state, prev)) {
      const key = ev.kv.key;
      if (key.startsWith(PV_PREFIX)) {
        // A volume was released, failed or deleted: does its claim still exist, bound to it?
        const name = key.slice(PV_PREFIX.length);
        const now = volumeOf(state, name);
        const what = lostPhase(now);
        const ref = (now ?? (ev.prevKv?.value as KObject | undefined))?.spec?.claimRef;
        if (!what || !ref?.name || !ref.uid) continue;
        const claim = claimAt(state, ref.namespace ?? "", ref.name);
        if (claim && claim.metadata.uid === ref.uid && claim.spec?.volumeName === name) report(claim, name, what);
      } else if (key.startsWith(PVC_PREFIX) && ev.type === "PUT") {
        // A claim is Bound (now): is its volume still there?
        const written = ev.kv.value as KObject;
        const claim = claimAt(state, written.metadata.namespace ?? "", written.metadata.name ?? "");
        const vol: string | undefined = claim?.spec?.volumeName;
        if (!isBound(claim) || !vol) continue;
        const what = lostPhase(volumeOf(state, vol));
        if (what) report(claim, vol, what);
      }
    }
    return out;
  },
};

/**
 * Converged binding: every Bound claim and its volume point to each other (volumeName, claimRef with the claim's
 * uid) and both are Bound; every Bound volume's claim exists and is Bound to it.
 */
export const pvBindingsSymmetric: Invariant = {
  id: "pv-bindings-symmetric",
  description: "after settling, every Bound claim's volume is Bound with a claimRef to it (uid included), and every Bound volume's claim is Bound to it",
  kind: "convergence",
  source: "pkg/controller/volume/persistentvolume/pv_controller.go (bind: claimRef and volumeName kept symmetric; syncVolume, syncBoundClaim)",
  check(state) {
    const out: Violation[] = [];
    for (const pvc of objectsUnder(state, PVC_PREFIX)) {
      if (!isBound(pvc)) continue;
      const key = claimName(pvc);
      const vol: string = pvc.spec?.volumeName ?? "";
      const pv = vol ? volumeOf(state, vol) : undefined;
      const ref = pv?.spec?.claimRef;
      if (!pv || !ref || ref.namespace !== pvc.metadata.namespace || ref.name !== pvc.metadata.name || ref.uid !== pvc.metadata.uid || pv.status?.phase !== "Bound") {
        out.push({ invariant: this.id, objects: [`PersistentVolumeClaim ${key}`, ...(vol ? [`PersistentVolume ${vol}`] : [])], message: `claim ${key} is Bound to "${vol}" but ${!pv ? "that volume does not exist" : !ref ? "the volume has no claimRef" : pv.status?.phase !== "Bound" ? `the volume is ${pv.status?.phase}` : `the volume's claimRef is ${ref.namespace}/${ref.name} (uid ${ref.uid ?? "none"})`}` });
      }
    }
    for (const pv of objectsUnder(state, PV_PREFIX)) {
      if (pv.status?.phase !== "Bound") continue;
      const ref = pv.spec?.claimRef;
      const claim = ref?.name ? claimAt(state, ref.namespace ?? "", ref.name) : undefined;
      if (!claim || claim.metadata.uid !== ref.uid || !isBound(claim) || claim.spec?.volumeName !== pv.metadata.name) {
        out.push({ invariant: this.id, objects: [`PersistentVolume ${pv.metadata.name}`], message: `volume ${pv.metadata.name} is Bound but its claim ${ref ? `${ref.namespace}/${ref.name}` : "(none)"} ${!claim || claim.metadata.uid !== ref?.uid ? "does not exist" : `is ${claim.status?.phase} with volumeName "${claim.spec?.volumeName ?? ""}"`}` });
      }
    }
    return out;
  },
};

/**
 * Converged phases: an Available volume is not bound to a claim (no claimRef, or a claimRef without uid: reserved
 * for a claim name). Between bind's claimRef write and its phase write a volume is briefly Available with a
 * uid, so this holds once the controller has settled, not after every step.
 */
export const pvAvailableUnclaimed: Invariant = {
  id: "pv-available-unclaimed",
  description: "after settling, an Available PersistentVolume has no claimRef with a claim uid",
  kind: "convergence",
  source: "pkg/controller/volume/persistentvolume/pv_controller.go (syncVolume: Available only without claimRef or pre-bound by name)",
  check(state) {
    const out: Violation[] = [];
    for (const pv of objectsUnder(state, PV_PREFIX)) {
      const ref = pv.spec?.claimRef;
      if (pv.status?.phase === "Available" && ref?.uid) {
        out.push({ invariant: this.id, objects: [`PersistentVolume ${pv.metadata.name}`], message: `volume ${pv.metadata.name} is Available but bound to claim ${ref.namespace}/${ref.name} (uid ${ref.uid})` });
      }
    }
    return out;
  },
};
