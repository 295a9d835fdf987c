/**
 * The model cloud provider's load balancers (the part of k8s.io/cloud-provider's LoadBalancer interface the
 * service controller calls: GetLoadBalancer, EnsureLoadBalancer, UpdateLoadBalancer, EnsureLoadBalancerDeleted).
 * They live in the world, outside the API, at `state.world.cloud`: a B-tree of load balancers keyed by Service uid
 * and the pool of ingress addresses (100.64.0.0/10, lowest free first). A load balancer forwards a port to the
 * Service's node port on one of its nodes.
 */
import type { State, WorldState } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeSet, type BTree } from "../collections/btree.ts";
import { addressAt, ipv4Range, offsetInRange, parseIPv4 } from "../apiserver/service/cidr.ts";
import { rangeAllocate, rangeAllocateNext, rangeEmpty, rangeOwner, rangeRelease, type RangeAllocator } from "../apiserver/service/range-allocator.ts";
import { servicePorts } from "../apiserver/service/service-helpers.ts";

/** Where the model cloud takes load balancer addresses from. */
export const CLOUD_LB_CIDR = "100.64.0.0/10";
const POOL = ipv4Range(CLOUD_LB_CIDR);

export interface CloudLoadBalancerPort {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly nodePort: number;
}

export interface CloudLoadBalancer {
  /** cloudprovider.DefaultLoadBalancerName of the Service. */
  readonly name: string;
  /** The Service's uid (the key). */
  readonly uid: string;
  /** "namespace/name" of the Service. */
  readonly service: string;
  readonly ingressIP: string;
  /** Backend node names, sorted. */
  readonly nodes: readonly string[];
  readonly ports: readonly CloudLoadBalancerPort[];
}

export interface CloudState {
  /** By Service uid. */
  readonly loadBalancers: BTree<CloudLoadBalancer>;
  /** Ingress addresses of {@link CLOUD_LB_CIDR}, owned by Service uid. */
  readonly addresses: RangeAllocator;
}

export const emptyCloud = (): CloudState => ({ loadBalancers: btreeEmpty(), addresses: rangeEmpty(POOL.size) });
const EMPTY = emptyCloud();

type WorldWithCloud = WorldState & { readonly cloud?: CloudState };

/** The cloud of a state (empty when the state has none yet). */
export const cloudOf = (state: State): CloudState => (state.world as WorldWithCloud).cloud ?? EMPTY;

function withCloud(state: State, cloud: CloudState): State {
  const world: WorldWithCloud = { ...state.world, cloud };
  return { ...state, world };
}

/** DefaultLoadBalancerName: "a" + the uid without dashes, at most 32 characters. */
export function loadBalancerName(svc: KObject): string {
  return `a${String(svc.metadata.uid ?? "").replace(/-/g, "")}`.slice(0, 32);
}

/** GetLoadBalancer: the Service's load balancer, if the cloud has one. */
export const getLoadBalancer = (state: State, svc: KObject): CloudLoadBalancer | undefined => btreeGet(cloudOf(state).loadBalancers, svc.metadata.uid ?? "");

/** The load balancer answering on an ingress address, if any. */
export function loadBalancerAt(state: State, ip: string): CloudLoadBalancer | undefined {
  const n = parseIPv4(ip);
  const offset = n === undefined ? undefined : offsetInRange(POOL, n);
  const uid = offset === undefined ? undefined : rangeOwner(cloudOf(state).addresses, offset);
  return uid === undefined ? undefined : btreeGet(cloudOf(state).loadBalancers, uid);
}

/** The LoadBalancerStatus a load balancer gives its Service. */
export const loadBalancerStatus = (lb: CloudLoadBalancer) => ({ ingress: [{ ip: lb.ingressIP, ipMode: "VIP" }] });

const note = (log: EffectLog | undefined, text: string) => log?.push({ kind: "note", who: "cloud", text });

function lbPorts(svc: KObject): CloudLoadBalancerPort[] | string {
  const out: CloudLoadBalancerPort[] = [];
  for (const p of servicePorts(svc)) {
    if (!p.nodePort) return `port ${p.port} has no node port (the model cloud forwards to node ports)`;
    out.push({ name: p.name ?? "", protocol: p.protocol ?? "TCP", port: p.port, nodePort: p.nodePort });
  }
  return out;
}

/**
 * EnsureLoadBalancer: create the Service's load balancer (taking spec.loadBalancerIP when given, else the lowest
 * free address) or bring an existing one's ports and nodes up to date. Returns the status or an error message.
 */
export function ensureLoadBalancer(state: State, svc: KObject, nodes: readonly string[], log?: EffectLog): { state: State; lb: CloudLoadBalancer } | { error: string } {
  const ports = lbPorts(svc);
  if (typeof ports === "string") return { error: ports };
  const cloud = cloudOf(state);
  const uid = svc.metadata.uid ?? "";
  const sortedNodes = [...nodes].sort();
  const existing = btreeGet(cloud.loadBalancers, uid);
  let addresses = cloud.addresses;
  let ingressIP = existing?.ingressIP;
  if (!ingressIP) {
    const requested: string | undefined = svc.spec?.loadBalancerIP || undefined;
    if (requested) {
      const n = parseIPv4(requested);
      const r = n === undefined ? "not-in-range" : (() => {
        const o = offsetInRange(POOL, n);
        return o === undefined ? "not-in-range" : rangeAllocate(addresses, o, uid);
      })();
      if (typeof r === "string") return { error: `requested load balancer IP ${requested} is not available` };
      addresses = r;
      ingressIP = requested;
    } else {
      const r = rangeAllocateNext(addresses, uid);
      if (r === "full") return { error: "no load balancer address left" };
      addresses = r.range;
      ingressIP = addressAt(POOL, r.offset);
    }
  }
  const lb: CloudLoadBalancer = { name: loadBalancerName(svc), uid, service: metaNamespaceKey(svc), ingressIP, nodes: sortedNodes, ports };
  if (existing && JSON.stringify(existing) === JSON.stringify(lb)) return { state, lb: existing };
  note(log, `${existing ? "updated" : "created"} load balancer ${lb.name} for ${lb.service} at ${ingressIP} (nodes ${sortedNodes.join(", ") || "none"})`);
  return { state: withCloud(state, { loadBalancers: btreeSet(cloud.loadBalancers, uid, lb), addresses }), lb };
}

/** UpdateLoadBalancer: point an existing load balancer at a new set of nodes (an error when it does not exist). */
export function updateLoadBalancerHosts(state: State, svc: KObject, nodes: readonly string[], log?: EffectLog): State | { error: string } {
  const cloud = cloudOf(state);
  const existing = btreeGet(cloud.loadBalancers, svc.metadata.uid ?? "");
  if (!existing) return { error: `load balancer for ${metaNamespaceKey(svc)} not found` };
  const sortedNodes = [...nodes].sort();
  if (sortedNodes.join("\0") === existing.nodes.join("\0")) return state;
  note(log, `updated load balancer ${existing.name} for ${existing.service}: nodes ${sortedNodes.join(", ") || "none"}`);
  return withCloud(state, { ...cloud, loadBalancers: btreeSet(cloud.loadBalancers, existing.uid, { ...existing, nodes: sortedNodes }) });
}

/** EnsureLoadBalancerDeleted: the load balancer and its address are gone (nothing to do when it does not exist). */
export function ensureLoadBalancerDeleted(state: State, svc: KObject, log?: EffectLog): State {
  const cloud = cloudOf(state);
  const existing = btreeGet(cloud.loadBalancers, svc.metadata.uid ?? "");
  if (!existing) return state;
  const n = parseIPv4(existing.ingressIP)!;
  note(log, `deleted load balancer ${existing.name} for ${existing.service} (${existing.ingressIP})`);
  return withCloud(state, {
    loadBalancers: btreeDelete(cloud.loadBalancers, existing.uid),
    addresses: rangeRelease(cloud.addresses, offsetInRange(POOL, n)!),
  });
}
