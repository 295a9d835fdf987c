/**
 * Variants of the kubelet for the bug zoo: `makeKubeletBehavior(options)` builds a kubelet behaviour with a
 * documented Kubernetes bug switched in; with no option set it is the kubelet itself.
 *
 * - `resumeWatchAcrossGap` (kubernetes#131115, "Kubelet can host phantom pod upon etcd restore"): the kubelet's
 *   API pod source carries on watching across a hole in the history instead of relisting. Kubernetes'
 *   reflector relists when the API server answers 410 Gone, and the relist (DeltaFIFO.Replace, the config
 *   source's SET) removes every pod that vanished meanwhile, which HandlePodCleanups then kills as orphaned.
 *   After an etcd restore done without `--bump-revision --mark-compacted`, nothing tells the kubelet that the
 *   history it watched is gone: its watch resumes, the pod erased by the restore is never removed from its pod
 *   manager, and the kubelet keeps running it — and counting it at admission (the issue's OutOfcpu pods) —
 *   until it restarts. The model has no etcd restore; the same hole is compaction while the kubelet's watch is
 *   behind: the variant swallows the 410 and resumes watching from the current revision, keeping its cache.
 * - `admissionCountsTerminalPods` (kubernetes#104560, fixed by PR #104577; the endless OutOfcpu replacement
 *   of kubernetes#42433): the kubelet's admission counts pods of the node that already reached Succeeded or
 *   Failed as if they still held their resources. A finished pod then makes the kubelet reject pods the
 *   scheduler rightly placed; each rejected pod is Failed too, so it keeps the node "full" for the next one,
 *   and its controller replaces it at once, forever.
 */
import type { ComponentState, State } from "../state.ts";
import { updateComponent } from "../components/lifecycle.ts";
import { kubeletBehavior } from "./behavior.ts";
import { PODS } from "./keys.ts";
import type { KubeletBehavior, KubeletOptions } from "./options.ts";

export type { KubeletBehavior, KubeletOptions } from "./options.ts";

/**
 * The pod watch "resumes" past the hole: the reflector takes the server's current revision as where it is and
 * keeps its cache, so the pods removed in the hole stay in it (and in the kubelet's pod manager).
 */
function resumePodWatch(state: State, c: ComponentState): { state: State; c: ComponentState } {
  const inf = c.informers[PODS];
  if (!inf?.expired) return { state, c };
  const next: ComponentState = { ...c, informers: { ...c.informers, [PODS]: { ...inf, expired: false, revision: state.store.revision } } };
  return { state: updateComponent(state, c.id, () => next), c: next };
}

/** A kubelet behaviour with the given bug-zoo options (none: the kubelet itself). */
export function makeKubeletBehavior(options: KubeletOptions = {}): KubeletBehavior {
  const base = kubeletBehavior;
  if (!options.resumeWatchAcrossGap && !options.admissionCountsTerminalPods) return base;
  if (!options.resumeWatchAcrossGap) return { ...base, kubeletOptions: options };
  return {
    ...base,
    kubeletOptions: options,
    // The expired watch is never relisted: the informer waits for the worker to "resume" it.
    active(state, c) {
      const a = base.active!(state, c);
      return c.informers[PODS]?.expired ? { ...a, watch: false } : a;
    },
    reconcile(state, c, key, log) {
      const r = resumePodWatch(state, c);
      return base.reconcile(r.state, r.c, key, log);
    },
  };
}
