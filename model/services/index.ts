/** Services in the API server: the ClusterIP and NodePort allocators, their repair loops, and Service helpers. */
export { allocateServiceAddresses, releaseServiceAddresses, serviceAfterDelete, updateServiceAddresses, type AllocationResult } from "./alloc.ts";
export {
  NODE_PORT_BASE,
  NODE_PORT_RANGE_TEXT,
  NODE_PORT_SIZE,
  SERVICE_CIDR,
  SERVICE_IP_RANGE,
  emptyServiceAllocators,
  serviceAllocatorsOf,
  withServiceAllocators,
  type ServiceAllocatorsState,
} from "./allocator-state.ts";
export { NUM_REPAIRS_BEFORE_LEAK_CLEANUP, emptyRepairLeaks, repairServiceAllocators, type RepairLeaks, type RepairOptions, type RepairResult } from "./repair.ts";
export {
  REPAIR_INTERVAL,
  REPAIR_KEY,
  SERVICE_REPAIR_ID,
  SERVICE_REPAIR_KIND,
  makeServiceAllocator,
  makeServiceRepairBehavior,
  serviceRepairBehavior,
  type ServiceAllocator,
  type ServiceRepairBehaviorOptions,
} from "./repair-controller.ts";
export { addressAt, formatIPv4, ipv4Range, offsetInRange, parseIPv4, type IPv4Range } from "./cidr.ts";
export { rangeAllocate, rangeAllocateNext, rangeCount, rangeEmpty, rangeOwner, rangeRelease, rangeUsed, type RangeAllocator } from "./range-allocator.ts";
export * from "./service-helpers.ts";
