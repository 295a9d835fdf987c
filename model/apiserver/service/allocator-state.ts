/**
 * The API server's Service allocators: the ClusterIP range of the service CIDR (--service-cluster-ip-range) and
 * the NodePort range (--service-node-port-range). In Kubernetes their bitmaps are stored in etcd as
 * RangeAllocation objects beside the Services (pkg/registry/core/rangeallocation); here they are part of the API
 * server's state, at `state.api.serviceAllocators`.
 *
 * Until ApiServerState declares that field, reads fall back to empty allocators and writes add it, so the
 * functions below work on any State.
 */
import type { ApiServerState, State } from "../../state.ts";
import { ipv4Range, type IPv4Range } from "./cidr.ts";
import { rangeEmpty, type RangeAllocator } from "./range-allocator.ts";

/** The service CIDR kubeadm uses by default (--service-cluster-ip-range). */
export const SERVICE_CIDR = "10.96.0.0/12";
export const SERVICE_IP_RANGE: IPv4Range = ipv4Range(SERVICE_CIDR);

/** The default --service-node-port-range, 30000-32767. */
export const NODE_PORT_BASE = 30000;
export const NODE_PORT_SIZE = 2768;
export const NODE_PORT_RANGE_TEXT = `${NODE_PORT_BASE}-${NODE_PORT_BASE + NODE_PORT_SIZE - 1}`;

export interface ServiceAllocatorsState {
  /** Offsets into {@link SERVICE_IP_RANGE} (offset 0 = 10.96.0.1), owned by "namespace/name". */
  readonly clusterIPs: RangeAllocator;
  /** Offsets from {@link NODE_PORT_BASE}, owned by "namespace/name". */
  readonly nodePorts: RangeAllocator;
}

/** The allocators of a new cluster: nothing taken. */
export function emptyServiceAllocators(): ServiceAllocatorsState {
  return { clusterIPs: rangeEmpty(SERVICE_IP_RANGE.size), nodePorts: rangeEmpty(NODE_PORT_SIZE) };
}

const EMPTY = emptyServiceAllocators();

type WithAllocators = ApiServerState & { readonly serviceAllocators?: ServiceAllocatorsState };

/** The allocators of a state (empty ones when the state has none yet). */
export function serviceAllocatorsOf(state: State): ServiceAllocatorsState {
  return (state.api as WithAllocators).serviceAllocators ?? EMPTY;
}

/** The state with its allocators replaced. */
export function withServiceAllocators(state: State, a: ServiceAllocatorsState): State {
  if ((state.api as WithAllocators).serviceAllocators === a) return state;
  const api: WithAllocators = { ...state.api, serviceAllocators: a };
  return { ...state, api };
}
