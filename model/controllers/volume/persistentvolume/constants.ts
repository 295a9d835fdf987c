/**
 * Names the PersistentVolume controller (the "persistentvolume-binder" of kube-controller-manager) shares with
 * the rest of the model: its kind and id, the annotations it writes, the work-queue keys, and its timings.
 * Follows pkg/controller/volume/persistentvolume/pv_controller.go and
 * k8s.io/component-helpers/storage/volume/pv_helpers.go (the annotation names).
 */

/** ComponentBehavior.kind of the PV controller. */
export const PV_CONTROLLER_KIND = "persistentvolume-binder-controller";
/** Component id in the control plane (kube-controller-manager's "persistentvolume-binder" controller). */
export const PV_CONTROLLER_ID = "kube-controller-manager/persistentvolume-binder";

/** PVC annotation: the claim has passed through binding once (syncBoundClaim from then on). */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
/** PV and PVC annotation: the binding was made by the controller (absent: pre-bound by the user). */
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
/** PV annotation: the volume was dynamically provisioned (by this plugin). */
export const ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
/** Legacy beta annotation naming a claim's or volume's class (before spec.storageClassName). */
export const ANN_BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

/** The PV and PVC resources the controller watches. */
export const PVS = "persistentvolumes";
export const PVCS = "persistentvolumeclaims";

/**
 * kube-controller-manager's --pvclaimbinder-sync-period (15 s): the controller re-syncs every claim and volume
 * this often. It is how a Pending claim finds a volume created after it (a new volume does not wake claims),
 * and how a failed write is retried (the workers do not requeue on error).
 */
export const PV_CLAIM_BINDER_SYNC_PERIOD = 15;

/**
 * How long the model's recycler takes to scrub a volume. Kubernetes runs a recycler pod (busybox `rm -rf` on the
 * volume) and waits for it; the model does the scrub as one action of the controller after this delay.
 */
export const RECYCLER_POD_SECONDS = 5;

/** Work-queue keys. Go has two queues (claims, volumes) and goroutines for reclaim operations; the model has one queue. */
export const volumeQueueKey = (name: string) => `pv/${name}`;
export const claimQueueKey = (claimKey: string) => `pvc/${claimKey}`;
export const recycleOperationKey = (name: string) => `pv-recycle/${name}`;
export const deleteOperationKey = (name: string) => `pv-delete/${name}`;

/** What a work-queue key names. */
export type PvQueueItem =
  | { readonly kind: "volume"; readonly name: string }
  | { readonly kind: "claim"; readonly key: string }
  | { readonly kind: "recycle"; readonly name: string }
  | { readonly kind: "delete"; readonly name: string };

/** Parses a work-queue key (undefined for a key the controller does not make). */
export function parseQueueKey(key: string): PvQueueItem | undefined {
  const i = key.indexOf("/");
  if (i < 0) return undefined;
  const rest = key.slice(i + 1);
  switch (key.slice(0, i)) {
    case "pv":
      return { kind: "volume", name: rest };
    case "pvc":
      return { kind: "claim", key: rest };
    case "pv-recycle":
      return { kind: "recycle", name: rest };
    case "pv-delete":
      return { kind: "delete", name: rest };
    default:
      return undefined;
  }
}
