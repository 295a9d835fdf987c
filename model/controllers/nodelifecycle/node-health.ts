/**
 * Deciding whether a node is still alive from its health signals (the Ready condition's heartbeat and the
 * node Lease), and marking it Unknown when neither moved for the grace period.
 * Follows pkg/controller/nodelifecycle/node_lifecycle_controller.go (tryUpdateNodeHealth).
 *
 * The controller never compares the node's timestamps with its own clock: it notes *when it saw them change*
 * (probeTimestamp, its own time). That is what makes it immune to clock skew between kubelet and control
 * plane, and it is why a restarted controller gives every node a fresh grace period.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { fromTimestamp, timestamp } from "../../clock.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import type { NodeCondition, NodeHealth } from "./memory.ts";

/** The conditions the controller sets to Unknown (NetworkUnavailable is managed by the control plane). */
export const CONDITIONS_SET_UNKNOWN = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;

/** GetNodeCondition. */
export const nodeCondition = (node: KObject, type: string): NodeCondition | undefined =>
  ((node.status?.conditions ?? []) as NodeCondition[]).find((c) => c.type === type);

const conditionEqual = (a: NodeCondition | undefined, b: NodeCondition | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? "") === (b.reason ?? "") &&
    (a.message ?? "") === (b.message ?? "") &&
    a.lastHeartbeatTime === b.lastHeartbeatTime &&
    a.lastTransitionTime === b.lastTransitionTime);

/** metav1.MicroTime / Time as milliseconds (missing = the zero time). */
const timeOf = (t: string | undefined): number => (t ? Date.parse(t) : Number.NEGATIVE_INFINITY);

export interface NodeHealthResult {
  readonly state: State;
  /** The health record to save (the deferred nodeHealthMap.set). */
  readonly health: NodeHealth;
  readonly gracePeriod: number;
  /** The Ready condition before this pass (a fake Unknown one when the node never posted one). */
  readonly observedReady: NodeCondition;
  /** The Ready condition after this pass. */
  readonly currentReady: NodeCondition | undefined;
  /** Set when the status update failed (the caller retries with a fresh GET). */
  readonly failed?: boolean;
}

export interface NodeHealthInput {
  readonly client: string;
  /** The node as listed from the cache (or as fetched on a retry). */
  readonly node: KObject;
  readonly saved: NodeHealth | undefined;
  /** The node's Lease in kube-node-lease, from the cache. */
  readonly lease: KObject | undefined;
  readonly nodeMonitorGracePeriod: number;
  readonly nodeStartupGracePeriod: number;
}

/** tryUpdateNodeHealth. */
export function tryUpdateNodeHealth(state: State, input: NodeHealthInput, log: EffectLog): NodeHealthResult {
  const now = state.clock.now;
  const { node, saved } = input;
  const created = node.metadata.creationTimestamp;
  let health: NodeHealth | undefined = saved;
  let gracePeriod: number;
  let observedReady: NodeCondition;
  let currentReady = nodeCondition(node, "Ready");
  const createdAt = created ? fromTimestamp(created) : now;
  if (!currentReady) {
    // The kubelet never posted status: a fake Unknown condition dated at creation, and the startup grace.
    observedReady = { type: "Ready", status: "Unknown", ...(created ? { lastHeartbeatTime: created, lastTransitionTime: created } : {}) };
    gracePeriod = input.nodeStartupGracePeriod;
    if (health) {
      const { ready: _r, ...rest } = health; // nodeHealth.status = &node.Status (which has no Ready condition)
      health = rest;
    } else health = { probeTimestamp: createdAt, readyTransitionTimestamp: createdAt };
  } else {
    observedReady = currentReady;
    gracePeriod = input.nodeMonitorGracePeriod;
  }
  const savedCondition = health?.ready;
  const savedLease = health?.leaseRenewTime;
  const fresh = (): NodeHealth => ({ probeTimestamp: now, readyTransitionTimestamp: now, ...(currentReady ? { ready: currentReady } : {}) });
  if (!health) {
    health = fresh(); // "Missing timestamp for Node. Assuming now as a timestamp"
  } else if (!savedCondition && currentReady) {
    health = fresh(); // a newly observed node, or a controller restarted with the node already in etcd
  } else if (savedCondition && !currentReady) {
    health = fresh(); // the Ready condition was removed: treated as above
  } else if (savedCondition && currentReady && savedCondition.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transition = savedCondition.lastTransitionTime !== currentReady.lastTransitionTime ? now : health.readyTransitionTimestamp;
    health = { probeTimestamp: now, readyTransitionTimestamp: transition, ready: currentReady };
  }
  // A renewed Lease always counts as a heartbeat (a kubelet that only renews its lease is healthy).
  const renew: string | undefined = input.lease?.spec?.renewTime;
  if (input.lease && (savedLease === undefined || timeOf(savedLease) < timeOf(renew))) {
    health = { ...health, probeTimestamp: now, leaseRenewTime: renew ?? "" };
  }

  if (now > health.probeTimestamp + gracePeriod) {
    const nowTs = timestamp(now);
    const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
    for (const type of CONDITIONS_SET_UNKNOWN) {
      const i = conditions.findIndex((c) => c.type === type);
      if (i < 0) {
        conditions.push({
          type,
          status: "Unknown",
          reason: "NodeStatusNeverUpdated",
          message: "Kubelet never posted node status.",
          ...(created ? { lastHeartbeatTime: created } : {}),
          lastTransitionTime: nowTs,
        });
      } else if (conditions[i]!.status !== "Unknown") {
        conditions[i] = { ...conditions[i]!, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: nowTs };
      }
    }
    currentReady = conditions.find((c) => c.type === "Ready");
    if (!conditionEqual(currentReady, observedReady)) {
      const next: KObject = { ...node, status: { ...(node.status ?? {}), conditions } };
      const r = send(state, input.client, { verb: "update", resource: "nodes", name: node.metadata.name!, object: next, subresource: "status" }, log);
      if (isStatus(r.result)) return { state, health, gracePeriod, observedReady, currentReady, failed: true };
      return {
        state: r.state,
        health: {
          probeTimestamp: health.probeTimestamp,
          readyTransitionTimestamp: now,
          ...(currentReady ? { ready: currentReady } : {}),
          ...(input.lease ? { leaseRenewTime: renew ?? "" } : {}),
        },
        gracePeriod,
        observedReady,
        currentReady,
      };
    }
  }
  return { state, health, gracePeriod, observedReady, currentReady };
}
