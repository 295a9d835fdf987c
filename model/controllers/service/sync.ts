/**
 * The service controller's sync handlers. Follows k8s.io/cloud-provider controllers/service/controller.go
 * (syncService, processServiceCreateOrUpdate, syncLoadBalancerIfNeeded, ensureLoadBalancer, addFinalizer,
 * removeFinalizer, patchStatus, processServiceDeletion, processLoadBalancerDelete, syncNodes, nodeSyncService,
 * lockedUpdateLoadBalancerHosts).
 *
 * The finalizer is added before the load balancer is created and removed only after it is deleted: without it a
 * Service deleted while the controller is down (or before its cache sees the deletion) would leave a load balancer
 * behind that nobody owns. The finalizer patches carry the cached resourceVersion (the model's JSON merge patch
 * replaces the whole finalizer list, where Kubernetes' strategic merge patch edits it in place), so a stale cache
 * costs a conflict and a retry instead of another controller's finalizer.
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ReconcileResult } from "../../components/behavior.ts";
import type { EffectLog } from "../../effects.ts";
import { metaNamespaceKey, splitMetaNamespaceKey } from "../../objects/types.ts";
import { btreeDelete, btreeGet, btreeSet, btreeValues } from "../../collections/btree.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { updateComponent } from "../../components/update.ts";
import { queueAddAll } from "../../informers/workqueue.ts";
import { addAfter } from "../../informers/delaying-queue.ts";
import { recordEvent } from "../../events/recorder.ts";
import { ensureLoadBalancer, ensureLoadBalancerDeleted, getLoadBalancer, loadBalancerStatus, updateLoadBalancerHosts } from "../../world/cloud.ts";
import { LOAD_BALANCER_CLEANUP_FINALIZER, hasLBFinalizer, loadBalancerStatusEqual, needsCleanup, nodeIsBackend, wantsLoadBalancer } from "./predicates.ts";
import type { ServiceControllerMemory } from "./memory.ts";

/** The work-queue key of a node sync (the controller's node queue; Service keys always hold a "/"). */
export const NODE_SYNC_KEY = "nodes";

type Outcome = { readonly state: State; readonly error?: string };

const event = (state: State, c: ComponentState, svc: KObject, type: "Normal" | "Warning", reason: string, message: string, log: EffectLog) =>
  recordEvent(state, c.id, svc, { type, reason, message }, log);

/** The backend node names from the controller's node cache, sorted. */
const backendNodes = (c: ComponentState): string[] =>
  cacheList(c, "nodes")
    .filter(nodeIsBackend)
    .map((n) => n.metadata.name!)
    .sort();

function patchFinalizers(state: State, c: ComponentState, svc: KObject, finalizers: readonly string[], log: EffectLog): Outcome {
  const { namespace, name } = splitMetaNamespaceKey(metaNamespaceKey(svc));
  const r = send(state, c.id, { verb: "patch", resource: "services", namespace, name, patch: { metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: svc.metadata.resourceVersion } } }, log);
  return isStatus(r.result) ? { state: r.state, error: r.result.message } : { state: r.state };
}

/** addFinalizer / removeFinalizer. */
function addFinalizer(state: State, c: ComponentState, svc: KObject, log: EffectLog): Outcome {
  if (hasLBFinalizer(svc)) return { state };
  return patchFinalizers(state, c, svc, [...(svc.metadata.finalizers ?? []), LOAD_BALANCER_CLEANUP_FINALIZER], log);
}

function removeFinalizer(state: State, c: ComponentState, svc: KObject, log: EffectLog): Outcome {
  if (!hasLBFinalizer(svc)) return { state };
  return patchFinalizers(state, c, svc, (svc.metadata.finalizers ?? []).filter((f) => f !== LOAD_BALANCER_CLEANUP_FINALIZER), log);
}

/** patchStatus: write status.loadBalancer when it changed; a Service already gone is not an error. */
function patchStatus(state: State, c: ComponentState, svc: KObject, next: { ingress?: unknown[] }, log: EffectLog): Outcome {
  if (loadBalancerStatusEqual(svc.status?.loadBalancer, next)) return { state };
  const { namespace, name } = splitMetaNamespaceKey(metaNamespaceKey(svc));
  const loadBalancer = next.ingress && next.ingress.length > 0 ? next : { ingress: null };
  const r = send(state, c.id, { verb: "patch", resource: "services", namespace, name, subresource: "status", patch: { status: { loadBalancer } } }, log);
  if (isStatus(r.result) && r.result.code !== 404) return { state: r.state, error: `failed to update load balancer status: ${r.result.message}` };
  return { state: r.state };
}

/** syncLoadBalancerIfNeeded: create or update the balancer of a Service that wants one; otherwise delete it. */
function syncLoadBalancerIfNeeded(state: State, c: ComponentState, svc: KObject, log: EffectLog): Outcome & { op: "delete" | "ensure" } {
  if (!wantsLoadBalancer(svc) || needsCleanup(svc)) {
    let s = state;
    if (getLoadBalancer(s, svc)) {
      s = event(s, c, svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer", log);
      s = ensureLoadBalancerDeleted(s, svc, log);
    }
    // Always remove the finalizer once the balancer is gone, so that the Service can go.
    const f = removeFinalizer(s, c, svc, log);
    if (f.error) return { op: "delete", state: f.state, error: `failed to remove load balancer cleanup finalizer: ${f.error}` };
    s = event(f.state, c, svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer", log);
    return { op: "delete", ...patchStatus(s, c, svc, {}, log) };
  }
  let s = event(state, c, svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", log);
  // Always add the finalizer before creating the balancer, so that the Service cannot go before it.
  const f = addFinalizer(s, c, svc, log);
  if (f.error) return { op: "ensure", state: f.state, error: `failed to add load balancer cleanup finalizer: ${f.error}` };
  s = f.state;
  const nodes = backendNodes(c);
  if (nodes.length === 0) s = event(s, c, svc, "Warning", "UnAvailableLoadBalancer", "There are no available nodes for LoadBalancer", log);
  const lb = ensureLoadBalancer(s, svc, nodes, log);
  if ("error" in lb) return { op: "ensure", state: s, error: `failed to ensure load balancer: ${lb.error}` };
  s = event(lb.state, c, svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", log);
  return { op: "ensure", ...patchStatus(s, c, svc, loadBalancerStatus(lb.lb), log) };
}

/** processLoadBalancerDelete: delete the balancer of a Service that is gone (the path without finalizer). */
function processLoadBalancerDelete(state: State, c: ComponentState, svc: KObject, log: EffectLog): State {
  if (!wantsLoadBalancer(svc)) return state;
  let s = event(state, c, svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer", log);
  s = ensureLoadBalancerDeleted(s, svc, log);
  return event(s, c, svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer", log);
}

/** A service controller component, its memory typed. */
type ServiceControllerComponent = ComponentState<ServiceControllerMemory>;

const withMemory = (state: State, c: ServiceControllerComponent, m: ServiceControllerMemory): State => updateComponent<ServiceControllerMemory>(state, c.id, (cur) => ({ ...cur, memory: m }));

/** The service controller's rate limiter: ItemExponentialFailureRateLimiter(minRetryDelay 5 s, maxRetryDelay 300 s). */
const MIN_RETRY_DELAY = 5;
const MAX_RETRY_DELAY = 300;

/** The delay before the retry of a key that has failed `failures` times before (follows controller.go, New). */
export function retryDelay(failures: number): number {
  return Math.min(MIN_RETRY_DELAY * 2 ** failures, MAX_RETRY_DELAY);
}

/** syncService for one Service key (processNextServiceItem: AddRateLimited on error, Forget on success). */
export function syncLoadBalancerService(state: State, c: ServiceControllerComponent, key: string, log: EffectLog): ReconcileResult {
  let m = c.memory;
  const svc = cacheGet(c, "services", key);
  if (!svc) {
    // processServiceDeletion: the watch caught the deletion; clean up what the controller knew about.
    const cached = btreeGet(m.cache, key);
    if (!cached) return { state };
    const s = processLoadBalancerDelete(state, c, cached, log);
    return { state: withMemory(s, c, { ...m, cache: btreeDelete(m.cache, key) }) };
  }
  let s = state;
  const cached = btreeGet(m.cache, key);
  if (cached && cached.metadata.uid !== svc.metadata.uid) {
    // Deleted and re-created under the same name before the controller saw it (only possible without finalizer).
    s = processLoadBalancerDelete(s, c, cached, log);
  }
  m = { ...m, cache: btreeSet(m.cache, key, svc) };
  const r = syncLoadBalancerIfNeeded(s, c, svc, log);
  s = r.state;
  if (r.error) {
    s = event(s, c, svc, "Warning", "SyncLoadBalancerFailed", `Error syncing load balancer: ${r.error}`, log);
    // AddRateLimited: the key comes back after 5 s, doubling up to 300 s while the syncs keep failing (a
    // balancer that cannot be made, with no node to point it at, is not retried in a hot loop).
    const n = btreeGet(m.failures, key) ?? 0;
    s = withMemory(s, c, { ...m, failures: btreeSet(m.failures, key, n + 1) });
    return { state: addAfter(s, c.id, key, retryDelay(n), true) };
  }
  // Forget: the next failure starts from the shortest delay again.
  if (btreeGet(m.failures, key) !== undefined) m = { ...m, failures: btreeDelete(m.failures, key) };
  if (r.op === "delete") m = { ...m, cache: btreeDelete(m.cache, key) };
  return { state: withMemory(s, c, m) };
}

/** syncNodes: repoint every known balancer whose backend set changed; failures requeue their Services. */
export function syncLoadBalancerNodes(state: State, c: ServiceControllerComponent, log: EffectLog): ReconcileResult {
  const m = c.memory;
  const nodes = backendNodes(c);
  const changed = nodes.join("\0") !== m.lastSyncedNodes.join("\0");
  let s = state;
  const retry: string[] = [];
  if (changed) {
    for (const svc of btreeValues(m.cache)) {
      if (!wantsLoadBalancer(svc)) continue;
      const r = updateLoadBalancerHosts(s, svc, nodes, log);
      if ("error" in r) {
        // It is only an error if the balancer still exists.
        if (getLoadBalancer(s, svc)) {
          s = event(s, c, svc, "Warning", "UpdateLoadBalancerFailed", `Error updating load balancer with new hosts ${nodes.join(", ")}: ${r.error}`, log);
          retry.push(metaNamespaceKey(svc));
        }
        continue;
      }
      s = r;
      s = nodes.length === 0
        ? event(s, c, svc, "Warning", "UnAvailableLoadBalancer", "There are no available nodes for LoadBalancer", log)
        : event(s, c, svc, "Normal", "UpdatedLoadBalancer", "Updated load balancer with new hosts", log);
    }
  }
  s = updateComponent<ServiceControllerMemory>(s, c.id, (cur) => ({
    ...cur,
    memory: { ...cur.memory, lastSyncedNodes: nodes },
    queue: retry.length ? queueAddAll(cur.queue, retry) : cur.queue,
  }));
  return { state: s };
}
