/**
 * The repair loops as a component of kube-apiserver (kind "service-allocator-repair", id
 * {@link SERVICE_REPAIR_ID}), and the allocator as one value with its repair behaviour, for the bug zoo.
 *
 * Kubernetes runs the ClusterIP and NodePort repair loops inside kube-apiserver (pkg/controlplane/controller:
 * RunOnce at start, then every 3 minutes). The model runs them as one component whose Service list is its own
 * informer cache: the cache can lag like the weakly consistent list the loops read, which is what makes a freshly
 * allocated value look leaked. The loops write the allocators directly, as kube-apiserver writes its
 * RangeAllocation objects without going through the Service API.
 */
import type { ComponentBehavior } from "../components/behavior.ts";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { cacheList } from "../informers/cache.ts";
import { enqueueAfter } from "../informers/enqueue-after.ts";
import { queueAdd } from "../informers/workqueue.ts";
import { updateComponent } from "../components/update.ts";
import { serviceAllocatorsOf, withServiceAllocators } from "../apiserver/service/allocator-state.ts";
import { emptyRepairLeaks, repairServiceAllocators, type RepairLeaks, type RepairOptions } from "../apiserver/service/repair.ts";
import { allocateServiceAddresses, releaseServiceAddresses, serviceAfterDelete, updateServiceAddresses, type AllocationResult } from "../apiserver/service/alloc.ts";

export const SERVICE_REPAIR_KIND = "service-allocator-repair";
export const SERVICE_REPAIR_ID = "kube-apiserver/service-allocator-repair";
/** The work-queue key of one repair run. */
export const REPAIR_KEY = "repair";
/** How often the loops run (kube-apiserver: every 3 minutes). */
export const REPAIR_INTERVAL = 180;

/** Options of {@link makeServiceRepairBehavior}. */
export interface ServiceRepairBehaviorOptions extends RepairOptions {
  /** ComponentBehavior.kind to register under (default {@link SERVICE_REPAIR_KIND}). */
  readonly kind?: string;
}

/** The repair loops as a component. Its memory is the leak counters (lost on restart, as the Repair struct's map). */
export function makeServiceRepairBehavior(options: ServiceRepairBehaviorOptions = {}): ComponentBehavior<RepairLeaks> {
  return {
    kind: options.kind ?? SERVICE_REPAIR_KIND,
    source: "pkg/registry/core/service/ipallocator/controller/repair.go, pkg/registry/core/service/portallocator/controller/repair.go",
    watches: () => [{ resource: "services" }],
    // The loops are periodic, not event driven.
    keysFor: () => [],
    reconcile(state, c, key) {
      if (key !== REPAIR_KEY) return { state };
      // (The fallback predates typed memory and is not reached: initialMemory is never null.)
      const leaks = c.memory ?? emptyRepairLeaks();
      const r = repairServiceAllocators(serviceAllocatorsOf(state), cacheList(c, "services"), leaks, options);
      const s = withServiceAllocators(state, r.allocators);
      const withMemory = updateComponent<RepairLeaks>(s, c.id, (cur) => ({ ...cur, memory: r.leaks }));
      return { state: enqueueAfter(withMemory, c.id, REPAIR_KEY, REPAIR_INTERVAL, true) };
    },
    initialMemory: () => emptyRepairLeaks(),
    // RunOnce at start-up (once the list is in), then every REPAIR_INTERVAL seconds.
    onStart(state, c) {
      const s = updateComponent(state, c.id, (cur) => ({ ...cur, queue: queueAdd(cur.queue, REPAIR_KEY) }));
      return enqueueAfter(s, c.id, REPAIR_KEY, REPAIR_INTERVAL, true);
    },
  };
}

/** The repair loops as Kubernetes runs them. */
export const serviceRepairBehavior: ComponentBehavior<RepairLeaks> = makeServiceRepairBehavior();
