/** Storage invariants (pkg/controller/volume/persistentvolume). */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, objectsUnder } from "./objects.ts";

export const pvBoundOnce: Invariant = {
  id: "pv-bound-to-one-claim",
  description: "a PersistentVolume is bound to at most one claim, and a bound claim's volumeName and its volume's claimRef agree",
  kind: "safety",
  source: "pkg/controller/volume/persistentvolume/pv_controller.go (bind, syncClaim/syncVolume)",
  check(state, prev) {
    if (prev && !eventsSince(state, prev).some((e) => e.kv.key.startsWith("/registry/persistentvolume"))) return [];
    const out: Violation[] = [];
    const claimsByVolume = new Map<string, string[]>();
    const pvs = new Map(objectsUnder(state, "/registry/persistentvolumes/").map((pv) => [pv.metadata.name!, pv]));
    for (const pvc of objectsUnder(state, "/registry/persistentvolumeclaims/")) {
      const vol = pvc.spec?.volumeName;
      if (!vol || pvc.status?.phase !== "Bound") continue;
      const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
      claimsByVolume.set(vol, [...(claimsByVolume.get(vol) ?? []), key]);
      const pv = pvs.get(vol);
      const cr = pv?.spec?.claimRef;
      if (pv && (!cr || cr.namespace !== pvc.metadata.namespace || cr.name !== pvc.metadata.name || (cr.uid && cr.uid !== pvc.metadata.uid))) {
        out.push({ invariant: this.id, objects: [`PersistentVolumeClaim ${key}`, `PersistentVolume ${vol}`], message: `claim ${key} is Bound to ${vol} but the volume's claimRef points to ${cr ? `${cr.namespace}/${cr.name}` : "nothing"}` });
      }
    }
    for (const [vol, claims] of claimsByVolume) {
      if (claims.length > 1) out.push({ invariant: this.id, objects: [`PersistentVolume ${vol}`, ...claims.map((c) => `PersistentVolumeClaim ${c}`)], message: `volume ${vol} is bound to ${claims.length} claims: ${claims.join(", ")}` });
    }
    return out;
  },
};
