/**
 * The kubelet component of a node: its kind and id. A leaf module (it imports nothing), so that the API server
 * (nodes/proxy) can name a node's kubelet without loading add-node.ts, which loads the component registry,
 * which loads the API server.
 */
export const KUBELET_KIND = "kubelet";

/** The id of a node's kubelet component. */
export const kubeletId = (node: string): string => `kubelet/${node}`;
