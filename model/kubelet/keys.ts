/**
 * Names the kubelet uses: its work-queue keys, the resources it watches, and its node's name from its id.
 * Pod keys are "namespace/name" (always with a slash); the special keys below have none, so they never collide.
 */
import { KUBELET_KIND, kubeletId } from "../world/kubelet-id.ts";

export { KUBELET_KIND, kubeletId };

/** Queue key of the node heartbeat: Node status, Lease renewal (kubelet_node_status.go, nodelease). */
export const NODE_STATUS_KEY = "node-status";
/** Queue key of HandlePodCleanups (orphaned pods and mirror pods) and of the status manager's retries. */
export const HOUSEKEEPING_KEY = "housekeeping";

/** Resource ids of the kubelet's informers and of the Lease it renews. */
export const PODS = "pods";
/** The Node resource (the kubelet watches its own Node). */
export const NODES = "nodes";
/** The Lease resource (coordination.k8s.io) the kubelet renews. */
export const LEASES = "leases.coordination.k8s.io";
/** The namespace of node Leases (kube-node-lease, created by bootstrap). */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** The node a kubelet component runs on: "kubelet/n1" → "n1". */
export const nodeOfKubelet = (componentId: string): string => componentId.slice("kubelet/".length);

/** Whether a queue key names a pod ("namespace/name") rather than a special key. */
export const isPodKey = (key: string): boolean => key.includes("/");

/** The queue key of a pod. */
export const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;
