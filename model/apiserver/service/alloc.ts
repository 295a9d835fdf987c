/**
 * ClusterIP and NodePort allocation for Services, as the Service REST storage does it around the store's create,
 * update and delete. Follows pkg/registry/core/service/storage/alloc.go (allocateCreate, allocClusterIPs,
 * initNodePorts, allocHealthCheckNodePort, allocateUpdate, updateNodePorts, releaseAllocatedResources),
 * pkg/registry/core/service/storage/storage.go (beginCreate, beginUpdate, afterDelete, patchAllocatedValues,
 * normalizeClusterIPs) and pkg/registry/core/service/strategy.go (dropTypeDependentFields).
 *
 * Kubernetes allocates in BeginCreate/BeginUpdate and reverts when the write fails (a transaction of callbacks);
 * here the functions are pure, so "revert" is simply not using the returned state. The model's cluster is
 * single-stack IPv4: every Service with a ClusterIP gets ipFamilies [IPv4] and ipFamilyPolicy SingleStack.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { internalError, invalidStatus, type Status } from "../status.ts";
import { invalid, type FieldError } from "../../validation/field-error.ts";
import { existing } from "../common.ts";
import { removeObject } from "../write.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { addressAt, offsetInRange, parseIPv4 } from "./cidr.ts";
import {
  NODE_PORT_BASE,
  NODE_PORT_RANGE_TEXT,
  SERVICE_CIDR,
  SERVICE_IP_RANGE,
  serviceAllocatorsOf,
  withServiceAllocators,
  type ServiceAllocatorsState,
} from "./allocator-state.ts";
import { rangeAllocate, rangeAllocateNext, rangeRelease, type RangeAllocator } from "./range-allocator.ts";
import {
  CLUSTER_IP_NONE,
  isServiceIPSet,
  needsClusterIP,
  needsHealthCheck,
  needsNodePort,
  serviceSelector,
  shouldAllocateNodePorts,
  type ServicePort,
} from "./service-helpers.ts";

/** A Service with its addresses filled in and the allocators that hold them, or the refusal. */
export type AllocationResult = { readonly state: State; readonly service: KObject } | Status;

type Spec = Record<string, any>;
type Fail = { readonly fail: Status };
const isFail = (x: unknown): x is Fail => typeof x === "object" && x !== null && "fail" in x;

const ENDPOINTS = BUILTIN_BY_ID.get("endpoints")!;

const ownerOf = (svc: KObject): string => `${svc.metadata.namespace ?? ""}/${svc.metadata.name ?? ""}`;
const invalidService = (svc: KObject, e: FieldError): Fail => ({ fail: invalidStatus("", "Service", svc.metadata.name ?? "", [e]) });

// ipallocator's ErrAllocated and ErrNotInRange texts, and portallocator's.
const IP_ALLOCATED = "provided IP is already allocated";
const ipNotInRange = (ip: string) => `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
const PORT_ALLOCATED = "provided port is already allocated";
const PORT_NOT_IN_RANGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE_TEXT}`;

/**
 * initIPFamilyFields for a single-stack IPv4 cluster: a headless Service without a selector defaults to
 * RequireDualStack (its endpoints are the user's), everything else to SingleStack; asking for IPv6 or for
 * RequireDualStack otherwise is refused.
 */
function initIPFamilies(svc: KObject, spec: Spec): Spec | Fail {
  const headlessSelectorless = spec.clusterIP === CLUSTER_IP_NONE && serviceSelector(svc) === undefined;
  const families: unknown[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  const policy = spec.ipFamilyPolicy ?? (headlessSelectorless ? "RequireDualStack" : "SingleStack");
  if (!headlessSelectorless) {
    if (policy === "RequireDualStack") return invalidService(svc, invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services"));
    const i = families.findIndex((f) => f !== "IPv4");
    if (i >= 0) return invalidService(svc, invalid(`spec.ipFamilies[${i}]`, families[i], "not configured on this cluster"));
  }
  const ipFamilies = headlessSelectorless ? (families.length > 0 ? families : ["IPv4", "IPv6"]) : ["IPv4"];
  return { ...spec, ipFamilyPolicy: policy, ipFamilies };
}

/** allocClusterIPs: the requested address, or the lowest free one; headless Services get none. */
function allocClusterIP(a: ServiceAllocatorsState, svc: KObject, spec: Spec): { a: ServiceAllocatorsState; spec: Spec } | Fail {
  // normalizeClusterIPs: an old client sets only clusterIP; clusterIPs follows it.
  const requested: string = spec.clusterIP || (Array.isArray(spec.clusterIPs) ? spec.clusterIPs[0] ?? "" : "");
  const fam = initIPFamilies(svc, { ...spec, clusterIP: requested });
  if (isFail(fam)) return fam;
  if (requested === CLUSTER_IP_NONE) return { a, spec: { ...fam, clusterIP: CLUSTER_IP_NONE, clusterIPs: [CLUSTER_IP_NONE] } };
  if (requested === "") {
    const r = rangeAllocateNext(a.clusterIPs, ownerOf(svc));
    if (r === "full") return { fail: internalError("failed to allocate a serviceIP: range is full") };
    const ip = addressAt(SERVICE_IP_RANGE, r.offset);
    return { a: { ...a, clusterIPs: r.range }, spec: { ...fam, clusterIP: ip, clusterIPs: [ip] } };
  }
  const parsed = parseIPv4(requested);
  if (parsed === undefined) {
    return invalidService(svc, invalid("spec.clusterIPs[0]", requested, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  }
  const offset = offsetInRange(SERVICE_IP_RANGE, parsed);
  const r = offset === undefined ? "not-in-range" : rangeAllocate(a.clusterIPs, offset, ownerOf(svc));
  if (typeof r === "string") {
    const why = r === "allocated" ? IP_ALLOCATED : ipNotInRange(requested);
    return invalidService(svc, invalid("spec.clusterIPs", [requested], `failed to allocate IP ${requested}: ${why}`));
  }
  return { a: { ...a, clusterIPs: r }, spec: { ...fam, clusterIP: requested, clusterIPs: [requested] } };
}

/** Takes node port `np` for the Service, or explains (as the field error of spec.ports[i].nodePort) why not. */
function takeNodePort(ports: RangeAllocator, np: number, owner: string): RangeAllocator | string {
  const r = rangeAllocate(ports, np - NODE_PORT_BASE, owner);
  if (r === "allocated") return PORT_ALLOCATED;
  if (typeof r === "string") return PORT_NOT_IN_RANGE;
  return r;
}

function nextNodePort(ports: RangeAllocator, owner: string): { ports: RangeAllocator; np: number } | Fail {
  const r = rangeAllocateNext(ports, owner);
  if (r === "full") return { fail: internalError("failed to allocate a nodePort: range is full") };
  return { ports: r.range, np: NODE_PORT_BASE + r.offset };
}

/** findRequestedNodePort: a node port asked for on any entry with the same service port number. */
function findRequestedNodePort(port: number, ports: readonly ServicePort[]): number {
  for (const p of ports) if (p.port === port && p.nodePort) return p.nodePort;
  return 0;
}

/**
 * initNodePorts: every port gets a node port; entries sharing a port number (TCP and UDP of one port) share one,
 * and a requested node port must be free and in range (422 otherwise).
 */
function initNodePorts(a: ServiceAllocatorsState, svc: KObject, spec: Spec): { a: ServiceAllocatorsState; spec: Spec } | Fail {
  const owner = ownerOf(svc);
  const ports: ServicePort[] = (spec.ports ?? []).map((p: ServicePort) => ({ ...p }));
  const allocate = shouldAllocateNodePorts({ ...svc, spec });
  const byPort = new Map<number, number>();
  let pool = a.nodePorts;
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]!;
    if (!p.nodePort && !allocate) continue; // Don't allocate new ports, but do respect specific requests.
    const already = byPort.get(p.port) ?? 0;
    if (already === 0) {
      const np = findRequestedNodePort(p.port, ports);
      if (np !== 0) {
        const r = takeNodePort(pool, np, owner);
        if (typeof r === "string") return invalidService(svc, invalid(`spec.ports[${i}].nodePort`, np, r));
        pool = r;
        ports[i] = { ...p, nodePort: np };
        byPort.set(p.port, np);
      } else {
        const r = nextNodePort(pool, owner);
        if (isFail(r)) return r;
        pool = r.ports;
        ports[i] = { ...p, nodePort: r.np };
        byPort.set(p.port, r.np);
      }
    } else if (p.nodePort !== already) {
      if (!p.nodePort) ports[i] = { ...p, nodePort: already };
      else {
        const r = takeNodePort(pool, p.nodePort, owner);
        if (typeof r === "string") return invalidService(svc, invalid(`spec.ports[${i}].nodePort`, p.nodePort, r));
        pool = r;
      }
    }
  }
  return { a: { ...a, nodePorts: pool }, spec: { ...spec, ports } };
}

/** allocHealthCheckNodePort: the requested health-check node port, or the lowest free one. */
function allocHealthCheckNodePort(a: ServiceAllocatorsState, svc: KObject, spec: Spec): { a: ServiceAllocatorsState; spec: Spec } | Fail {
  const owner = ownerOf(svc);
  const want: number | undefined = spec.healthCheckNodePort || undefined;
  if (want !== undefined) {
    const r = takeNodePort(a.nodePorts, want, owner);
    if (typeof r === "string") return { fail: internalError(`failed to allocate requested HealthCheck NodePort ${want}: ${r}`) };
    return { a: { ...a, nodePorts: r }, spec };
  }
  const r = nextNodePort(a.nodePorts, owner);
  if (isFail(r)) return { fail: internalError(`failed to allocate a HealthCheck NodePort: range is full`) };
  return { a: { ...a, nodePorts: r.ports }, spec: { ...spec, healthCheckNodePort: r.np } };
}

/**
 * allocateCreate: a new Service's ClusterIP (unless ExternalName or headless), its node ports (NodePort and
 * LoadBalancer) and its health-check node port (LoadBalancer with externalTrafficPolicy Local). The returned
 * state holds the allocations; on a refusal nothing is taken.
 */
export function allocateServiceAddresses(state: State, svc: KObject): AllocationResult {
  let a = serviceAllocatorsOf(state);
  let spec: Spec = { ...(svc.spec ?? {}) };
  if (needsClusterIP(svc)) {
    const r = allocClusterIP(a, svc, spec);
    if (isFail(r)) return r.fail;
    ({ a, spec } = r);
  }
  if (needsNodePort(svc)) {
    const r = initNodePorts(a, svc, spec);
    if (isFail(r)) return r.fail;
    ({ a, spec } = r);
  }
  if (needsHealthCheck(svc)) {
    const r = allocHealthCheckNodePort(a, svc, spec);
    if (isFail(r)) return r.fail;
    ({ a, spec } = r);
  }
  return { state: withServiceAllocators(state, a), service: { ...svc, spec } };
}

const nodePortSet = (svc: KObject | { spec: Spec }): Set<number> =>
  new Set(((svc.spec?.ports ?? []) as ServicePort[]).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));

const sameSet = (x: Set<number>, y: Set<number>) => x.size === y.size && [...x].every((v) => y.has(v));

/**
 * patchAllocatedValues: a client that resubmits its manifest (kubectl apply, a PUT without the allocated fields)
 * keeps the ClusterIP and node ports the server allocated, instead of failing "field is immutable".
 */
function patchAllocatedValues(next: Spec, old: KObject, nextSvc: KObject): Spec {
  let spec = next;
  if (needsClusterIP(old) && needsClusterIP(nextSvc)) {
    if (!spec.clusterIP && old.spec?.clusterIP) spec = { ...spec, clusterIP: old.spec.clusterIP };
    if ((!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) && old.spec?.clusterIPs) spec = { ...spec, clusterIPs: old.spec.clusterIPs };
  }
  if (needsNodePort(old) && needsNodePort(nextSvc)) {
    const oldSet = nodePortSet(old);
    const used = new Set([...nodePortSet({ spec })].filter((n) => oldSet.has(n)));
    const byName = new Map<string, number>();
    for (const p of (old.spec?.ports ?? []) as ServicePort[]) byName.set(p.name ?? "", p.nodePort ?? 0);
    spec = {
      ...spec,
      ports: ((spec.ports ?? []) as ServicePort[]).map((p) => {
        if (p.nodePort) return p;
        const v = byName.get(p.name ?? "") ?? 0;
        return v !== 0 && !used.has(v) ? { ...p, nodePort: v } : p;
      }),
    };
  }
  if (needsHealthCheck(old) && needsHealthCheck(nextSvc) && !spec.healthCheckNodePort && old.spec?.healthCheckNodePort) {
    spec = { ...spec, healthCheckNodePort: old.spec.healthCheckNodePort };
  }
  return spec;
}

/**
 * dropTypeDependentFields: switching to a type that no longer needs a ClusterIP, node ports or a health-check
 * port wipes the values the server allocated (when the client left them as they were); they are released below.
 */
function dropTypeDependentFields(next: Spec, old: KObject, nextSvc: KObject): Spec {
  let spec = next;
  if (needsClusterIP(old) && !needsClusterIP(nextSvc)) {
    if (spec.clusterIP === old.spec?.clusterIP) {
      const { clusterIP: _a, clusterIPs: _b, ...rest } = spec;
      spec = rest;
    }
    if (JSON.stringify(spec.ipFamilies) === JSON.stringify(old.spec?.ipFamilies)) {
      const { ipFamilies: _f, ...rest } = spec;
      spec = rest;
    }
    if (spec.ipFamilyPolicy === old.spec?.ipFamilyPolicy) {
      const { ipFamilyPolicy: _p, ...rest } = spec;
      spec = rest;
    }
  }
  if (needsNodePort(old) && !needsNodePort(nextSvc) && sameSet(nodePortSet(old), nodePortSet({ spec }))) {
    spec = { ...spec, ports: ((spec.ports ?? []) as ServicePort[]).map(({ nodePort: _n, ...p }) => p) };
  }
  if (needsHealthCheck(old) && !needsHealthCheck(nextSvc) && spec.healthCheckNodePort === old.spec?.healthCheckNodePort) {
    const { healthCheckNodePort: _h, ...rest } = spec;
    spec = rest;
  }
  return spec;
}

/** updateNodePorts: new requests are taken, missing ones allocated, and node ports no longer used released. */
function updateNodePorts(a: ServiceAllocatorsState, old: KObject, svc: KObject, spec: Spec): { a: ServiceAllocatorsState; spec: Spec } | Fail {
  const owner = ownerOf(svc);
  const oldSet = nodePortSet(old);
  const taken = new Set<number>();
  const allocate = shouldAllocateNodePorts({ ...svc, spec });
  let pool = a.nodePorts;
  const ports: ServicePort[] = [];
  const input = (spec.ports ?? []) as ServicePort[];
  for (let i = 0; i < input.length; i++) {
    const p = input[i]!;
    if (!p.nodePort && !allocate) {
      ports.push(p);
      continue;
    }
    if (p.nodePort) {
      if (!oldSet.has(p.nodePort) && !taken.has(p.nodePort)) {
        const r = takeNodePort(pool, p.nodePort, owner);
        if (typeof r === "string") return invalidService(svc, invalid(`spec.ports[${i}].nodePort`, p.nodePort, r));
        pool = r;
        taken.add(p.nodePort);
      }
      ports.push(p);
    } else {
      const r = nextNodePort(pool, owner);
      if (isFail(r)) return r;
      pool = r.ports;
      ports.push({ ...p, nodePort: r.np });
    }
  }
  const newSet = nodePortSet({ spec: { ports } });
  for (const np of oldSet) if (!newSet.has(np)) pool = rangeRelease(pool, np - NODE_PORT_BASE);
  return { a: pool === a.nodePorts ? a : { ...a, nodePorts: pool }, spec: { ...spec, ports } };
}

function releaseClusterIP(a: ServiceAllocatorsState, svc: KObject): ServiceAllocatorsState {
  if (!isServiceIPSet(svc)) return a;
  const ip = parseIPv4(svc.spec.clusterIP);
  const offset = ip === undefined ? undefined : offsetInRange(SERVICE_IP_RANGE, ip);
  return offset === undefined ? a : { ...a, clusterIPs: rangeRelease(a.clusterIPs, offset) };
}

function releaseNodePorts(a: ServiceAllocatorsState, ports: Iterable<number>): ServiceAllocatorsState {
  let pool = a.nodePorts;
  for (const np of ports) pool = rangeRelease(pool, np - NODE_PORT_BASE);
  return pool === a.nodePorts ? a : { ...a, nodePorts: pool };
}

/**
 * allocateUpdate (with beginUpdate's patchAllocatedValues and the strategy's dropTypeDependentFields): an update
 * from `old` to `next` keeps allocated values the client left out, allocates what a type change needs
 * (ExternalName → ClusterIP, ClusterIP → NodePort, ...) and releases what it no longer needs. A status update
 * (same spec) changes nothing.
 */
export function updateServiceAddresses(state: State, old: KObject, next: KObject): AllocationResult {
  let a = serviceAllocatorsOf(state);
  let spec: Spec = patchAllocatedValues({ ...(next.spec ?? {}) }, old, next);
  spec = dropTypeDependentFields(spec, old, next);
  // normalizeClusterIPs: an old client that kept clusterIP but dropped clusterIPs keeps both.
  if (spec.clusterIP && spec.clusterIP === old.spec?.clusterIP && !Array.isArray(spec.clusterIPs) && old.spec?.clusterIPs) {
    spec = { ...spec, clusterIPs: old.spec.clusterIPs };
  }
  const svc: KObject = { ...next, spec };
  if (!needsClusterIP(old) && needsClusterIP(svc)) {
    const r = allocClusterIP(a, svc, spec);
    if (isFail(r)) return r.fail;
    ({ a, spec } = r);
  } else if (needsClusterIP(old) && !needsClusterIP(svc)) {
    a = releaseClusterIP(a, old);
  }
  if (needsNodePort(old) && !needsNodePort(svc)) a = releaseNodePorts(a, nodePortSet(old));
  if (needsNodePort(svc)) {
    const r = updateNodePorts(a, old, { ...svc, spec }, spec);
    if (isFail(r)) return r.fail;
    ({ a, spec } = r);
  }
  const oldHC: number = needsHealthCheck(old) ? old.spec?.healthCheckNodePort ?? 0 : 0;
  if (needsHealthCheck(svc)) {
    if (!oldHC || (spec.healthCheckNodePort && spec.healthCheckNodePort !== oldHC)) {
      const r = allocHealthCheckNodePort(a, svc, spec);
      if (isFail(r)) return r.fail;
      ({ a, spec } = r);
      if (oldHC) a = releaseNodePorts(a, [oldHC]);
    }
  } else if (oldHC) {
    a = releaseNodePorts(a, [oldHC]);
  }
  return { state: withServiceAllocators(state, a), service: { ...next, spec } };
}

/** releaseAllocatedResources: the ClusterIP, node ports and health-check node port of a Service that is gone. */
export function releaseServiceAddresses(state: State, svc: KObject): State {
  let a = serviceAllocatorsOf(state);
  if (needsClusterIP(svc)) a = releaseClusterIP(a, svc);
  const ports = nodePortSet(svc);
  if (svc.spec?.healthCheckNodePort) ports.add(svc.spec.healthCheckNodePort);
  a = releaseNodePorts(a, ports);
  return withServiceAllocators(state, a);
}

/**
 * afterDelete of the Service storage: the allocations are released, and the Endpoints object of the same name is
 * deleted with the Service ("for fear that the endpoints controller might lag, and we could end up reusing the
 * service name with old endpoints").
 */
export function serviceAfterDelete(state: State, svc: KObject): State {
  let s = releaseServiceAddresses(state, svc);
  const kv = existing(s, ENDPOINTS, svc.metadata.namespace ?? "", svc.metadata.name ?? "");
  if (kv) {
    const d = removeObject(s, ENDPOINTS, kv.value, kv.modRevision);
    if (d.ok) s = d.state;
  }
  return s;
}
