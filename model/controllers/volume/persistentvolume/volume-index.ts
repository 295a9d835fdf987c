/**
 * findBestMatchForClaim: the volume a claim should bind to. Follows
 * pkg/controller/volume/persistentvolume/index.go (findByClaim, allPossibleMatchingAccessModes) and
 * k8s.io/component-helpers/storage/volume/pv_helpers.go (FindMatchingVolume):
 * - the access-mode sets present in the cache that contain every mode the claim asks for are tried in order of
 *   size (fewest modes first: the user gets what is closest to what they asked for);
 * - within one set, a volume pre-bound (or bound) to this claim wins if it is big enough;
 * - otherwise the smallest volume that is Available, has no claimRef, has the claim's class, matches the claim's
 *   selector and volume mode, is not being deleted and is at least as big as the request.
 * Go sorts the sets with an unstable sort over a map's keys and scans the volumes of a set in map order; the model
 * breaks those ties by the set's key and by the volume's name, so the choice is deterministic.
 */
import type { KObject } from "../../../objects/types.ts";
import { btreeRange } from "../../../collections/btree.ts";
import { labelSelectorMatches } from "../../../labels/index.ts";
import { accessModesFromKey, checkVolumeModeMismatches, claimClass, claimRefOf, claimRequest, claimToClaimKey, isVolumeBoundToClaim, quantityBytes, volumeCapacity } from "./helpers.ts";
import { bytesKey, cachedVolume, freePrefix, volumeModesKey, volumesNamingClaim, type PvControllerMemory } from "./local-store.ts";

/** allPossibleMatchingAccessModes: the cached access-mode sets that contain every requested mode, fewest first. */
export function allPossibleMatchingAccessModes(m: PvControllerMemory, requested: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of Object.keys(m.modeSets)) {
    const modes = new Set(accessModesFromKey(key));
    if (requested.every((r) => modes.has(r))) out.push(key);
  }
  return out.sort((a, b) => accessModesFromKey(a).length - accessModesFromKey(b).length || (a < b ? -1 : a > b ? 1 : 0));
}

/** The filters FindMatchingVolume applies to every volume before anything else. */
const usable = (claim: KObject, v: KObject): boolean => !checkVolumeModeMismatches(claim, v) && !v.metadata.deletionTimestamp;

function selectorMatches(claim: KObject, v: KObject): boolean {
  if (!claim.spec?.selector) return true;
  try {
    return labelSelectorMatches(claim.spec.selector, v.metadata.labels ?? {});
  } catch {
    return false;
  }
}

/**
 * The best volume for the claim among the controller's cached volumes, or undefined. `delayBinding`
 * (WaitForFirstConsumer classes) leaves unbound volumes to the scheduler; the model has no StorageClass objects,
 * so the controller always passes false.
 */
export function findBestMatchForClaim(m: PvControllerMemory, claim: KObject, delayBinding = false): KObject | undefined {
  const request = claimRequest(claim);
  const sets = allPossibleMatchingAccessModes(m, claim.spec?.accessModes ?? []);
  const named = volumesNamingClaim(m, claimToClaimKey(claim))
    .map((n) => cachedVolume(m, n)!)
    .filter((v) => v !== undefined);
  for (const set of sets) {
    // A volume pre-bound to this claim, in this access-mode set.
    for (const v of named) {
      if (volumeModesKey(v) !== set || !usable(claim, v) || !isVolumeBoundToClaim(v, claim)) continue;
      if (volumeCapacity(v).cmp(request) < 0) continue;
      return v;
    }
    if (delayBinding) continue;
    // The smallest free one: the index is ordered by size, so the first that passes the filters.
    const prefix = freePrefix(set, claimClass(claim));
    for (const [k, name] of btreeRange(m.free, `${prefix}${bytesKey(quantityBytes(request) - 1n)}`)) {
      if (!k.startsWith(prefix)) break;
      const v = cachedVolume(m, name);
      if (!v || !usable(claim, v) || claimRefOf(v)) continue;
      // Volumes not yet Available are skipped: they will be made Available, and binding them now would only
      // meet API conflicts.
      if (v.status?.phase !== "Available") continue;
      if (!selectorMatches(claim, v)) continue;
      if (volumeCapacity(v).cmp(request) >= 0) return v;
    }
  }
  return undefined;
}
