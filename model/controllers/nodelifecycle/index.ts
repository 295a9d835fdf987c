/** The node lifecycle controller's public API. */
export { makeNodeLifecycleBehavior, nodeLifecycleBehavior, NODE_LIFECYCLE_ID, NODE_LIFECYCLE_KIND, nodeKey } from "./behavior.ts";
export type { NodeLifecycleOptions } from "./context.ts";
export { computeZoneState, computeZoneStates, getZoneKey, zoneEvictionQPS, DEFAULT_TUNING, type ZoneState, type NodeLifecycleTuning } from "./zones.ts";
export type { NodeLifecycleMemory, NodeHealth, ScheduledEviction } from "./memory.ts";
export {
  NOT_READY_TAINT,
  UNREACHABLE_TAINT,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  getMatchingTolerations,
  getMinTolerationTime,
  toleratesTaint,
  withDefaultTolerations,
  type Taint,
  type Toleration,
} from "./taints.ts";
