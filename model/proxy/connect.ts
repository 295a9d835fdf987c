/**
 * A new connection through the data plane: which pod serves it, as the node's kube-proxy rules decide. The
 * destination is a ClusterIP (handled by the rules of the node the client is on), a node's address with a node
 * port (handled by that node's rules), or a cloud load balancer's address (the cloud picks one of its nodes by a
 * hash of the client address and forwards to the node port there).
 *
 * Follows the packet path of pkg/proxy/iptables/proxier.go: KUBE-SERVICES matches ClusterIP:port, KUBE-NODEPORTS
 * matches the node port; a Service without endpoints has a REJECT rule ("connection refused"); with a Local
 * traffic policy and no endpoint on the node the packet is dropped (no answer); a ClusterIP port without a rule is
 * not answered at all. Choosing the endpoint moves kube-proxy's round-robin cursor and affinity records, so a
 * connection changes the state.
 */
import { componentAt, type State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import { btreeGet, btreeRange } from "../collections/btree.ts";
import { fnv32aCodeUnits } from "../collections/fnv.ts";
import { updateComponent } from "../components/update.ts";
import { hostIPOf } from "../world/network.ts";
import { offsetInRange, parseIPv4 } from "../apiserver/service/cidr.ts";
import { SERVICE_IP_RANGE } from "../apiserver/service/allocator-state.ts";
import { loadBalancerAt } from "../world/cloud.ts";
import { kubeProxyId } from "./behavior.ts";
import { clusterIPIndexKey, nodePortIndexKey, type KubeProxyMemory } from "./memory.ts";
import { nextEndpoint } from "./round-robin.ts";
import { servicePortName, type ServicePortRule } from "./rules.ts";

/** A client opens a connection (the `connect` action's fields, with the client's node as `fromNode`). */
export interface ConnectRequest {
  /** The node the client runs on (required to reach a ClusterIP; absent for a client outside the cluster). */
  readonly fromNode?: string;
  readonly clientIP: string;
  /** A ClusterIP, a node's InternalIP, or a load balancer's ingress address. */
  readonly ip: string;
  readonly port: number;
  /** TCP unless given. */
  readonly protocol?: string;
}

export type ConnectResult =
  | {
      readonly outcome: "served";
      /** The node whose rules chose the endpoint. */
      readonly node: string;
      /** "namespace/name:port" of the Service port. */
      readonly servicePort: string;
      /** "namespace/name" of the pod, when the endpoint names one. */
      readonly pod?: string;
      readonly podIP: string;
      readonly podPort: number;
      /** Whether ClientIP affinity chose it. */
      readonly sticky: boolean;
    }
  | { readonly outcome: "refused"; readonly node?: string; readonly reason: string }
  | { readonly outcome: "no-answer"; readonly node?: string; readonly reason: string };

/** The `connect` action (the lead adds it to the Action union). */
export interface ConnectAction {
  readonly type: "connect";
  /** The client's node; omit for a client outside the cluster. */
  readonly node?: string;
  readonly clientIP: string;
  readonly ip: string;
  readonly port: number;
  readonly protocol?: string;
}

/** The machine whose InternalIP is `ip` (a scan of the machines; only connections to node addresses need it). */
function nodeWithAddress(state: State, ip: string): string | undefined {
  for (const [name, m] of btreeRange(state.world.machines)) if (hostIPOf(m) === ip) return name;
  return undefined;
}

interface Served {
  readonly state: State;
  readonly result: ConnectResult;
}

/** The rules of `node`'s kube-proxy choose an endpoint for `spn` (a ClusterIP or node-port match). */
function through(state: State, node: string, memory: KubeProxyMemory, rule: ServicePortRule, clientIP: string, external: boolean): Served {
  const spn = servicePortName(rule.service, rule.portName);
  const local = external ? rule.externalLocal : rule.internalLocal;
  const eligible = local ? rule.endpoints.filter((e) => e.node === node) : rule.endpoints;
  if (rule.endpoints.length === 0) return { state, result: { outcome: "refused", node, reason: `service ${spn} has no endpoints` } };
  if (eligible.length === 0) return { state, result: { outcome: "no-answer", node, reason: `service ${spn} has no endpoint on ${node} (traffic policy Local)` } };
  const choice = nextEndpoint(memory, rule, eligible, clientIP, state.clock.now)!;
  const s = updateComponent<KubeProxyMemory>(state, kubeProxyId(node), (c) => ({ ...c, memory: choice.memory }));
  const e = choice.endpoint;
  return {
    state: s,
    result: { outcome: "served", node, servicePort: spn, ...(e.pod ? { pod: e.pod } : {}), podIP: e.ip, podPort: e.port, sticky: choice.sticky },
  };
}

/** The kube-proxy memory of a node that can forward traffic, or why it cannot. */
function proxyOn(state: State, node: string): KubeProxyMemory | ConnectResult {
  const m = btreeGet(state.world.machines, node);
  if (!m) return { outcome: "no-answer", reason: `no node ${node}` };
  if (!m.up) return { outcome: "no-answer", node, reason: `node ${node} is down` };
  return componentAt<KubeProxyMemory>(state, kubeProxyId(node))?.memory ?? { outcome: "no-answer", node, reason: `no kube-proxy runs on ${node}` };
}

const isMemory = (x: KubeProxyMemory | ConnectResult): x is KubeProxyMemory => "rules" in x;

function viaNodePort(state: State, node: string, nodePort: number, protocol: string, clientIP: string): Served {
  const m = proxyOn(state, node);
  if (!isMemory(m)) return { state, result: m };
  const spn = btreeGet(m.nodePorts, nodePortIndexKey(protocol, nodePort));
  const rule = spn === undefined ? undefined : btreeGet(m.rules, spn);
  if (!rule) return { state, result: { outcome: "refused", node, reason: `nothing listens on ${protocol} port ${nodePort} of ${node}` } };
  return through(state, node, m, rule, clientIP, true);
}

/** Which pod serves a new connection, and the state after kube-proxy's choice (cursor and affinity moved). */
export function connect(state: State, req: ConnectRequest): Served {
  const protocol = req.protocol ?? "TCP";
  const ip = parseIPv4(req.ip);
  if (ip !== undefined && offsetInRange(SERVICE_IP_RANGE, ip) !== undefined) {
    if (!req.fromNode) return { state, result: { outcome: "no-answer", reason: `${req.ip} is a ClusterIP, reachable only from a node` } };
    const m = proxyOn(state, req.fromNode);
    if (!isMemory(m)) return { state, result: m };
    const spn = btreeGet(m.clusterIPs, clusterIPIndexKey(req.ip, protocol, req.port));
    const rule = spn === undefined ? undefined : btreeGet(m.rules, spn);
    if (!rule) return { state, result: { outcome: "no-answer", node: req.fromNode, reason: `no rule for ${req.ip}:${req.port}/${protocol}` } };
    return through(state, req.fromNode, m, rule, req.clientIP, false);
  }
  const lb = loadBalancerAt(state, req.ip);
  if (lb) {
    const port = lb.ports.find((p) => p.port === req.port && p.protocol === protocol);
    if (!port) return { state, result: { outcome: "no-answer", reason: `load balancer ${lb.name} does not listen on ${req.port}/${protocol}` } };
    if (lb.nodes.length === 0) return { state, result: { outcome: "no-answer", reason: `load balancer ${lb.name} has no backend nodes` } };
    const node = lb.nodes[fnv32aCodeUnits(req.clientIP) % lb.nodes.length]!;
    return viaNodePort(state, node, port.nodePort, protocol, req.clientIP);
  }
  const node = nodeWithAddress(state, req.ip);
  if (node) return viaNodePort(state, node, req.port, protocol, req.clientIP);
  return { state, result: { outcome: "no-answer", reason: `no route to ${req.ip}` } };
}

/** One line for the trace. */
export function describeConnectResult(req: ConnectRequest, r: ConnectResult): string {
  const head = `${req.clientIP} → ${req.ip}:${req.port}`;
  if (r.outcome === "served") return `${head} → ${r.pod ? `pod ${r.pod}` : "endpoint"} (${r.podIP}:${r.podPort})${r.sticky ? " [affinity]" : ""}`;
  if (r.outcome === "refused") return `${head}: connection refused (${r.reason})`;
  return `${head}: no answer (${r.reason})`;
}

/** The connection a `connect` action opens. */
export function connectRequestOf(action: ConnectAction): ConnectRequest {
  return {
    ...(action.node ? { fromNode: action.node } : {}),
    clientIP: action.clientIP,
    ip: action.ip,
    port: action.port,
    ...(action.protocol ? { protocol: action.protocol } : {}),
  };
}

/** The `connect` action: answers the connection and records the answer as a note of the deciding kube-proxy. */
export function applyConnect(state: State, action: ConnectAction, log: EffectLog): State {
  const req = connectRequestOf(action);
  const r = connect(state, req);
  const node = r.result.node;
  log.push({ kind: "note", who: node ? kubeProxyId(node) : "network", text: describeConnectResult(req, r.result) });
  return r.state;
}
