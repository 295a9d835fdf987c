/**
 * The Node object a kubelet registers for its machine. Follows pkg/kubelet/kubelet_node_status.go
 * (initialNode, then setNodeStatus before registerWithAPIServer): the kubernetes.io/hostname label, capacity and
 * allocatable from the machine, its addresses, the conditions, nodeInfo and daemonEndpoints (node-status.ts).
 */
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";
import { kubeletNodeConditions, machineCapacity, nodeDaemonEndpoints, nodeSystemInfo } from "./node-status.ts";

export interface MachineSpec {
  readonly name: string;
  readonly capacity: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** The machine's InternalIP (world/network.ts hostIPOf); without it the Node registers with no addresses. */
  readonly internalIP?: string;
}

/** status.addresses as the kubelet reports them without a cloud provider (setters.go NodeAddress). */
export function nodeAddresses(name: string, internalIP: string): { type: string; address: string }[] {
  return [
    { type: "InternalIP", address: internalIP },
    { type: "Hostname", address: name },
  ];
}

export function nodeObject(m: MachineSpec, now: number, podCIDR?: string): KObject {
  const capacity = machineCapacity(m.capacity);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: m.name,
      labels: { "kubernetes.io/hostname": m.name, "kubernetes.io/os": "linux", ...(m.labels ?? {}) },
    },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: kubeletNodeConditions([], timestamp(now)),
      ...(m.internalIP !== undefined ? { addresses: nodeAddresses(m.name, m.internalIP) } : {}),
      daemonEndpoints: nodeDaemonEndpoints(),
      nodeInfo: nodeSystemInfo(m.name),
    },
  };
}
