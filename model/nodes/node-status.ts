/**
 * What a kubelet writes into its Node's status, setter by setter, as kubelet v1.32 does: the node's conditions
 * (MemoryPressure, DiskPressure, PIDPressure, then Ready, which must stay last), nodeInfo and daemonEndpoints.
 *
 * Follows pkg/kubelet/nodestatus/setters.go (MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition,
 * ReadyCondition, VersionInfo, GoRuntime, MachineInfo's NodeInfo ids, DaemonEndpoints) in the order
 * pkg/kubelet/kubelet_node_status.go (defaultNodeStatusFuncs) runs them. Pure.
 *
 * Model choices: the machines of the world never run short of memory, disk or PIDs (the model has no eviction
 * manager), so each pressure condition is False; the machine looks like a kind node (Debian 12, containerd
 * 1.7.24, amd64), and its machine id, system UUID and boot id are drawn from its name (the model draws nothing at
 * random), so `kubectl describe node` and `kubectl get nodes -o wide` show what they show on a kind cluster.
 */
import { fnv32aCodeUnits, hex32 } from "../collections/fnv.ts";
import { SERVER_VERSION } from "../apiserver/discovery.ts";

/**
 * What a machine has when its spec does not say: 4 cpu, 8Gi, 110 pods (the kubelet's --max-pods default) and
 * 100Gi of ephemeral storage. A real kubelet always reports ephemeral-storage (LocalStorageCapacityIsolation is
 * GA; setters.go MachineInfo takes it from the root filesystem, and ReadyCondition reports the node NotReady
 * without it), so a pod that requests ephemeral storage fits a node as it does on a real cluster.
 */
export const DEFAULT_NODE_CAPACITY: Readonly<Record<string, string>> = { cpu: "4", "ephemeral-storage": "100Gi", memory: "8Gi", pods: "110" };

/**
 * A machine's capacity: the defaults overridden by what its spec gives, keys sorted as a Go map of resources
 * marshals them (cpu, ephemeral-storage, memory, pods, ...).
 */
export function machineCapacity(given: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const merged: Record<string, string> = { ...DEFAULT_NODE_CAPACITY, ...(given ?? {}) };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
}

/** A node condition as the kubelet and the node lifecycle controller write it. */
export interface KubeletNodeCondition {
  readonly type: string;
  readonly status: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** One pressure condition's words: False (no pressure) is the only state the model's machines are in. */
interface PressureSetter {
  readonly type: string;
  readonly falseReason: string;
  readonly falseMessage: string;
}

/** The pressure setters, in defaultNodeStatusFuncs order (setters.go). */
const PRESSURE_SETTERS: readonly PressureSetter[] = [
  { type: "MemoryPressure", falseReason: "KubeletHasSufficientMemory", falseMessage: "kubelet has sufficient memory available" },
  { type: "DiskPressure", falseReason: "KubeletHasNoDiskPressure", falseMessage: "kubelet has no disk pressure" },
  { type: "PIDPressure", falseReason: "KubeletHasSufficientPID", falseMessage: "kubelet has sufficient PID available" },
];

/** The Ready condition of a kubelet that has no runtime, network or storage errors (setters.go ReadyCondition). */
export const KUBELET_READY = { reason: "KubeletReady", message: "kubelet is posting ready status" } as const;

/**
 * A pressure condition updated in place (or appended when missing): the heartbeat moves every time; status,
 * reason, message and lastTransitionTime change only when the status was not already False (a new condition
 * starts Unknown, so it transitions now). Follows setters.go (MemoryPressureCondition and its two siblings).
 */
function setPressureCondition(conditions: KubeletNodeCondition[], s: PressureSetter, ts: string): void {
  const i = conditions.findIndex((c) => c.type === s.type);
  const current: KubeletNodeCondition = i >= 0 ? conditions[i]! : { type: s.type, status: "Unknown" };
  const transitions = current.status !== "False";
  // Built in NodeCondition's field order, as the API serves it.
  const next: KubeletNodeCondition = {
    type: s.type,
    status: "False",
    lastHeartbeatTime: ts,
    ...(transitions ? { lastTransitionTime: ts } : current.lastTransitionTime !== undefined ? { lastTransitionTime: current.lastTransitionTime } : {}),
    ...(transitions ? { reason: s.falseReason, message: s.falseMessage } : { ...(current.reason !== undefined ? { reason: current.reason } : {}), ...(current.message !== undefined ? { message: current.message } : {}) }),
  };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}

/**
 * The Ready condition True, replacing the one there (its lastTransitionTime kept when it was already True) or
 * appended. Follows setters.go (ReadyCondition).
 */
function setReadyCondition(conditions: KubeletNodeCondition[], ts: string): void {
  const i = conditions.findIndex((c) => c.type === "Ready");
  const prev = i >= 0 ? conditions[i] : undefined;
  const ready: KubeletNodeCondition = {
    type: "Ready",
    status: "True",
    lastHeartbeatTime: ts,
    lastTransitionTime: prev?.status === "True" && prev.lastTransitionTime ? prev.lastTransitionTime : ts,
    reason: KUBELET_READY.reason,
    message: KUBELET_READY.message,
  };
  if (i >= 0) conditions[i] = ready;
  else conditions.push(ready);
}

/**
 * The conditions after one kubelet status pass at `ts`: the three pressure conditions then Ready, each updated
 * where it is or appended in that order; conditions the kubelet does not own (NetworkUnavailable, a user's) are
 * kept where they are. Follows setters.go in kubelet_node_status.go's defaultNodeStatusFuncs order.
 */
export function kubeletNodeConditions(existing: readonly KubeletNodeCondition[] | undefined, ts: string): KubeletNodeCondition[] {
  const conditions = [...(existing ?? [])];
  for (const s of PRESSURE_SETTERS) setPressureCondition(conditions, s, ts);
  setReadyCondition(conditions, ts);
  return conditions;
}

/** The kubelet's and kube-proxy's version: the model's Kubernetes version (version.Get().String()). */
export const KUBELET_VERSION = SERVER_VERSION.gitVersion;

/** 32 hex digits drawn from the node's name and a salt (a stand-in for /etc/machine-id and the DMI UUID). */
function hex128(name: string, salt: string): string {
  let out = "";
  for (let k = 0; k < 4; k++) out += hex32(fnv32aCodeUnits(`${salt}/${k}/${name}`));
  return out;
}

/** 32 hex digits as a UUID (8-4-4-4-12). */
const asUuid = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/**
 * status.nodeInfo: ids from MachineInfo, kernel, OS image and runtime version from VersionInfo, kubelet and
 * kube-proxy version (DisableNodeKubeProxyVersion is off by default in v1.32, so kubeProxyVersion is still set),
 * and GOOS/GOARCH from GoRuntime. Follows setters.go (MachineInfo, VersionInfo, GoRuntime).
 */
export function nodeSystemInfo(name: string): Record<string, string> {
  return {
    machineID: hex128(name, "machine-id"),
    systemUUID: asUuid(hex128(name, "system-uuid")),
    bootID: asUuid(hex128(name, "boot-id")),
    kernelVersion: "6.8.0-kubeprop",
    osImage: "Debian GNU/Linux 12 (bookworm)",
    containerRuntimeVersion: "containerd://1.7.24",
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: KUBELET_VERSION,
    operatingSystem: "linux",
    architecture: "amd64",
  };
}

/** The kubelet's port (--port, default 10250), which `kubectl logs` / exec reach through the API server. */
export const KUBELET_PORT = 10250;

/** status.daemonEndpoints. Follows setters.go (DaemonEndpoints). */
export const nodeDaemonEndpoints = (): { kubeletEndpoint: { Port: number } } => ({ kubeletEndpoint: { Port: KUBELET_PORT } });
