/**
 * The namespace controller. Follows pkg/controller/namespace/namespace_controller.go:
 * - add and update events of a namespace with a deletionTimestamp queue it after namespaceDeletionGracePeriod
 *   (5 s), so that NamespaceLifecycle admission on every API server has seen the deletion, and last-minute
 *   creates are visible, before the content is listed: without the delay an object created just before the
 *   namespace turned Terminating could be missed by the list and outlive its namespace;
 * - a worker runs the deleter (deleter.ts) for the key: when content remains it is re-added after
 *   estimate/2 + 1 seconds; on another error it is re-added rate limited (5 ms doubling up to 60 s,
 *   nsControllerRateLimiter); on success the failure count is forgotten.
 * Event handlers cannot set timers in the model, so an event queues an "observed/<ns>" key whose reconcile
 * does the AddAfter; the delaying queue keeps the earliest of several pending times (model/informers/delaying-queue.ts).
 * Waiting for content (estimates) holds settle open: the namespace is still changing on its own. The
 * rate-limited retries after an unexpected error do not (they are periodic timers): a namespace stuck on
 * content that will never go lets the cluster quiesce with the namespace Terminating, as it stays in
 * Kubernetes.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { State } from "../../state.ts";
import { cacheGet } from "../../informers/cache.ts";
import { updateComponent } from "../../components/update.ts";
import { addAfter } from "../../informers/delaying-queue.ts";
import { deleteNamespaceContent } from "./deleter.ts";

export const NAMESPACE_CONTROLLER_KIND = "namespace-controller";
export const NAMESPACE_CONTROLLER_ID = "kube-controller-manager/namespace";

/** namespaceDeletionGracePeriod (seconds). */
export const NAMESPACE_DELETION_GRACE_PERIOD = 5;

/** nsControllerRateLimiter: per-item exponential back-off, 5 ms doubling, at most 60 s. */
export const NS_RETRY_BASE = 0.005;
export const NS_RETRY_MAX = 60;

/** --namespace-sync-period: the namespace informer's resync (seconds). */
export const NAMESPACE_SYNC_PERIOD = 5 * 60;

const OBSERVED = "observed/";

export interface NamespaceControllerMemory {
  /** The rate limiter's failure count per namespace (NumRequeues), forgotten on success. */
  readonly failures: Readonly<Record<string, number>>;
}

function setFailures(state: State, id: string, key: string, n: number | undefined): State {
  return updateComponent<NamespaceControllerMemory>(state, id, (c) => {
    const cur = c.memory.failures;
    if (cur[key] === n) return c;
    const failures = { ...cur };
    if (n === undefined) delete failures[key];
    else failures[key] = n;
    return { ...c, memory: { failures } };
  });
}

/** The namespace controller's behaviour (kind "namespace-controller"). */
export const namespaceController: ComponentBehavior<NamespaceControllerMemory> = {
  kind: NAMESPACE_CONTROLLER_KIND,
  source: "pkg/controller/namespace/namespace_controller.go",
  watches: () => [{ resource: "namespaces" }],
  // enqueueNamespace (AddFunc, UpdateFunc): only namespaces being deleted. No DeleteFunc.
  keysFor: (_resource, ev) => (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp ? [`${OBSERVED}${ev.object.metadata.name}`] : []),
  reconcile(state, c, key, log) {
    if (key.startsWith(OBSERVED)) return { state: addAfter(state, c.id, key.slice(OBSERVED.length), NAMESPACE_DELETION_GRACE_PERIOD) };
    // syncNamespaceFromKey: the lister first; a namespace gone from the cache is done.
    if (!cacheGet(c, "namespaces", key)) return { state: setFailures(state, c.id, key, undefined) };
    const r = deleteNamespaceContent(state, c, key, log);
    switch (r.outcome.kind) {
      case "done":
        return { state: setFailures(r.state, c.id, key, undefined) };
      case "remaining":
        return { state: addAfter(r.state, c.id, key, Math.floor(r.outcome.estimate / 2) + 1) };
      case "error": {
        const n = c.memory.failures[key] ?? 0;
        const delay = Math.min(NS_RETRY_BASE * 2 ** n, NS_RETRY_MAX);
        return { state: addAfter(setFailures(r.state, c.id, key, n + 1), c.id, key, delay, true) };
      }
    }
  },
  initialMemory: () => ({ failures: {} }),
  resyncPeriod: NAMESPACE_SYNC_PERIOD,
};
