/**
 * Variants of the kubelet for the bug zoo: `makeKubeletBehavior(options)` builds a kubelet behaviour with a
 * documented Kubernetes bug switched in; with no option set it is the kubelet itself.
 *
 * - `dropsRelistDeletions` (kubernetes#131115, "Kubelet can host phantom pod upon etcd restore"): after a hole
 *   in the history of its API pod watch, the kubelet keeps the pods that vanished in the hole. Kubernetes'
 *   reflector relists when the API server answers 410 Gone, and the relist (DeltaFIFO.Replace; the pod config
 *   source's SET) removes every pod that vanished meanwhile from the pod manager, which HandlePodCleanups then
 *   kills as orphaned. After an etcd restore done without `--bump-revision --mark-compacted`, nothing told the
 *   kubelet that the history it watched was gone: no relist happened, the pod erased by the restore stayed in its
 *   pod manager, and the kubelet ran it (and counted it at admission: the issue's OutOfcpu pods) until it was
 *   restarted. The model has no etcd restore; its hole is a compaction while the kubelet's watch is behind, and
 *   the variant loses what the relist says about the hole: the deletions it implies (the DELETED the relist
 *   hands the handlers for a cached object the list no longer has) never reach the pod manager, so the pod stays
 *   in the kubelet's cache and is synced — run — as if the API still had it.
 * - `admissionCountsTerminalPods` (kubernetes#104560, fixed by PR #104577; the endless OutOfcpu replacement
 *   of kubernetes#42433): the kubelet's admission counts pods of the node that already reached Succeeded or
 *   Failed as if they still held their resources (admit.ts reads the option). A finished pod then makes the
 *   kubelet reject pods the scheduler rightly placed; each rejected pod is Failed too, so it keeps the node
 *   "full" for the next one, and its controller replaces it at once, forever.
 */
import type { WatchEvent } from "../apiserver/watch.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { btreeSet } from "../collections/btree.ts";
import { updateComponent } from "../components/update.ts";
import { kubeletBehavior } from "./behavior.ts";
import { PODS } from "./keys.ts";
import type { ComponentBehavior } from "../components/behavior.ts";
import type { KubeletOptions } from "./options.ts";
import type { KubeletComponent, KubeletMemory } from "./memory.ts";

export type { KubeletOptions } from "./options.ts";

/** Queue key of a pod the relist says vanished, carrying the pod the pod manager keeps. */
const KEPT_PREFIX = "kept-after-relist:";

/**
 * A DELETED that a relist synthesizes for a cached object the list no longer has (cache.ts relist: the cached
 * object itself, as DeltaFIFO.Replace's DeletedFinalStateUnknown); a watch DELETED carries the object at its
 * deletion's resourceVersion.
 */
const isImpliedByRelist = (ev: WatchEvent): boolean => ev.type === "DELETED" && ev.object === ev.oldObject;

/** The pod manager keeps `pod`: it goes back into the kubelet's pod cache. */
function keepPod(state: State, c: KubeletComponent, pod: KObject): { state: State; c: KubeletComponent } {
  const inf = c.informers[PODS];
  if (!inf) return { state, c };
  const next: KubeletComponent = { ...c, informers: { ...c.informers, [PODS]: { ...inf, cache: btreeSet(inf.cache, metaNamespaceKey(pod), pod) } } };
  return { state: updateComponent<KubeletMemory>(state, c.id, () => next), c: next };
}

/** A kubelet behaviour with the given bug-zoo options (none: the kubelet itself). */
export function makeKubeletBehavior(options: KubeletOptions = {}): ComponentBehavior<KubeletMemory> {
  const base = kubeletBehavior;
  // admissionCountsTerminalPods is read by admit.ts from the config (options.ts): the behaviour is the kubelet's.
  if (!options.dropsRelistDeletions) return base;
  return {
    ...base,
    keysFor(resource, ev, c) {
      if (resource === PODS && isImpliedByRelist(ev)) return [`${KEPT_PREFIX}${JSON.stringify(ev.object)}`];
      return base.keysFor(resource, ev, c);
    },
    reconcile(state, c, key, log) {
      if (!key.startsWith(KEPT_PREFIX)) return base.reconcile(state, c, key, log);
      const pod = JSON.parse(key.slice(KEPT_PREFIX.length)) as KObject;
      const kept = keepPod(state, c, pod);
      return base.reconcile(kept.state, kept.c, metaNamespaceKey(pod), log);
    },
  };
}
