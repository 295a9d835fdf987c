/**
 * The node controller evicting every pod of the cluster when it can no longer hear from any node. Before
 * kubernetes PR #28897 (for kubernetes#28832), the node controller treated each unresponsive node on its own: a
 * control plane cut off from all its nodes (its own network failing, not the nodes) saw every node NotReady and
 * evicted the pods of all of them, at the normal rate, one node after another. The fix made evictions zone-aware
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go, handleDisruption and ComputeZoneState): a zone
 * with no Ready node is in FullDisruption and is still drained at the normal rate while other zones are healthy
 * (its workload can move there), but when every zone is fully disrupted the controller enters "master
 * disruption mode": it stops all evictions and removes the NoExecute taints until some node is Ready again.
 *
 * Here the node lifecycle controller runs with `stopEvictionsOnFullDisruption: false`: each zone is handled on
 * its own, full disruption included. In the zones scope every node goes silent once the grace period has passed;
 * the controller marks them Unknown, and one pass later taints every node node.kubernetes.io/unreachable
 * (NoExecute) — the pods that tolerate it for 10 s are deleted 10 s after.
 */
import type { Bug } from "./types.ts";
import { NODE_LIFECYCLE_KIND } from "../../model/controllers/nodelifecycle/behavior.ts";

export const nodeEvictFullDisruption: Bug = {
  id: "node-evict-full-disruption",
  title: "the node controller evicts every pod when every zone is fully disrupted (no master disruption mode)",
  source: "kubernetes/kubernetes#28832, kubernetes/kubernetes#28897 (zone-aware evictions: stop all evictions when every zone is fully disrupted)",
  component: NODE_LIFECYCLE_KIND,
  invariant: "no-eviction-in-full-disruption",
  scope: "zones",
  minimalLength: 1,
  budget: { seed: 1, runs: 10 },
  // From 35 s of silence (scenarios/zoo/node-evict-full-disruption.yaml): the monitor's timers pass the grace
  // period, a pass marks the nodes Unknown, the next one taints node-a1 (100 states; bug off ~300 at depth 6).
  explore: { depth: 6, scenario: "scenarios/zoo/node-evict-full-disruption.yaml" },
  variant: { components: { [NODE_LIFECYCLE_KIND]: { stopEvictionsOnFullDisruption: false } } },
};
