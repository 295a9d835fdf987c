/** The garbage collector's public API. */
export { garbageCollectorBehavior, GARBAGE_COLLECTOR_ID, GARBAGE_COLLECTOR_KIND } from "./behavior.ts";
export { GC_IGNORED_RESOURCES, GC_RESOURCES, GC_SYNC_PERIOD, monitoredResources } from "./monitors.ts";
export type { GcMemory } from "./memory.ts";
export type { Graph, GraphNode, ObjectIdentity } from "./graph.ts";
