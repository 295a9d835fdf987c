/** The kubelet and its container runtime: the behaviour, its world handlers and the helpers invariants use. */
export { kubeletBehavior } from "./behavior.ts";
export { KUBELET_WORLD_HANDLERS } from "./world-handlers.ts";
export { runningPodsOn, type RunningPod } from "../world/running-pods.ts";
export { HOUSEKEEPING_KEY, KUBELET_KIND, NODE_STATUS_KEY, kubeletId } from "./keys.ts";
export { CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX } from "./backoff.ts";
export { CONFIG_MIRROR_ANNOTATION, CONFIG_HASH_ANNOTATION, isMirrorPod, staticPodObject } from "../world/static-pods.ts";
export { getPhase, getPodPhase, type PodPhase } from "./pod-phase.ts";
