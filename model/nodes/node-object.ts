/**
 * The Node object a kubelet registers for its machine. Follows pkg/kubelet/kubelet_node_status.go
 * (initialNode, setNodeStatus): capacity and allocatable from the machine, the kubernetes.io/hostname label,
 * and a Ready condition.
 */
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";

export interface MachineSpec {
  readonly name: string;
  readonly capacity: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export function nodeObject(m: MachineSpec, now: number, podCIDR?: string): KObject {
  const capacity = { cpu: "4", memory: "8Gi", pods: "110", ...m.capacity };
  const ts = timestamp(now);
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
      conditions: [
        { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: ts, lastTransitionTime: ts },
      ],
    },
  };
}
