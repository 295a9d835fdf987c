/**
 * A pod's key: keeps the nodeName index current, marks a pod that landed on an unhealthy node not ready
 * (node_lifecycle_controller.go processPod, which exists for pods the periodic pass missed because the cache
 * lagged), and lets the taint eviction controller evaluate it (taint_eviction.go handlePodUpdate).
 */
import type { WatchEvent } from "../../apiserver/watch.ts";
import { btreeGet } from "../../collections/btree.ts";
import { cacheGet } from "../../informers/cache.ts";
import { NODES, PODS, type Ctx } from "./context.ts";
import type { Pass } from "./memory.ts";
import { markPodsNotReady } from "./pod-conditions.ts";
import { indexPod } from "./pod-index.ts";
import { handlePodUpdate } from "./taint-eviction.ts";

/** Work-queue key of a pod update. */
export const podKey = (key: string) => `pod|${key}`;

const sameTolerations = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * The pod event handlers of both controllers, merged: node lifecycle's podUpdated (a pod that got a node) and
 * taint eviction's PodUpdated (added, deleted, or nodeName or tolerations changed). Other updates (status,
 * labels) are not interesting to either.
 */
export function podEventWanted(ev: WatchEvent): boolean {
  if (ev.type !== "MODIFIED" || !ev.oldObject) return true;
  return ev.object.spec?.nodeName !== ev.oldObject.spec?.nodeName || !sameTolerations(ev.object.spec?.tolerations, ev.oldObject.spec?.tolerations);
}

/** Works one pod key; returns true when it should be retried (a conflict with a lagging cache). */
export function processPodUpdate(p: Pass, ctx: Ctx, key: string): boolean {
  const pod = cacheGet(ctx.c, PODS, key);
  p.mem = { ...p.mem, pods: indexPod(p.mem.pods, key, pod?.spec?.nodeName || undefined) };
  let retry = false;
  const nodeName: string | undefined = pod?.spec?.nodeName;
  if (pod && nodeName) {
    const health = btreeGet(p.mem.health, nodeName);
    // Node data not gathered yet, or the node is gone: the next node pass handles the pod. (Upstream requeues
    // a pod whose node the lister lacks; the periodic pass covers it here without a hot retry loop.)
    if (health?.ready && cacheGet(ctx.c, NODES, nodeName) && health.ready.status !== "True") {
      const m = markPodsNotReady(p.state, ctx.c.id, [pod], nodeName, ctx.log);
      p.state = m.state;
      retry = !m.ok && m.onlyConflicts;
    }
  }
  handlePodUpdate(p, ctx, key);
  return retry;
}
