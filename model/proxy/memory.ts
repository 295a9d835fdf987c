/**
 * kube-proxy's local memory: the rule table it has programmed, indexed the way packets are matched (by ClusterIP
 * and port, by node port), plus the ClientIP affinity records. Rules change only when the proxy syncs a Service
 * from its own informer cache, so a lagging proxy keeps sending traffic to endpoints that are gone.
 *
 * Real kube-proxy keeps its rules in the kernel (iptables), where they survive a kube-proxy restart; in the model
 * they are component memory and a restarted kube-proxy has none until its first sync.
 */
import { btreeDelete, btreeEmpty, btreeGet, btreePrefix, btreeSet, type BTree } from "../collections/btree.ts";
import { endpointText, servicePortName, type ServicePortRule } from "./rules.ts";

/** The endpoint a client IP is stuck to, and when it last used it (logical seconds). */
export interface AffinityRecord {
  readonly endpoint: string;
  readonly lastUsed: number;
}

export interface KubeProxyMemory {
  /** ServicePortName → rule. */
  readonly rules: BTree<ServicePortRule>;
  /** "clusterIP|protocol|port" → ServicePortName. */
  readonly clusterIPs: BTree<string>;
  /** "protocol|nodePort" → ServicePortName. */
  readonly nodePorts: BTree<string>;
  /** "ServicePortName\0clientIP" → affinity record. */
  readonly affinity: BTree<AffinityRecord>;
}

export const initialKubeProxyMemory = (): KubeProxyMemory => ({ rules: btreeEmpty(), clusterIPs: btreeEmpty(), nodePorts: btreeEmpty(), affinity: btreeEmpty() });

export const clusterIPIndexKey = (ip: string, protocol: string, port: number): string => `${ip}|${protocol}|${port}`;
export const nodePortIndexKey = (protocol: string, nodePort: number): string => `${protocol}|${nodePort}`;
export const affinityKey = (spn: string, clientIP: string): string => `${spn}\0${clientIP}`;

/** An index entry is removed only when it still points at this rule (two Services may claim one ClusterIP). */
function unindex(index: BTree<string>, key: string, spn: string): BTree<string> {
  return btreeGet(index, key) === spn ? btreeDelete(index, key) : index;
}

function withoutIndexes(m: KubeProxyMemory, spn: string, r: ServicePortRule): KubeProxyMemory {
  return {
    ...m,
    clusterIPs: r.clusterIP ? unindex(m.clusterIPs, clusterIPIndexKey(r.clusterIP, r.protocol, r.port), spn) : m.clusterIPs,
    nodePorts: r.nodePort ? unindex(m.nodePorts, nodePortIndexKey(r.protocol, r.nodePort), spn) : m.nodePorts,
  };
}

function withIndexes(m: KubeProxyMemory, spn: string, r: ServicePortRule): KubeProxyMemory {
  return {
    ...m,
    clusterIPs: r.clusterIP ? btreeSet(m.clusterIPs, clusterIPIndexKey(r.clusterIP, r.protocol, r.port), spn) : m.clusterIPs,
    nodePorts: r.nodePort ? btreeSet(m.nodePorts, nodePortIndexKey(r.protocol, r.nodePort), spn) : m.nodePorts,
  };
}

/** Drops affinity records of a ServicePortName (all, or those pointing at endpoints not in `keep`). */
function dropAffinity(m: KubeProxyMemory, spn: string, keep?: ReadonlySet<string>): KubeProxyMemory {
  let affinity = m.affinity;
  for (const [k, rec] of btreePrefix(m.affinity, `${spn}\0`)) if (!keep || !keep.has(rec.endpoint)) affinity = btreeDelete(affinity, k);
  return affinity === m.affinity ? m : { ...m, affinity };
}

const sameEndpoints = (a: ServicePortRule, b: ServicePortRule): boolean =>
  a.endpoints.length === b.endpoints.length && a.endpoints.every((e, i) => endpointText(e) === endpointText(b.endpoints[i]!) && e.pod === b.endpoints[i]!.pod);

/**
 * Replaces the rules of one Service (key "namespace/name") with `next`. As LoadBalancerRR.OnEndpointsUpdate: a port
 * whose endpoints changed restarts its round robin and forgets affinity to endpoints that are gone; unchanged ones
 * keep their cursor and affinity; affinity None forgets every record.
 */
export function replaceServiceRules(m: KubeProxyMemory, service: string, next: readonly ServicePortRule[]): KubeProxyMemory {
  let out = m;
  const nextNames = new Set(next.map((r) => servicePortName(service, r.portName)));
  for (const [spn, old] of btreePrefix(m.rules, `${service}:`)) {
    out = withoutIndexes(out, spn, old);
    if (!nextNames.has(spn)) out = dropAffinity({ ...out, rules: btreeDelete(out.rules, spn) }, spn);
  }
  for (const rule of next) {
    const spn = servicePortName(service, rule.portName);
    const old = btreeGet(m.rules, spn);
    let r = rule;
    if (old && sameEndpoints(old, rule)) r = { ...rule, cursor: old.cursor };
    else if (old) out = dropAffinity(out, spn, new Set(rule.endpoints.map(endpointText)));
    if (r.affinitySeconds === undefined) out = dropAffinity(out, spn);
    out = withIndexes({ ...out, rules: btreeSet(out.rules, spn, r) }, spn, r);
  }
  return out;
}
