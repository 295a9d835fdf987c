/**
 * kube-proxy (kind "kube-proxy", one instance per node, id "kube-proxy/<node>"). Follows pkg/proxy/iptables/proxier.go
 * (OnServiceAdd/Update/Delete, OnEndpointsAdd/Update/Delete feeding the change trackers, syncProxyRules): its
 * informers watch Services and Endpoints, each event queues the Service, and a sync rewrites that Service's rules
 * in the proxy's table from its own caches. Like the real proxier it programs nothing until both informers have
 * synced (isInitialized), and on a crashed machine it neither watches nor syncs; on a partitioned one it cannot
 * watch, so its rules go stale.
 */
import type { ComponentBehavior } from "../components/behavior.ts";
import type { State } from "../state.ts";
import { btreeGet } from "../collections/btree.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { cacheGet } from "../informers/cache.ts";
import { updateComponent } from "../components/update.ts";
import { buildServiceRules } from "./rules.ts";
import { initialKubeProxyMemory, replaceServiceRules, type KubeProxyMemory } from "./memory.ts";

export const KUBE_PROXY_KIND = "kube-proxy";
const PREFIX = "kube-proxy/";

/** The id of the kube-proxy of a node. */
export const kubeProxyId = (node: string): string => `${PREFIX}${node}`;

/** The node a kube-proxy id runs on. */
export const nodeOfKubeProxy = (id: string): string => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id);

/** --config-sync-period: kube-proxy's informers resync every 15 minutes. */
export const KUBE_PROXY_RESYNC = 15 * 60;

function machineOf(state: State, id: string) {
  return btreeGet(state.world.machines, nodeOfKubeProxy(id));
}

export const kubeProxyBehavior: ComponentBehavior<KubeProxyMemory> = {
  kind: KUBE_PROXY_KIND,
  source: "pkg/proxy/iptables/proxier.go, pkg/proxy/servicechangetracker.go, pkg/proxy/endpointschangetracker.go",
  watches: () => [{ resource: "endpoints" }, { resource: "services" }],
  keysFor(_resource, ev) {
    // The change trackers ignore an update that changes nothing (a resync delivers the same version).
    if (ev.type === "MODIFIED" && ev.oldObject?.metadata.resourceVersion === ev.object.metadata.resourceVersion) return [];
    return [metaNamespaceKey(ev.object)];
  },
  reconcile(state, c, key) {
    const rules = buildServiceRules(cacheGet(c, "services", key), cacheGet(c, "endpoints", key));
    const m = c.memory;
    const next = replaceServiceRules(m, key, rules);
    return { state: next === m ? state : updateComponent<KubeProxyMemory>(state, c.id, (cur) => ({ ...cur, memory: next })) };
  },
  initialMemory: () => initialKubeProxyMemory(),
  active(state, c) {
    const m = machineOf(state, c.id);
    if (!m) return { watch: true, work: true };
    return { watch: m.up && !m.partitioned, work: m.up };
  },
  resyncPeriod: KUBE_PROXY_RESYNC,
};
