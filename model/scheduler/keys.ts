/**
 * Work-queue keys of the scheduler. Pod keys ("namespace/name") are scheduling work (activeQ). The other keys
 * carry what kube-scheduler's informer event handlers do at once: update the cache for a node or a pod,
 * expire an assumed pod, and move the pods a PersistentVolumeClaim change may help. They start with "~", which no namespace can, and every reconcile first takes all of
 * them out of the queue and applies them, so a scheduling decision always sees the cache as its informers
 * deliver it (no extra lag from the queue's order).
 */

export const POD_EVENT_PREFIX = "~pod:";
export const NODE_EVENT_PREFIX = "~node:";
export const EXPIRE_PREFIX = "~expire:";
/** A PersistentVolumeClaim was added or updated (VolumeBinding's PVC event). */
export const PVC_EVENT_PREFIX = "~pvc:";
/** The periodic flushUnschedulablePodsLeftover. */
export const FLUSH_UNSCHEDULABLE_KEY = "~flush-unschedulable";

/** The cache-event prefixes, in the order a reconcile applies them (nodes before the pods placed on them). */
export const CACHE_EVENT_PREFIXES = [NODE_EVENT_PREFIX, POD_EVENT_PREFIX, EXPIRE_PREFIX, PVC_EVENT_PREFIX] as const;

export const podEventKey = (podKey: string) => POD_EVENT_PREFIX + podKey;
export const nodeEventKey = (node: string) => NODE_EVENT_PREFIX + node;
export const expireKey = (podKey: string) => EXPIRE_PREFIX + podKey;
export const pvcEventKey = (claimKey: string) => PVC_EVENT_PREFIX + claimKey;

/** Whether a key is scheduler bookkeeping rather than a pod to schedule. */
export const isInternalKey = (key: string): boolean => key.startsWith("~");

/** Whether a key is a cache event (node, pod or expiry). */
export const isCacheEventKey = (key: string): boolean => CACHE_EVENT_PREFIXES.some((p) => key.startsWith(p));
