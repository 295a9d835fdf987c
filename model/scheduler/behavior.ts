/**
 * kube-scheduler as a component: kind "scheduler", instance "kube-scheduler". Watches nodes, non-terminal
 * pods (the pod informer's field selector status.phase!=Succeeded,status.phase!=Failed, as
 * pkg/scheduler/scheduler.go newPodInformer) and PersistentVolumeClaims (VolumeBinding), keeps its cache and queue bookkeeping in its memory, and each
 * reconcile runs one scheduling cycle. `makeSchedulerBehavior` builds variants (e.g. without assume) for the
 * bug zoo; `schedulerBehavior` is the default.
 */
import type { ComponentBehavior } from "../components/behavior.ts";
import type { State } from "../state.ts";
import { updateComponent } from "../components/update.ts";
import { btreePrefix } from "../collections/btree.ts";
import { timerIdFor } from "../informers/enqueue-after.ts";
import { clearTimer } from "../timers.ts";
import { emptySchedulerMemory } from "./cache.ts";
import { applyCacheEvents, flushUnschedulableLeftover, schedulePodKey, type Cycle } from "./cycle.ts";
import { schedulerKeysFor } from "./event-handlers.ts";
import { EXPIRE_PREFIX, FLUSH_UNSCHEDULABLE_KEY, isInternalKey } from "./keys.ts";
import { DEFAULT_SCHEDULER_OPTIONS, type SchedulerMemory, type SchedulerOptions } from "./types.ts";
import { PVCS } from "./volume-binding.ts";

/** The component id bootstrap gives the scheduler. */
export const SCHEDULER_ID = "kube-scheduler";

/** The pod informer's selector: terminal pods hold no resources and leave the scheduler's view. */
export const SCHEDULER_POD_FIELD_SELECTOR = "status.phase!=Succeeded,status.phase!=Failed";

/**
 * Expiry timers of a previous instance: a restarted scheduler has no assumed pods, and a pending one-shot timer
 * would otherwise hold `settle` open until it fired.
 */
function clearStaleExpiryTimers(state: State, id: string): State {
  const ids: string[] = [];
  for (const [tid] of btreePrefix(state.timers.byId, timerIdFor(id, EXPIRE_PREFIX))) ids.push(tid);
  return ids.reduce(clearTimer, state);
}

/** A scheduler behaviour with the given options (unset ones take the defaults). */
export function makeSchedulerBehavior(options: Partial<SchedulerOptions> = {}): ComponentBehavior<SchedulerMemory> {
  const opts: SchedulerOptions = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  return {
    kind: opts.kind,
    source: "pkg/scheduler (schedule_one.go, eventhandlers.go, backend/cache/cache.go, backend/queue/scheduling_queue.go)",
    watches: () => [{ resource: "nodes" }, { resource: "pods", fieldSelector: SCHEDULER_POD_FIELD_SELECTOR }, { resource: PVCS }],
    keysFor: (resource, ev, c) => schedulerKeysFor(resource, ev, c.memory),
    reconcile(state, c, key, log) {
      // WaitForCacheSync: no decision before both informers have listed.
      if (!c.informers.nodes?.synced || !c.informers.pods?.synced) return { state, requeue: true };
      const cy: Cycle = { state, mem: c.memory, queue: c.queue, c, log, opts };
      applyCacheEvents(cy, key);
      if (key === FLUSH_UNSCHEDULABLE_KEY) flushUnschedulableLeftover(cy);
      else if (!isInternalKey(key)) schedulePodKey(cy, key);
      return { state: updateComponent<SchedulerMemory>(cy.state, c.id, (cur) => ({ ...cur, memory: cy.mem, queue: cy.queue })) };
    },
    initialMemory: () => emptySchedulerMemory(),
    onStart: (state, c) => clearStaleExpiryTimers(state, c.id),
  };
}

/** The default scheduler: assume on, assumed pods expire after 900 s, Ready condition checked. */
export const schedulerBehavior: ComponentBehavior<SchedulerMemory> = makeSchedulerBehavior();
