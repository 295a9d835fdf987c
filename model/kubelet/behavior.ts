/**
 * The kubelet: one per node (id "kubelet/<node>", kind "kubelet"). Follows pkg/kubelet/kubelet.go (syncLoop,
 * SyncPod, HandlePodCleanups), pod_workers.go, kubelet_pods.go, kubelet_node_status.go, status/status_manager.go,
 * the node lease controller and kuberuntime (see each module).
 *
 * - Informers: the pods bound to this node (fieldSelector spec.nodeName=<node>, as the kubelet's API pod source)
 *   and its own Node (metadata.name=<node>).
 * - Keys: a pod key "namespace/name" runs the pod's sync (pod-sync.ts); "node-status" posts the Node status,
 *   renews the Lease, re-arms itself every 10 s and triggers "housekeeping" (housekeeping.ts); a key
 *   "probe:<kind>:<uid>:<container>" runs one probe of a container (probe-worker.ts).
 * - Local memory: container back-off entries and keys to retry (memory.ts); lost on restart.
 * - The kubelet reads its own machine in the world (the container runtime) and nothing else of it, except the
 *   network disks it attaches and detaches (attach.ts: the cloud's attach API).
 * - It does not wait for its caches before working (static pods run without the API), but pod keys and cleanups
 *   wait until the pod informer has listed.
 */
import type { ComponentBehavior } from "../components/behavior.ts";
import type { ComponentState, State } from "../state.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { enqueueAfter } from "../informers/enqueue-after.ts";
import { queueAddAll } from "../informers/workqueue.ts";
import { updateComponent } from "../components/update.ts";
import { getMachine } from "../world/machine.ts";
import { HOUSEKEEPING_KEY, KUBELET_KIND, NODE_STATUS_KEY, NODES, PODS, nodeOfKubelet, podKey } from "./keys.ts";
import { initialKubeletMemory, type KubeletMemory } from "./memory.ts";
import { NODE_STATUS_UPDATE_FREQUENCY, syncNodeStatus } from "./node-status.ts";
import { renewLease } from "./lease.ts";
import { housekeeping } from "./housekeeping.ts";
import { syncPodKey } from "./pod-sync.ts";
import { staticPodsOf } from "../world/static-pods.ts";
import { releaseUnusedDisks } from "./attach.ts";
import { isProbeKey, runProbeKey } from "./probe-worker.ts";

function addKeys(state: State, id: string, keys: readonly string[]): State {
  return updateComponent(state, id, (cur) => ({ ...cur, queue: queueAddAll(cur.queue, keys) }));
}

/** The kubelet component behaviour (kind "kubelet"); the lead registers it with registerBehavior. */
export const kubeletBehavior: ComponentBehavior<KubeletMemory> = {
  kind: KUBELET_KIND,
  source: "pkg/kubelet (kubelet.go, pod_workers.go, kubelet_pods.go, kubelet_node_status.go, status/status_manager.go, kuberuntime)",
  watches: (id) => {
    const node = nodeOfKubelet(id);
    return [
      { resource: PODS, fieldSelector: `spec.nodeName=${node}` },
      { resource: NODES, fieldSelector: `metadata.name=${node}` },
    ];
  },
  keysFor(resource, ev) {
    if (resource === PODS) return [metaNamespaceKey(ev.object)];
    // Only the Node's disappearance matters (re-register at once); its updates are mostly the kubelet's own.
    return ev.type === "DELETED" ? [NODE_STATUS_KEY] : [];
  },
  reconcile(state, c, key, log) {
    const node = nodeOfKubelet(c.id);
    const m = getMachine(state, node);
    if (!m || !m.up) return { state };
    if (key === NODE_STATUS_KEY) {
      let s = syncNodeStatus(state, c, node, log);
      s = renewLease(s, c, node, log);
      s = enqueueAfter(s, c.id, NODE_STATUS_KEY, NODE_STATUS_UPDATE_FREQUENCY, true);
      return { state: addKeys(s, c.id, [HOUSEKEEPING_KEY]) };
    }
    // After a pod sync or a housekeeping pass, disks no sandbox mounts any more are detached (attach.ts).
    if (key === HOUSEKEEPING_KEY) return { state: releaseUnusedDisks(housekeeping(state, c, node, log), node) };
    if (isProbeKey(key)) return runProbeKey(state, c, node, key, log);
    const r = syncPodKey(state, c, node, key, log);
    return { ...r, state: releaseUnusedDisks(r.state, node) };
  },
  initialMemory: () => initialKubeletMemory(),
  active(state: State, c: ComponentState) {
    const m = getMachine(state, nodeOfKubelet(c.id));
    if (!m || !m.up) return { watch: false, work: false };
    return { watch: !m.partitioned, work: true };
  },
  waitForCacheSync: false,
  onStart(state, c) {
    const m = getMachine(state, nodeOfKubelet(c.id));
    const statics = m ? staticPodsOf(m).map((p) => podKey(p.metadata.namespace!, p.metadata.name!)) : [];
    return addKeys(state, c.id, [NODE_STATUS_KEY, ...statics, HOUSEKEEPING_KEY]);
  },
};
