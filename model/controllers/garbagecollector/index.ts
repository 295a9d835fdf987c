/** The garbage collector's public API. */
export { garbageCollectorBehavior, GARBAGE_COLLECTOR_ID, GARBAGE_COLLECTOR_KIND, GC_RESOURCES } from "./behavior.ts";
export type { GcMemory } from "./memory.ts";
export type { Graph, GraphNode, ObjectIdentity } from "./graph.ts";
