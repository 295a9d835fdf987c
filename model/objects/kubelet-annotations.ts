/**
 * The annotations the kubelet puts on the pods it takes from a source other than the API server (static pods)
 * and on their mirror pods: pkg/kubelet/types/pod_update.go (ConfigSourceAnnotationKey, ConfigMirrorAnnotationKey,
 * ConfigHashAnnotationKey).
 */

/** Where the kubelet got a pod: "api", "file" (a static pod manifest) or "http". */
export const CONFIG_SOURCE_ANNOTATION = "kubernetes.io/config.source";
/** On a mirror pod: the hash of the static pod it mirrors. */
export const CONFIG_MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
/** On a static pod: the hash of its manifest (its UID). */
export const CONFIG_HASH_ANNOTATION = "kubernetes.io/config.hash";
