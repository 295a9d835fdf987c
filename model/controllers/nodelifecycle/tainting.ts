/**
 * The node lifecycle controller's NoExecute tainting: queueing unhealthy nodes per zone, draining the queues
 * through their rate limiters, and removing the taints when a node is healthy again.
 * Follows pkg/controller/nodelifecycle/node_lifecycle_controller.go (processTaintBaseEviction,
 * markNodeForTainting, markNodeAsReachable, doNoExecuteTaintingPass, addPodEvictorForNewZone).
 */
import type { KObject } from "../../objects/types.ts";
import { cacheGet } from "../../informers/cache.ts";
import { enqueueAfter } from "../../informers/enqueue-after.ts";
import { NODES, type Ctx } from "./context.ts";
import type { NodeCondition, Pass } from "./memory.ts";
import { nodeCondition } from "./node-health.ts";
import { removeTaintOffNode, swapNodeControllerTaint } from "./node-taint-client.ts";
import {
  ensureZone,
  secondsUntilToken,
  tainterAdd,
  tainterHead,
  tainterRemove,
  tainterTry,
  zonesWithQueuedNodes,
} from "./rate-limited-queue.ts";
import { NOT_READY_TAINT, UNREACHABLE_TAINT, nodeTaints, taintExists } from "./taints.ts";
import { getZoneKey } from "./zones.ts";

/** The work-queue key of a tainting pass that waits for a limiter token. */
export const TAINT_PASS_KEY = "taint";

/** addPodEvictorForNewZone: a zone seen for the first time starts Initial, with a tainter at the normal rate. */
export function addPodEvictorForNewZone(p: Pass, ctx: Ctx, node: KObject): void {
  const zone = getZoneKey(node);
  if (p.mem.zoneStates[zone] !== undefined) return;
  p.mem = {
    ...p.mem,
    zoneStates: { ...p.mem.zoneStates, [zone]: "Initial" },
    tainters: ensureZone(p.mem.tainters, zone, ctx.options.tuning.evictionLimiterQPS, p.state.clock.now),
  };
}

/**
 * markNodeAsReachable: removes both NoExecute taints (no request when the cached node has neither) and takes
 * the node out of its zone's tainter. Returns false when a removal failed.
 */
export function markNodeAsReachable(p: Pass, ctx: Ctx, node: KObject): boolean {
  const name = node.metadata.name!;
  const a = removeTaintOffNode(p.state, ctx.c.id, name, node, [UNREACHABLE_TAINT], ctx.log);
  p.state = a.state;
  if (!a.ok) return false;
  const b = removeTaintOffNode(p.state, ctx.c.id, name, node, [NOT_READY_TAINT], ctx.log);
  p.state = b.state;
  if (!b.ok) return false;
  p.mem = { ...p.mem, tainters: tainterRemove(p.mem.tainters, getZoneKey(node), name).tainters };
  return true;
}

/**
 * markNodeForTainting: queues the node in its zone's tainter. A node that lacks the taint its condition calls
 * for is first removed from the set, so that a taint someone deleted by hand is put back.
 */
function markNodeForTainting(p: Pass, node: KObject, status: "False" | "Unknown"): void {
  const zone = getZoneKey(node);
  const name = node.metadata.name!;
  let t = p.mem.tainters;
  const wanted = status === "False" ? NOT_READY_TAINT : UNREACHABLE_TAINT;
  if (!taintExists(nodeTaints(node), wanted)) t = tainterRemove(t, zone, name).tainters;
  t = tainterAdd(t, zone, name, node.metadata.uid ?? "", p.state.clock.now).tainters;
  p.mem = { ...p.mem, tainters: t };
}

/**
 * processTaintBaseEviction, on the Ready condition observed *before* this pass's update: a not-ready node that
 * carries the other NoExecute taint has it swapped at once; otherwise it is queued for tainting; a Ready node
 * loses both taints.
 */
export function processTaintBaseEviction(p: Pass, ctx: Ctx, node: KObject, observedReady: NodeCondition): void {
  switch (observedReady.status) {
    case "False":
      if (taintExists(nodeTaints(node), UNREACHABLE_TAINT)) {
        p.state = swapNodeControllerTaint(p.state, ctx.c.id, [NOT_READY_TAINT], [UNREACHABLE_TAINT], node, ctx.log).state;
      } else markNodeForTainting(p, node, "False");
      break;
    case "Unknown":
      if (taintExists(nodeTaints(node), NOT_READY_TAINT)) {
        p.state = swapNodeControllerTaint(p.state, ctx.c.id, [UNREACHABLE_TAINT], [NOT_READY_TAINT], node, ctx.log).state;
      } else markNodeForTainting(p, node, "Unknown");
      break;
    case "True":
      markNodeAsReachable(p, ctx, node);
      break;
  }
}

/**
 * doNoExecuteTaintingPass: each zone's tainter taints its due nodes while its limiter gives tokens; a node
 * whose Ready condition is True again is dropped, one that vanished is dropped. Unreachable and not-ready are
 * kept mutually exclusive, mirroring the Ready condition. When nodes stay queued behind a limiter that will
 * refill, a one-shot timer brings the pass back then (Kubernetes polls every 100 ms).
 */
export function noExecuteTaintingPass(p: Pass, ctx: Ctx): void {
  const now = p.state.clock.now;
  for (const zone of zonesWithQueuedNodes(p.mem.tainters)) {
    const r = tainterTry(p.mem.tainters, zone, now, p.state, (s, v) => {
      const node = cacheGet(ctx.c, NODES, v.value);
      if (!node) return { s, ok: true, wait: 0 }; // no longer in the lister
      const cond = nodeCondition(node, "Ready");
      if (!cond) return { s, ok: false, wait: 0.05 };
      let add = UNREACHABLE_TAINT;
      let opposite = NOT_READY_TAINT;
      if (cond.status === "False") {
        add = NOT_READY_TAINT;
        opposite = UNREACHABLE_TAINT;
      } else if (cond.status !== "Unknown") return { s, ok: true, wait: 0 }; // ready again: no taint
      const w = swapNodeControllerTaint(s, ctx.c.id, [add], [opposite], node, ctx.log);
      return { s: w.state, ok: w.ok, wait: 0 };
    });
    p.state = r.s;
    p.mem = { ...p.mem, tainters: r.tainters };
  }
  let next = Number.POSITIVE_INFINITY;
  for (const zone of zonesWithQueuedNodes(p.mem.tainters)) {
    const limiter = p.mem.tainters.limiters[zone];
    const head = tainterHead(p.mem.tainters, zone);
    if (!limiter || !head) continue;
    next = Math.min(next, Math.max(secondsUntilToken(limiter, now), head.processAt - now));
  }
  if (Number.isFinite(next)) p.state = enqueueAfter(p.state, ctx.c.id, TAINT_PASS_KEY, next);
}
