/**
 * The node lifecycle controller, with the taint eviction controller it runs (kube-controller-manager's
 * "node-lifecycle-controller" and "taint-eviction-controller"), as one component.
 *
 * Follows pkg/controller/nodelifecycle/node_lifecycle_controller.go (Run, the node and pod event handlers,
 * doNodeProcessingPassWorker, doPodProcessingWorker, monitorNodeHealth every nodeMonitorPeriod) and
 * pkg/controller/tainteviction/taint_eviction.go. Work-queue keys:
 * - "monitor": the periodic health pass (re-armed as a periodic timer each time it runs);
 * - "taint": a NoExecute tainting pass waiting for a zone's rate limiter;
 * - "node|<name>": a node update (NoSchedule taints by condition, NoExecute taint changes);
 * - "pod|<ns>/<name>": a pod update (index, processPod, handlePodUpdate);
 * - "evict|<ns>/<name>", "evict-now|<ns>/<name>": a scheduled / immediate taint eviction.
 * Like Run, no worker starts before the node, pod and lease caches have synced (WaitForNamedCacheSync: the
 * framework's default waitForCacheSync).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { updateComponent } from "../../components/update.ts";
import { enqueueAfter } from "../../informers/enqueue-after.ts";
import { queueAdd } from "../../informers/workqueue.ts";
import { LEASES, NODE_LEASE_NAMESPACE, NODES, PODS, resolveOptions, type Ctx, type NodeLifecycleOptions } from "./context.ts";
import { commitPass, initialNodeLifecycleMemory, type NodeLifecycleMemory, type Pass } from "./memory.ts";
import { MONITOR_KEY, monitorNodeHealth } from "./monitor.ts";
import { doNoScheduleTaintingPass } from "./no-schedule.ts";
import { podEventWanted, podKey, processPodUpdate } from "./pod-update.ts";
import { handleNodeUpdate, runEviction } from "./taint-eviction.ts";
import { TAINT_PASS_KEY, noExecuteTaintingPass } from "./tainting.ts";

export const NODE_LIFECYCLE_KIND = "nodelifecycle-controller";
export const NODE_LIFECYCLE_ID = "kube-controller-manager/nodelifecycle";

/** Work-queue key of a node update. */
export const nodeKey = (name: string) => `node|${name}`;

/** The node lifecycle controller with the given variant switches. */
export function makeNodeLifecycleBehavior(options: NodeLifecycleOptions): ComponentBehavior<NodeLifecycleMemory> {
  const resolved = resolveOptions(options);
  return {
    kind: NODE_LIFECYCLE_KIND,
    source: "pkg/controller/nodelifecycle/node_lifecycle_controller.go, pkg/controller/tainteviction/taint_eviction.go",
    watches: () => [{ resource: NODES }, { resource: PODS }, { resource: LEASES, namespace: NODE_LEASE_NAMESPACE }],
    keysFor(resource, ev) {
      if (resource === NODES) return [nodeKey(ev.object.metadata.name!)];
      if (resource === PODS) return podEventWanted(ev) ? [podKey(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`)] : [];
      return []; // leases are read by the monitor pass from the cache
    },
    reconcile(state, c, key, log) {
      const ctx: Ctx = { c, options: resolved, log };
      const p: Pass = { state, mem: c.memory, keys: [] };
      let requeue = false;
      if (key === MONITOR_KEY) {
        monitorNodeHealth(p, ctx);
        p.state = enqueueAfter(p.state, c.id, MONITOR_KEY, resolved.tuning.nodeMonitorPeriod, true);
      } else if (key === TAINT_PASS_KEY) {
        noExecuteTaintingPass(p, ctx);
      } else if (key.startsWith("node|")) {
        const name = key.slice("node|".length);
        doNoScheduleTaintingPass(p, ctx, name);
        handleNodeUpdate(p, ctx, name);
      } else if (key.startsWith("pod|")) {
        requeue = processPodUpdate(p, ctx, key.slice("pod|".length));
      } else if (key.startsWith("evict-now|")) {
        runEviction(p, ctx, key.slice("evict-now|".length), true);
      } else if (key.startsWith("evict|")) {
        runEviction(p, ctx, key.slice("evict|".length), false);
      }
      return { state: commitPass(p, c.id), requeue };
    },
    initialMemory: () => initialNodeLifecycleMemory(),
    onStart(state, c) {
      // wait.Until runs the monitor at once, then every nodeMonitorPeriod (the re-arm is in the pass).
      return updateComponent(state, c.id, (cur) => ({ ...cur, queue: queueAdd(cur.queue, MONITOR_KEY) }));
    },
  };
}

/** The controller as Kubernetes ships it. */
export const nodeLifecycleBehavior: ComponentBehavior<NodeLifecycleMemory> = makeNodeLifecycleBehavior({ stopEvictionsOnFullDisruption: true });
