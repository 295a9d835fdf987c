/**
 * The canonical layout of Endpoints subsets, and the capacity limit. Follows pkg/api/v1/endpoints/util.go
 * (RepackSubsets, mapAddressByPort, SortSubsets, LessEndpointAddress) and
 * pkg/controller/endpoint/endpoints_controller.go (truncateEndpoints, capacityAnnotationSetCorrectly,
 * endpointSubsetsEqualIgnoreResourceVersion).
 *
 * RepackSubsets groups, for every distinct port, the addresses that offer it, then merges ports offered by the same
 * address set into one subset; an address that is not ready on a port is not ready in its subset ("not ready always
 * trumps ready"). Kubernetes orders ports and subsets by an md5 of their dump; the model orders them by their JSON
 * text, which is as deterministic and needs no hashing.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from "./pod-endpoints.ts";
import { jsonEqual } from "../../apiserver/common.ts";

/** Addresses an Endpoints object holds at most (maxCapacity). */
export const MAX_CAPACITY = 1000;
/** The annotation set when the controller truncated the addresses (v1.EndpointsOverCapacity). */
export const OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";

// The sentinel port of subsets without ports (a headless Service without ports), so their addresses survive.
const NO_PORT = "\0none";

const addressKey = (a: EndpointAddress): string => `${a.ip}\0${a.targetRef?.uid ?? ""}`;

/** LessEndpointAddress: by IP text, then by target uid (an address without a target first). */
export function compareEndpointAddress(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ub === undefined) return ua === undefined ? 0 : 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

const byText = <T>(x: T, y: T): number => {
  const a = JSON.stringify(x);
  const b = JSON.stringify(y);
  return a < b ? -1 : a > b ? 1 : 0;
};

/** RepackSubsets: the canonical subsets for the given ones (a new array). */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  // port text → (address key → ready)
  const portToAddrReady = new Map<string, Map<string, boolean>>();
  const portsByText = new Map<string, EndpointPort | undefined>();
  const mapAddress = (addr: EndpointAddress, portText: string, ready: boolean) => {
    const k = addressKey(addr);
    if (!allAddrs.has(k)) allAddrs.set(k, addr);
    let set = portToAddrReady.get(portText);
    if (!set) portToAddrReady.set(portText, (set = new Map()));
    const was = set.get(k);
    if (was === undefined || was) set.set(k, ready);
  };
  for (const s of subsets) {
    const ports: readonly (EndpointPort | undefined)[] = s.ports && s.ports.length > 0 ? s.ports : [undefined];
    for (const port of ports) {
      const text = port === undefined ? NO_PORT : JSON.stringify(port);
      portsByText.set(text, port);
      for (const a of s.addresses ?? []) mapAddress(a, text, true);
      for (const a of s.notReadyAddresses ?? []) mapAddress(a, text, false);
    }
  }
  // Group ports by the exact set of (address, ready) that offers them.
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [portText, addrs] of portToAddrReady) {
    const sig = [...addrs.entries()].map(([k, r]) => `${k}\0${r ? 1 : 0}`).sort().join("\n");
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { addrs, ports: [] }));
    const port = portsByText.get(portText);
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.addrs) (r ? ready : notReady).push(allAddrs.get(k)!);
    ready.sort(compareEndpointAddress);
    notReady.sort(compareEndpointAddress);
    g.ports.sort(byText);
    out.push({
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    });
  }
  return out.sort(byText);
}

const countAddresses = (subsets: readonly EndpointSubset[]) => {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  return { ready, notReady };
};

/**
 * truncateEndpoints: above MAX_CAPACITY addresses, keep ready ones first, spread over the subsets in proportion;
 * returns the truncated subsets, or undefined when nothing had to go.
 */
export function truncateSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  const { ready, notReady } = countAddresses(subsets);
  if (ready + notReady <= MAX_CAPACITY) return undefined;
  const truncateReady = ready > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
  const total = truncateReady ? ready : notReady;
  let canBeAdded = max;
  return subsets.map((s) => {
    const inSubset = truncateReady ? s.addresses?.length ?? 0 : s.notReadyAddresses?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, toBeAdded);
      canBeAdded -= addresses.length;
      const { notReadyAddresses: _n, addresses: _a, ...rest } = s;
      return { ...(addresses.length ? { addresses } : {}), ...rest };
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
    canBeAdded -= notReadyAddresses.length;
    const { notReadyAddresses: _n, ...rest } = s;
    return { ...rest, ...(notReadyAddresses.length ? { notReadyAddresses } : {}) };
  });
}

/** capacityAnnotationSetCorrectly: over capacity needs truncation; under it the annotation must be absent. */
export function capacityAnnotationSetCorrectly(annotations: Readonly<Record<string, string>> | undefined, subsets: readonly EndpointSubset[]): boolean {
  const { ready, notReady } = countAddresses(subsets);
  if (ready + notReady > MAX_CAPACITY) return false;
  return annotations?.[OVER_CAPACITY_ANNOTATION] === undefined;
}

/** Subsets with target resourceVersions dropped and empty lists as absent (Semantic.DeepEqual's view). */
function normalized(subsets: readonly EndpointSubset[] | undefined): unknown {
  const addr = (a: EndpointAddress) => {
    if (!a.targetRef) return a;
    const { resourceVersion: _rv, ...t } = a.targetRef;
    return { ...a, targetRef: t };
  };
  return (subsets ?? []).map((s) => ({
    a: (s.addresses ?? []).map(addr),
    n: (s.notReadyAddresses ?? []).map(addr),
    p: s.ports ?? [],
  }));
}

/** endpointSubsetsEqualIgnoreResourceVersion: deep equality whatever the key order (jsonEqual). */
export const subsetsEqualIgnoringResourceVersion = (a: readonly EndpointSubset[] | undefined, b: readonly EndpointSubset[] | undefined): boolean =>
  jsonEqual(normalized(a), normalized(b));
