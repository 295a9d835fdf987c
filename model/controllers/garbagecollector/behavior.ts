/**
 * The garbage collector (kube-controller-manager's "garbage-collector-controller"). Follows
 * pkg/controller/garbagecollector/garbagecollector.go and graph_builder.go: monitors (informers) on the
 * deletable resources, which follow discovery every 30 s (monitors.ts), feed one queue of graph changes; the
 * graph builder folds them into the owner → dependents graph and queues items to check (attemptToDelete) or
 * owners to orphan (attemptToOrphan).
 *
 * Work-queue keys: "graph|<resource>|<ns/name>" (graphChanges), "delete|<uid>" and "vdelete|<uid>"
 * (attemptToDelete of an observed / a virtual node), "orphan|<uid>" (attemptToOrphan). One queue serves the
 * three Go queues; each key still names which one it belongs to. Workers start once the informers have
 * listed (upstream waits for the monitors' sync, and proceeds anyway after a timeout the model never hits), and
 * wait again while a monitor a Sync added has not listed yet: earlier releases' Sync held the workers
 * (gc.workerLock) while it waited for the new monitors; today's lets them run and only logs the wait. Either
 * way a monitor that can never list (its resource gone again) stops at the next Sync.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { resourceForKind, resourceId } from "../../apiserver/lookup.ts";
import type { State } from "../../state.ts";
import { attemptToDeleteWorker } from "./attempt-to-delete.ts";
import { attemptToOrphanWorker } from "./attempt-to-orphan.ts";
import { processGraphChange } from "./graph-builder.ts";
import { commitGcPass, graphKey, initialGcMemory, type GcMemory, type GcPass } from "./memory.ts";
import { GC_SYNC_PERIOD, monitoredResources, onMonitorsChanged } from "./monitors.ts";

export const GARBAGE_COLLECTOR_KIND = "garbagecollector";
export const GARBAGE_COLLECTOR_ID = "kube-controller-manager/garbagecollector";

/** Whether a monitor of the collector watches this apiVersion/kind now (it will observe its objects). */
const monitoredKind = (p: GcPass) => (apiVersion: string, kind: string): boolean => {
  const info = resourceForKind(p.state, apiVersion, kind);
  return info !== undefined && p.c.informers[resourceId(info)] !== undefined;
};

export const garbageCollectorBehavior: ComponentBehavior<GcMemory> = {
  kind: GARBAGE_COLLECTOR_KIND,
  source: "pkg/controller/garbagecollector/garbagecollector.go, pkg/controller/garbagecollector/graph_builder.go",
  // The monitors: the deletable resources served at start and at each Sync (monitors.ts).
  watches: (_id, state) => monitoredResources(state).map((resource) => ({ resource })),
  rewatchPeriod: GC_SYNC_PERIOD,
  onRewatch: onMonitorsChanged,
  keysFor: (resource, ev) => [graphKey(resource, metaNamespaceKey(ev.object))],
  reconcile(state, c, key, log) {
    const p: GcPass = { state, mem: c.memory, keys: [], c, log };
    const bar = key.indexOf("|");
    const kind = key.slice(0, bar);
    const rest = key.slice(bar + 1);
    let requeue = false;
    switch (kind) {
      case "graph": {
        const sep = rest.indexOf("|");
        processGraphChange(p, rest.slice(0, sep), rest.slice(sep + 1));
        break;
      }
      case "delete":
      case "vdelete":
        requeue = attemptToDeleteWorker(p, rest, kind === "vdelete", monitoredKind(p));
        break;
      case "orphan":
        requeue = attemptToOrphanWorker(p, rest);
        break;
    }
    return { state: commitGcPass(p), requeue };
  },
  initialMemory: () => initialGcMemory(),
};
