/**
 * The node lifecycle controller starts no eviction while every zone is fully disrupted.
 *
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go (handleDisruption): when no node of any zone is
 * Ready, the likelier story is that the control plane lost the network, not that every node died, so the
 * controller enters "master disruption mode": it removes the NoExecute taints of every node and stops tainting
 * (the zones' rate limiters go to 0) until some node is Ready again. A zone that is fully disrupted while another
 * zone is healthy IS drained, at the normal rate (HealthyQPSFunc): the property is about all zones, not one.
 *
 * It is stated on what the controller does, the taint, rather than on pod deletions: with taint-based eviction
 * the NoExecute taint is the eviction (tainteviction deletes the pods that do not tolerate it, or once their
 * tolerationSeconds run out). Pod deletions during a full disruption can happen in correct Kubernetes too: a
 * taint put on while another zone was still healthy survives the switch to master disruption mode when the
 * controller's node cache has not seen it yet (markNodeAsReachable → RemoveTaintOffNode skips a node whose
 * cached copy has no taint), and its pods are evicted later. Adding a taint is never right: the pass that writes
 * the last Ready node's condition to Unknown is the pass that enters master disruption mode, and in the model
 * only the node controller (or a kubelet posting Ready) changes a node's Ready condition. (Should the model's
 * kubelet ever post Ready=False, a controller whose node cache lags that write could rightly taint a node in the
 * step where the store shows every node not Ready; the check would then have to read the controller's cache.)
 *
 * Checked on the store after each step: if every node (outside the exclude-disruption label) has a Ready
 * condition other than True, no such node that had neither node.kubernetes.io/unreachable nor
 * node.kubernetes.io/not-ready as a NoExecute taint before the step has one after it. Nodes with the
 * exclude-disruption label are outside the rule: a zone made only of them has no zone state, and Go's
 * master disruption mode zeroes the rate limiters of the zones in zoneStates only, so such a node may still be
 * tainted.
 */
import type { Invariant, Violation } from "./types.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { eventsSince, nodes, ref } from "./objects.ts";
import { btreeGet } from "../model/collections/btree.ts";

const NODES_PREFIX = "/registry/nodes/";
const NO_EXECUTE_KEYS = ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"];
/** labelNodeDisruptionExclusion: such nodes are left out of the zone states. */
const EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

/** Whether the node carries one of the node controller's NoExecute taints. */
export const hasEvictionTaint = (n: KObject | undefined): boolean =>
  (n?.spec?.taints ?? []).some((t: any) => t.effect === "NoExecute" && NO_EXECUTE_KEYS.includes(t.key));

const isExcluded = (n: KObject): boolean => n.metadata.labels?.[EXCLUDE_DISRUPTION] !== undefined;

const isReady = (n: KObject): boolean => (n.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");

/**
 * Whether every zone is fully disrupted: there is at least one node counted in the zone states and none of them
 * is Ready (ComputeZoneState's FullDisruption for each zone).
 */
export function allZonesFullyDisrupted(list: readonly KObject[]): boolean {
  const counted = list.filter((n) => !isExcluded(n));
  return counted.length > 0 && !counted.some(isReady);
}

export const noEvictionInFullDisruption: Invariant = {
  id: "no-eviction-in-full-disruption",
  description: "while every zone is fully disrupted (no node Ready), the node controller taints no node for eviction",
  kind: "safety",
  source: "pkg/controller/nodelifecycle/node_lifecycle_controller.go (handleDisruption: master disruption mode)",
  check(state: State, prev?: State) {
    // Only the nodes written in this step can have gained a taint; the zones are looked at only then.
    const tainted: KObject[] = [];
    const seen = new Set<string>();
    for (const ev of eventsSince(state, prev)) {
      if (!ev.kv.key.startsWith(NODES_PREFIX) || seen.has(ev.kv.key)) continue;
      seen.add(ev.kv.key);
      const after = btreeGet(state.store.kvs, ev.kv.key)?.value;
      if (after && !isExcluded(after) && hasEvictionTaint(after) && !hasEvictionTaint(btreeGet(prev!.store.kvs, ev.kv.key)?.value)) tainted.push(after);
    }
    if (tainted.length === 0 || !allZonesFullyDisrupted(nodes(state))) return [];
    return tainted.map((n): Violation => ({
      invariant: this.id,
      objects: [ref(n)],
      message: `${ref(n)} was tainted for eviction while every zone is fully disrupted (no node is Ready)`,
    }));
  },
};
