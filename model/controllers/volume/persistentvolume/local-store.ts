/**
 * The PV controller's own caches, its local memory: `ctrl.volumes` (a persistentVolumeOrderedIndex) and
 * `ctrl.claims`. Follows pkg/controller/volume/persistentvolume/pv_controller_base.go (storeObjectUpdate,
 * initializeCaches) and index.go.
 *
 * Why a second cache besides the informers' (pv_controller.go): binding writes four objects (volume spec, volume
 * status, claim spec, claim status). The controller puts each object it saved into these caches at once (it
 * "assumes" its own writes), so the next sync does not act on the informer's older copy — which would try to
 * bind the objects again and, worse, let a second claim pick a volume the first one already took. An update
 * from the informer replaces a cached object only when it is not older (resourceVersion), so a late watch event
 * cannot roll back what the controller wrote.
 *
 * Indexes (the model's persistentVolumeOrderedIndex, ordered so that findBestMatchForClaim does not scan every
 * volume): `free` holds the volumes with no claimRef by access modes, class and size; `byClaim` the volumes whose
 * claimRef names a claim; `modeSets` counts the access-mode sets present (ListIndexFuncValues).
 */
import type { KObject } from "../../../objects/types.ts";
import { metaNamespaceKey } from "../../../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeFrom, btreeGet, btreeRange, btreeSet, type BTree } from "../../../collections/btree.ts";
import { accessModesKey, claimRefOf, claimrefToClaimKey, quantityBytes, volumeCapacity, volumeClass } from "./helpers.ts";

/** The PV controller's local memory (lost on restart). */
export interface PvControllerMemory {
  /** ctrl.volumes.store: volumes by name. */
  readonly volumes: BTree<KObject>;
  /** ctrl.claims: claims by namespace/name. */
  readonly claims: BTree<KObject>;
  /** Volumes without claimRef: `modes \0 class \0 bytes(20 digits) \0 name` → name. */
  readonly free: BTree<string>;
  /** Volumes with a claimRef: `claimNamespace/claimName \0 name` → name. */
  readonly byClaim: BTree<string>;
  /** Access-mode set key → number of cached volumes with exactly those modes. */
  readonly modeSets: Readonly<Record<string, number>>;
  /** initializeCaches has run since the (re)start. */
  readonly initialized: boolean;
}

/** The memory of a fresh (or restarted) controller: empty caches, not initialized yet. */
export const emptyPvControllerMemory = (): PvControllerMemory => ({
  volumes: btreeEmpty(),
  claims: btreeEmpty(),
  free: btreeEmpty(),
  byClaim: btreeEmpty(),
  modeSets: {},
  initialized: false,
});

const SEP = "\0";
const BYTES_WIDTH = 20;

/** The access-mode set key of a volume (its persistentVolumeOrderedIndex bucket). */
export const volumeModesKey = (v: KObject): string => accessModesKey(v.spec?.accessModes ?? []);

/** The padded size field of a `free` key: sizes sort as numbers. */
export const bytesKey = (b: bigint): string => (b < 0n ? 0n : b).toString().padStart(BYTES_WIDTH, "0");

/** The `free` prefix of one access-mode set and class. */
export const freePrefix = (modes: string, cls: string): string => `${modes}${SEP}${cls}${SEP}`;

const freeKey = (v: KObject): string => `${freePrefix(volumeModesKey(v), volumeClass(v))}${bytesKey(quantityBytes(volumeCapacity(v)))}${SEP}${v.metadata.name}`;

/** The `byClaim` prefix of a claim key ("ns/name"). */
export const byClaimPrefix = (claimKey: string): string => `${claimKey}${SEP}`;

function unindexVolume(m: PvControllerMemory, v: KObject): PvControllerMemory {
  const ref = claimRefOf(v);
  const modes = volumeModesKey(v);
  const n = (m.modeSets[modes] ?? 1) - 1;
  const { [modes]: _gone, ...rest } = m.modeSets;
  return {
    ...m,
    free: ref ? m.free : btreeDelete(m.free, freeKey(v)),
    byClaim: ref ? btreeDelete(m.byClaim, `${byClaimPrefix(claimrefToClaimKey(ref))}${v.metadata.name}`) : m.byClaim,
    modeSets: n > 0 ? { ...rest, [modes]: n } : rest,
  };
}

function indexVolume(m: PvControllerMemory, v: KObject): PvControllerMemory {
  const ref = claimRefOf(v);
  const modes = volumeModesKey(v);
  return {
    ...m,
    free: ref ? m.free : btreeSet(m.free, freeKey(v), v.metadata.name!),
    byClaim: ref ? btreeSet(m.byClaim, `${byClaimPrefix(claimrefToClaimKey(ref))}${v.metadata.name}`, v.metadata.name!) : m.byClaim,
    modeSets: { ...m.modeSets, [modes]: (m.modeSets[modes] ?? 0) + 1 },
  };
}

const rv = (o: KObject): number => Number(o.metadata.resourceVersion ?? "0");

/**
 * storeObjectUpdate for a volume: stores `v` unless the cache has a newer version (the same version passes: the
 * periodic sync must reach syncVolume). Returns whether it was stored.
 */
export function storeVolumeUpdate(m: PvControllerMemory, v: KObject): { memory: PvControllerMemory; stored: boolean } {
  const old = btreeGet(m.volumes, v.metadata.name!);
  if (old && rv(old) > rv(v)) return { memory: m, stored: false };
  let next = old ? unindexVolume(m, old) : m;
  next = indexVolume({ ...next, volumes: btreeSet(next.volumes, v.metadata.name!, v) }, v);
  return { memory: next, stored: true };
}

/** storeObjectUpdate for a claim. */
export function storeClaimUpdate(m: PvControllerMemory, claim: KObject): { memory: PvControllerMemory; stored: boolean } {
  const key = metaNamespaceKey(claim);
  const old = btreeGet(m.claims, key);
  if (old && rv(old) > rv(claim)) return { memory: m, stored: false };
  return { memory: { ...m, claims: btreeSet(m.claims, key, claim) }, stored: true };
}

/** ctrl.volumes.store.Delete. */
export function deleteVolumeFromStore(m: PvControllerMemory, name: string): PvControllerMemory {
  const old = btreeGet(m.volumes, name);
  if (!old) return m;
  const next = unindexVolume(m, old);
  return { ...next, volumes: btreeDelete(next.volumes, name) };
}

/** ctrl.claims.Delete. */
export function deleteClaimFromStore(m: PvControllerMemory, key: string): PvControllerMemory {
  const claims = btreeDelete(m.claims, key);
  return claims === m.claims ? m : { ...m, claims };
}

/** ctrl.volumes.store.GetByKey. */
export const cachedVolume = (m: PvControllerMemory, name: string): KObject | undefined => btreeGet(m.volumes, name);
/** ctrl.claims.GetByKey. */
export const cachedClaim = (m: PvControllerMemory, key: string): KObject | undefined => btreeGet(m.claims, key);

/**
 * initializeCaches: fills both caches from the informers' (already synced) lists before the workers start, so
 * that the first syncVolume of a bound volume finds its claim. Built in one pass (O(n log n) once per start).
 */
export function initializeCaches(volumes: readonly KObject[], claims: readonly KObject[]): PvControllerMemory {
  let m: PvControllerMemory = { ...emptyPvControllerMemory(), initialized: true };
  for (const v of volumes) m = storeVolumeUpdate(m, v).memory;
  m = { ...m, claims: btreeFrom(claims.map((c) => [metaNamespaceKey(c), c] as const)) };
  return m;
}

/** The names of cached volumes whose claimRef names claim `claimKey` ("ns/name"). */
export function volumesNamingClaim(m: PvControllerMemory, claimKey: string): string[] {
  const p = byClaimPrefix(claimKey);
  const out: string[] = [];
  for (const [k, name] of btreeRange(m.byClaim, p)) {
    if (!k.startsWith(p)) break;
    out.push(name);
  }
  return out;
}
