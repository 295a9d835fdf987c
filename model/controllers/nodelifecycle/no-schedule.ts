/**
 * Taint nodes by condition: every node condition that makes a node unfit for new pods becomes a NoSchedule
 * taint (Ready=False → not-ready, Ready=Unknown → unreachable, MemoryPressure=True → memory-pressure, ...), and
 * spec.unschedulable becomes the unschedulable taint. The scheduler then needs only taints and tolerations.
 * Follows pkg/controller/nodelifecycle/node_lifecycle_controller.go (doNoScheduleTaintingPass,
 * nodeConditionToTaintKeyStatusMap, taintKeyToNodeConditionMap).
 */
import { cacheGet } from "../../informers/cache.ts";
import { NODES, type Ctx } from "./context.ts";
import type { NodeCondition, Pass } from "./memory.ts";
import { swapNodeControllerTaint } from "./node-taint-client.ts";
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  nodeTaints,
  taintSetDiff,
  type Taint,
} from "./taints.ts";

/** nodeConditionToTaintKeyStatusMap: condition type → status → taint key. */
export const NODE_CONDITION_TO_TAINT_KEY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

/** taintKeyToNodeConditionMap's keys: the taints this pass owns. */
const CONDITION_TAINT_KEYS = new Set(Object.values(NODE_CONDITION_TO_TAINT_KEY).flatMap((m) => Object.values(m)));

/** The NoSchedule taints a node's conditions and spec call for. */
export function conditionTaints(conditions: readonly NodeCondition[], unschedulable: boolean): Taint[] {
  const out: Taint[] = [];
  for (const c of conditions) {
    const key = NODE_CONDITION_TO_TAINT_KEY[c.type]?.[c.status];
    if (key) out.push({ key, effect: "NoSchedule" });
  }
  if (unschedulable) out.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
  return out;
}

/** doNoScheduleTaintingPass for one node (from the node update queue). */
export function doNoScheduleTaintingPass(p: Pass, ctx: Ctx, nodeName: string): void {
  const node = cacheGet(ctx.c, NODES, nodeName);
  if (!node) return; // not found: ignored
  const wanted = conditionTaints(node.status?.conditions ?? [], node.spec?.unschedulable === true);
  const owned = nodeTaints(node).filter((t) => t.effect === "NoSchedule" && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  const { toAdd, toRemove } = taintSetDiff(wanted, owned);
  if (toAdd.length === 0 && toRemove.length === 0) return;
  // A failure is only logged upstream (the node is not requeued); the next node update retries.
  p.state = swapNodeControllerTaint(p.state, ctx.c.id, toAdd, toRemove, node, ctx.log).state;
}
