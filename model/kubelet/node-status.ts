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
import { nodeObject } from "../nodes/node-object.ts";
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
    const r = send(state, c.id, { verb: "create", resource: NODES, object: nodeObject({ name: node, capacity: m.capacity, ...(m.labels ? { labels: m.labels } : {}) }, now, m.podCIDR) }, log);
    return r.state;
  }
  const current = got.result;
  const conditions: any[] = [...(current.status?.conditions ?? [])];
  const i = conditions.findIndex((x) => x.type === "Ready");
  const prev = i >= 0 ? conditions[i] : undefined;
  const ts = timestamp(now);
  const ready = {
    type: "Ready",
    status: "True",
    lastHeartbeatTime: ts,
    lastTransitionTime: prev?.status === "True" && prev.lastTransitionTime ? prev.lastTransitionTime : ts,
    reason: "KubeletReady",
    message: "kubelet is posting ready status",
  };
  if (i >= 0) conditions[i] = ready;
  else conditions.push(ready);
  const capacity = { cpu: "4", memory: "8Gi", pods: "110", ...m.capacity };
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
          addresses: [
            { type: "InternalIP", address: hostIPOf(m) },
            { type: "Hostname", address: node },
          ],
        },
      },
    },
    log,
  );
  return r.state;
}
