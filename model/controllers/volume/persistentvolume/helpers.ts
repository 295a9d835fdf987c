/**
 * Pure helpers of the PV controller. Follows k8s.io/component-helpers/storage/volume/pv_helpers.go
 * (IsVolumeBoundToClaim, GetBindVolumeToClaim, CheckAccessModes, CheckVolumeModeMismatches),
 * pkg/apis/core/v1/helper (GetPersistentVolumeClass, GetPersistentVolumeClaimClass) and
 * client-go/tools/reference (GetReference, for claimRef).
 */
import type { KObject } from "../../../objects/types.ts";
import { parseQuantity, type Quantity } from "../../../quantity/index.ts";
import { ANN_BETA_STORAGE_CLASS, ANN_BOUND_BY_CONTROLLER } from "./constants.ts";

/** spec.claimRef of a PersistentVolume (an ObjectReference). */
export interface ClaimRef {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** spec.claimRef of a volume, if any. */
export const claimRefOf = (volume: KObject): ClaimRef | undefined => volume.spec?.claimRef ?? undefined;

/** "namespace/name" of a claim (claimToClaimKey). */
export const claimToClaimKey = (claim: KObject): string => `${claim.metadata.namespace}/${claim.metadata.name}`;

/** "namespace/name" a claimRef points to (claimrefToClaimKey). */
export const claimrefToClaimKey = (ref: ClaimRef): string => `${ref.namespace ?? ""}/${ref.name ?? ""}`;

/** metav1.HasAnnotation. */
export const hasAnnotation = (o: KObject, key: string): boolean => o.metadata.annotations?.[key] !== undefined;

/** A copy of `o` with annotation key=value set. */
export const withAnnotation = (o: KObject, key: string, value: string): KObject => ({
  ...o,
  metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [key]: value } },
});

/** A copy of `o` without annotation `key` (no annotations map when it ends up empty, as unbindVolume does). */
export function withoutAnnotation(o: KObject, key: string): KObject {
  const { [key]: _gone, ...rest } = o.metadata.annotations ?? {};
  const { annotations: _a, ...meta } = o.metadata;
  return { ...o, metadata: Object.keys(rest).length > 0 ? { ...meta, annotations: rest } : meta };
}

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName; "" for no class. */
export function claimClass(claim: KObject): string {
  const ann = claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return claim.spec?.storageClassName ?? "";
}

/** GetPersistentVolumeClass: the beta annotation wins over spec.storageClassName; "" for no class. */
export function volumeClass(volume: KObject): string {
  const ann = volume.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return volume.spec?.storageClassName ?? "";
}

/** A storage quantity, or undefined when absent or not a quantity (validation lets the format through). */
function quantityOf(v: unknown): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    return parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

const ZERO = parseQuantity("0");

/** spec.capacity[storage] of a volume (0 when missing, as Go's zero Quantity). */
export const volumeCapacity = (volume: KObject): Quantity => quantityOf(volume.spec?.capacity?.storage) ?? ZERO;

/** spec.resources.requests[storage] of a claim (0 when missing). */
export const claimRequest = (claim: KObject): Quantity => quantityOf(claim.spec?.resources?.requests?.storage) ?? ZERO;

/** Quantity.Value(): the integer value, rounded up (bytes for storage). */
export const quantityBytes = (q: Quantity): bigint => q.value();

/**
 * IsVolumeBoundToClaim: the volume is pre-bound or bound to this claim. Name and namespace must match; a uid in
 * claimRef must match too (a claimRef without uid is a pre-binding by name).
 */
export function isVolumeBoundToClaim(volume: KObject, claim: KObject): boolean {
  const ref = claimRefOf(volume);
  if (!ref) return false;
  if (claim.metadata.name !== ref.name || claim.metadata.namespace !== ref.namespace) return false;
  if (ref.uid && claim.metadata.uid !== ref.uid) return false;
  return true;
}

/** reference.GetReference(claim): the ObjectReference stored in claimRef. */
export function claimReference(claim: KObject): ClaimRef {
  return {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata.namespace!,
    name: claim.metadata.name!,
    uid: claim.metadata.uid!,
    apiVersion: "v1",
    resourceVersion: claim.metadata.resourceVersion!,
  };
}

/**
 * GetBindVolumeToClaim: the volume bound to the claim (claimRef with the claim's uid, and the bound-by-controller
 * annotation unless the user had pre-bound it), and whether that changed anything.
 */
export function getBindVolumeToClaim(volume: KObject, claim: KObject): { volume: KObject; dirty: boolean } {
  let dirty = false;
  const shouldSetBoundByController = !isVolumeBoundToClaim(volume, claim);
  let clone = volume;
  const ref = claimRefOf(volume);
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
    clone = { ...clone, spec: { ...clone.spec, claimRef: claimReference(claim) } };
    dirty = true;
  }
  if (shouldSetBoundByController && !hasAnnotation(clone, ANN_BOUND_BY_CONTROLLER)) {
    clone = withAnnotation(clone, ANN_BOUND_BY_CONTROLLER, "yes");
    dirty = true;
  }
  return { volume: clone, dirty };
}

/** CheckAccessModes: the volume offers every access mode the claim asks for. */
export function checkAccessModes(claim: KObject, volume: KObject): boolean {
  const offered = new Set<string>(volume.spec?.accessModes ?? []);
  return ((claim.spec?.accessModes ?? []) as string[]).every((m) => offered.has(m));
}

/** CheckVolumeModeMismatches: Filesystem vs Block (a missing volumeMode is Filesystem). */
export function checkVolumeModeMismatches(claim: KObject, volume: KObject): boolean {
  return (claim.spec?.volumeMode ?? "Filesystem") !== (volume.spec?.volumeMode ?? "Filesystem");
}

/** GetAccessModesAsString: the volume's modes as the index key ("RWO,ROX"), in the fixed order Kubernetes uses. */
export function accessModesKey(modes: readonly string[]): string {
  const order: [string, string][] = [
    ["ReadWriteOnce", "RWO"],
    ["ReadOnlyMany", "ROX"],
    ["ReadWriteMany", "RWX"],
    ["ReadWriteOncePod", "RWOP"],
  ];
  const set = new Set(modes);
  return order.filter(([m]) => set.has(m)).map(([, s]) => s).join(",");
}

/** GetAccessModesFromString: the inverse of {@link accessModesKey}. */
export function accessModesFromKey(key: string): string[] {
  const long: Record<string, string> = { RWO: "ReadWriteOnce", ROX: "ReadOnlyMany", RWX: "ReadWriteMany", RWOP: "ReadWriteOncePod" };
  return key === "" ? [] : key.split(",").map((s) => long[s]!);
}
