/**
 * The VolumeBinding plugin's PreFilter for Immediate binding, and its queueing hint for PVC events. Follows
 * pkg/scheduler/framework/plugins/volumebinding/volume_binding.go (podHasPVCs, PreFilter,
 * isSchedulableAfterPersistentVolumeClaimChange, EventsToRegister) and binder.go (GetPodVolumeClaims,
 * isPVCFullyBound).
 *
 * A pod that names a claim the scheduler's PVC informer does not have, a Lost claim, a claim being deleted, or
 * a claim not yet bound is UnschedulableAndUnresolvable on every node: binding it to a node would only start a
 * kubelet that waits for the claim, and for Immediate binding the node cannot help (the PV controller binds the
 * claim without looking at nodes). The pod then waits in unschedulablePods until its claim is added or updated.
 *
 * Model choices: every claim is Immediate (the model has no StorageClass volumeBindingMode, so
 * WaitForFirstConsumer and its Filter/Reserve/PreBind steps are not modelled), and a claim counts as bound when
 * spec.volumeName is set and either the binder's pv.kubernetes.io/bind-completed annotation is there (what
 * isPVCFullyBound reads) or status.phase is Bound (a claim bound by hand, as a test binds one).
 */
import type { KObject } from "../objects/types.ts";
import type { FilterStatus } from "./filters.ts";
import { PLUGIN } from "./types.ts";

/** The resource id of the scheduler's PVC informer. */
export const PVCS = "persistentvolumeclaims";

/** The annotation the PV controller sets once it has bound a claim (volume.AnnBindCompleted). */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";

/** ErrReasonBindConflict's sibling for Immediate claims (volume_binding.go PreFilter). */
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

/** Looks a claim up in the scheduler's PVC cache. */
export type ClaimLookup = (namespace: string, name: string) => KObject | undefined;

/** One PVC a pod's volume names: a persistentVolumeClaim, or the claim of a generic ephemeral volume. */
interface PodClaim {
  readonly name: string;
  readonly ephemeral: boolean;
}

/** The claims a pod's volumes name, in volume order (ephemeral.VolumeClaimName for ephemeral volumes). */
export function podClaims(pod: KObject): PodClaim[] {
  const out: PodClaim[] = [];
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName ?? "", ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.metadata.name}-${v.name}`, ephemeral: true });
  }
  return out;
}

/** isPVCFullyBound, with the model's allowance for a claim whose status was set Bound directly. */
export function isClaimBound(pvc: KObject): boolean {
  if (!pvc.spec?.volumeName) return false;
  return pvc.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined || pvc.status?.phase === "Bound";
}

const reject = (reason: string): FilterStatus => ({ plugin: PLUGIN.volumeBinding, code: "UnschedulableAndUnresolvable", reasons: [reason] });

/**
 * VolumeBinding's PreFilter: undefined when the pod names no claim or every claim is bound; otherwise the
 * rejection that applies to every node.
 */
export function volumeBindingPreFilter(pod: KObject, claimOf: ClaimLookup): FilterStatus | undefined {
  const claims = podClaims(pod);
  if (claims.length === 0) return undefined;
  const ns = pod.metadata.namespace ?? "default";
  const found: KObject[] = [];
  // podHasPVCs: the first claim that cannot be used at all ends the check with its own message.
  for (const c of claims) {
    const pvc = claimOf(ns, c.name);
    if (!pvc) {
      return reject(c.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.name}"` : `persistentvolumeclaim "${c.name}" not found`);
    }
    if (pvc.status?.phase === "Lost") return reject(`persistentvolumeclaim "${c.name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ""}"`);
    if (pvc.metadata.deletionTimestamp) return reject(`persistentvolumeclaim "${c.name}" is being deleted`);
    if (c.ephemeral && !(pvc.metadata.ownerReferences ?? []).some((o: any) => o.controller === true && o.uid === pod.metadata.uid)) {
      return reject(`PVC ${ns}/${c.name} was not created for pod ${ns}/${pod.metadata.name} (pod is not owner)`);
    }
    found.push(pvc);
  }
  // GetPodVolumeClaims: an unbound claim of an Immediate class fails the PreFilter.
  if (found.some((pvc) => !isClaimBound(pvc))) return reject(ERR_REASON_UNBOUND_IMMEDIATE);
  return undefined;
}

/**
 * isSchedulableAfterPersistentVolumeClaimChange: a claim added or updated may make a pod schedulable only if the
 * pod is in the claim's namespace and names it.
 */
export function claimChangeMayHelp(pod: KObject, namespace: string, claim: string): boolean {
  if ((pod.metadata.namespace ?? "default") !== namespace) return false;
  return podClaims(pod).some((c) => c.name === claim);
}
