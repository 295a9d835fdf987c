/**
 * The node heartbeat through the Node object. Follows pkg/kubelet/kubelet_node_status.go (registerWithAPIServer,
 * tryUpdateNodeStatus, setNodeStatus) and pkg/kubelet/nodestatus/setters.go (ReadyCondition, MachineInfo,
 * NodeAddress): GET the Node; if it is missing, register it again; otherwise patch its status: capacity and
 * allocatable from the machine, addresses, and the Ready condition True with lastHeartbeatTime = now
 * (lastTransitionTime kept while it was already True). Conditions the kubelet does not own are left as they are.
 *
 * Model choice: the status is posted every 10 s (nodeStatusUpdateFrequency) even when nothing changed, as
 * kubelets did before node leases (and as one with --node-status-report-frequency=10s does); the Lease is
 * renewed on the same tick (lease.ts).
 */
import type { ComponentState, State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { timestamp } from "../clock.ts";
import { nodeAddresses, nodeObject } from "../nodes/node-object.ts";
import { kubeletNodeConditions, machineCapacity, nodeDaemonEndpoints, nodeSystemInfo } from "../nodes/node-status.ts";
import { getMachine } from "../world/machine.ts";
import { hostIPOf } from "../world/network.ts";
import { NODES } from "./keys.ts";

/** nodeStatusUpdateFrequency, seconds. */
export const NODE_STATUS_UPDATE_FREQUENCY = 10;

/** Posts the node's status (or registers the Node when it is gone). */
export function syncNodeStatus(state: State, c: ComponentState, node: string, log: EffectLog): State {
  const m = getMachine(state, node);
  if (!m) return state;
  const now = state.clock.now;
  const got = send(state, c.id, { verb: "get", resource: NODES, name: node }, log);
  if (isStatus(got.result)) {
    if (got.result.code !== 404) return state;
    const r = send(state, c.id, { verb: "create", resource: NODES, object: nodeObject({ name: node, capacity: m.capacity, ...(m.labels ? { labels: m.labels } : {}), internalIP: hostIPOf(m) }, now, m.podCIDR) }, log);
    return r.state;
  }
  const current = got.result;
  const conditions = kubeletNodeConditions(current.status?.conditions, timestamp(now));
  const capacity = machineCapacity(m.capacity);
  const r = send(
    state,
    c.id,
    {
      verb: "patch",
      resource: NODES,
      name: node,
      subresource: "status",
      patch: {
        status: {
          capacity,
          allocatable: capacity,
          conditions,
          addresses: nodeAddresses(node, hostIPOf(m)),
          daemonEndpoints: nodeDaemonEndpoints(),
          nodeInfo: nodeSystemInfo(node),
        },
      },
    },
    log,
  );
  return r.state;
}
