/**
 * Which pods hold a PersistentVolumeClaim, for the pvc-protection controller. Follows
 * pkg/controller/volume/pvcprotection/pvc_protection_controller.go (podUsesPVC, podIsShutDown, enqueuePVCs),
 * pkg/controller/volume/common/common.go (PodPVCIndexFunc), pkg/volume/util/util.go (IsPodTerminated, notRunning)
 * and k8s.io/component-helpers/storage/ephemeral (VolumeClaimName, VolumeIsForPod).
 *
 * The rule, as upstream has it today: a pod uses a claim when it is SCHEDULED (spec.nodeName set) and one of its
 * volumes names the claim (persistentVolumeClaim.claimName), whatever its phase. A Succeeded or Failed pod still
 * holds the claim until the pod object is gone: its phase says its containers are done, not that the kubelet has
 * unmounted the volume (kubernetes#65552: the controller used to skip terminated pods and let NFS shares be
 * deleted under a pod still unmounting them; PR #123320, which proposed releasing on a terminal phase, was closed
 * for the same reason). An unscheduled pod never holds a claim: the kubelet only sees scheduled pods and will not
 * start one whose claim has a deletionTimestamp (kubelet/pod-volumes.ts "PVC is being deleted"). A generic
 * ephemeral volume's claim (named <pod>-<volume>, owned by the pod) is released as soon as the pod is shut down
 * (deletionTimestamp with grace 0, or force-deleted), which breaks the cycle of a pod finalizer waiting for the
 * claim while the claim waits for the pod.
 */
import type { KObject } from "../../../objects/types.ts";
import type { Indexers } from "../../../informers/indexer.ts";

/** common.PodPVCIndex: the pod informer's index from "namespace/claim" to the pods whose volumes name it. */
export const POD_PVC_INDEX = "pod-pvc-index";

interface PodVolume {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName?: string };
  readonly ephemeral?: unknown;
}

const volumesOf = (pod: KObject): readonly PodVolume[] => (pod.spec?.volumes ?? []) as PodVolume[];

/** ephemeral.VolumeClaimName: the claim a generic ephemeral volume gets. */
export const ephemeralClaimName = (pod: KObject, volume: PodVolume): string => `${pod.metadata.name}-${volume.name}`;

/** ephemeral.VolumeIsForPod: the claim is controlled by this pod (not a same-named claim someone else made). */
const volumeIsForPod = (pod: KObject, pvc: KObject): boolean => (pvc.metadata.ownerReferences ?? []).some((o) => o.controller === true && o.uid === pod.metadata.uid);

/** The claim names a pod's volumes refer to (persistentVolumeClaim and ephemeral), in volume order. */
export function podClaimNames(pod: KObject): string[] {
  const out: string[] = [];
  for (const v of volumesOf(pod)) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName ?? "");
    else if (v.ephemeral) out.push(ephemeralClaimName(pod, v));
  }
  return out;
}

/** PodPVCIndexFunc: "namespace/claim" for every claim the pod's volumes name. */
export const podPvcIndexers: Indexers = {
  [POD_PVC_INDEX]: (pod) => [...new Set(podClaimNames(pod).map((c) => `${pod.metadata.namespace}/${c}`))],
};

/**
 * podIsShutDown: the kubelet is done with the pod (it asked for deletion with grace 0 once its volumes were
 * unpublished) or the pod was force-deleted; it is only waiting for garbage collection.
 */
export const podIsShutDown = (pod: KObject): boolean => pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionGracePeriodSeconds === 0;

/** notRunning: every status is terminated or waiting (or there is none). */
const notRunning = (statuses: readonly any[] | undefined): boolean => (statuses ?? []).every((s) => s?.state?.terminated !== undefined || s?.state?.waiting !== undefined);

/** volumeutil.IsPodTerminated: Failed or Succeeded, or being deleted with no container running. */
export function isPodTerminated(pod: KObject): boolean {
  const st = pod.status ?? {};
  if (st.phase === "Failed" || st.phase === "Succeeded") return true;
  return pod.metadata.deletionTimestamp !== undefined && notRunning(st.initContainerStatuses) && notRunning(st.containerStatuses) && notRunning(st.ephemeralContainerStatuses);
}

/** podUsesPVC: whether this pod holds this claim (see the file comment for the rule). */
export function podUsesPVC(pod: KObject, pvc: KObject): boolean {
  // Check whether pvc is used by pod only if pod is scheduled, because kubelet sees pods after they have been
  // scheduled and it won't allow starting a pod referencing a PVC with a non-nil deletionTimestamp.
  if (!pod.spec?.nodeName) return false;
  if (pod.metadata.namespace !== pvc.metadata.namespace) return false;
  const name = pvc.metadata.name;
  return volumesOf(pod).some(
    (v) => (v.persistentVolumeClaim !== undefined && v.persistentVolumeClaim.claimName === name) || (!podIsShutDown(pod) && v.ephemeral !== undefined && ephemeralClaimName(pod, v) === name && volumeIsForPod(pod, pvc)),
  );
}

/**
 * enqueuePVCs: the claim keys a pod event gives the controller. A pod that can help remove a finalizer is one
 * deleted, terminated, or not scheduled; the event of any other pod (running, holding its claims) is filtered out.
 */
export function claimKeysOfPodEvent(pod: KObject, deleted: boolean): string[] {
  if (!deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return [];
  return podClaimNames(pod).map((c) => `${pod.metadata.namespace}/${c}`);
}
