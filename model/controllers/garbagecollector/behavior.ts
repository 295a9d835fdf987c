/**
 * The garbage collector (kube-controller-manager's "garbage-collector-controller"). Follows
 * pkg/controller/garbagecollector/garbagecollector.go and graph_builder.go: informers on the resources that
 * own or are owned feed one queue of graph changes; the graph builder folds them into the owner → dependents
 * graph and queues items to check (attemptToDelete) or owners to orphan (attemptToOrphan).
 *
 * Work-queue keys: "graph|<resource>|<ns/name>" (graphChanges), "delete|<uid>" and "vdelete|<uid>"
 * (attemptToDelete of an observed / a virtual node), "orphan|<uid>" (attemptToOrphan). One queue serves the
 * three Go queues; each key still names which one it belongs to. Workers start once the informers have
 * listed (upstream waits for the monitors' sync, and proceeds anyway after a timeout the model never hits).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { resourceForKind, resourceId } from "../../apiserver/lookup.ts";
import type { State } from "../../state.ts";
import { attemptToDeleteWorker } from "./attempt-to-delete.ts";
import { attemptToOrphanWorker } from "./attempt-to-orphan.ts";
import { processGraphChange } from "./graph-builder.ts";
import { commitGcPass, graphKey, initialGcMemory, type GcMemory, type GcPass } from "./memory.ts";

export const GARBAGE_COLLECTOR_KIND = "garbagecollector";
export const GARBAGE_COLLECTOR_ID = "kube-controller-manager/garbagecollector";

/**
 * The resources the collector watches: the workloads, and the built-ins that carry or are targets of
 * ownerReferences (a node owns its Lease and mirror pods). Events are ignored, as upstream's
 * ignoredResources. Custom resources are not watched (the list is fixed; upstream follows discovery).
 */
export const GC_RESOURCES: readonly string[] = [
  "pods",
  "replicationcontrollers",
  "replicasets.apps",
  "deployments.apps",
  "horizontalpodautoscalers.autoscaling",
  "nodes",
  "services",
  "endpoints",
  "configmaps",
  "secrets",
  "serviceaccounts",
  "persistentvolumeclaims",
  "persistentvolumes",
  "leases.coordination.k8s.io",
];

const WATCHED = new Set(GC_RESOURCES);

/** Whether an informer of the collector would ever observe objects of this apiVersion/kind. */
const watchedKind = (state: State) => (apiVersion: string, kind: string): boolean => {
  const info = resourceForKind(state, apiVersion, kind);
  return info !== undefined && WATCHED.has(resourceId(info));
};

export const garbageCollectorBehavior: ComponentBehavior<GcMemory> = {
  kind: GARBAGE_COLLECTOR_KIND,
  source: "pkg/controller/garbagecollector/garbagecollector.go, pkg/controller/garbagecollector/graph_builder.go",
  watches: () => GC_RESOURCES.map((resource) => ({ resource })),
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
        requeue = attemptToDeleteWorker(p, rest, kind === "vdelete", watchedKind(p.state));
        break;
      case "orphan":
        requeue = attemptToOrphanWorker(p, rest);
        break;
    }
    return { state: commitGcPass(p), requeue };
  },
  initialMemory: () => initialGcMemory(),
};
