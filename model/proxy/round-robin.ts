/**
 * Choosing the endpoint of a new connection. Follows pkg/proxy/userspace/roundrobin.go (LoadBalancerRR.NextEndpoint):
 * with ClientIP affinity, a client that used an endpoint less than the timeout ago gets it again (and its record is
 * refreshed); otherwise the next endpoint in round-robin order, which with affinity becomes the client's record.
 * The iptables proxier picks at random with the same affinity rule (the "recent" module); the model keeps the
 * deterministic round robin.
 */
import { btreeGet, btreeSet } from "../collections/btree.ts";
import { affinityKey, type KubeProxyMemory } from "./memory.ts";
import { endpointText, servicePortName, type ProxyEndpoint, type ServicePortRule } from "./rules.ts";

export interface EndpointChoice {
  readonly endpoint: ProxyEndpoint;
  /** Whether the answer came from an affinity record. */
  readonly sticky: boolean;
  readonly memory: KubeProxyMemory;
}

/**
 * The next endpoint among `eligible` (the rule's endpoints, possibly narrowed to the node's own by a Local traffic
 * policy) for `clientIP` at logical time `now`; undefined when there is none.
 */
export function nextEndpoint(m: KubeProxyMemory, rule: ServicePortRule, eligible: readonly ProxyEndpoint[], clientIP: string, now: number): EndpointChoice | undefined {
  if (eligible.length === 0) return undefined;
  const spn = servicePortName(rule.service, rule.portName);
  const ak = affinityKey(spn, clientIP);
  if (rule.affinitySeconds !== undefined) {
    const rec = btreeGet(m.affinity, ak);
    const stuck = rec && now - rec.lastUsed < rule.affinitySeconds ? eligible.find((e) => endpointText(e) === rec.endpoint) : undefined;
    if (stuck) return { endpoint: stuck, sticky: true, memory: { ...m, affinity: btreeSet(m.affinity, ak, { endpoint: rec!.endpoint, lastUsed: now }) } };
  }
  const index = rule.cursor % eligible.length;
  const endpoint = eligible[index]!;
  let memory: KubeProxyMemory = { ...m, rules: btreeSet(m.rules, spn, { ...rule, cursor: (index + 1) % eligible.length }) };
  if (rule.affinitySeconds !== undefined) memory = { ...memory, affinity: btreeSet(memory.affinity, ak, { endpoint: endpointText(endpoint), lastUsed: now }) };
  return { endpoint, sticky: false, memory };
}
