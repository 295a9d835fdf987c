/**
 * Deleting everything in a namespace. Follows pkg/controller/namespace/deletion/namespaced_resources_deleter.go
 * (Delete, deleteAllContent, deleteAllContentForGroupVersionResource, deleteEachItem, estimateGracefulTermination,
 * estimateGracefulTerminationForPods, finalizeNamespace, retryOnConflictError, updateNamespaceStatusFunc):
 * - the namespace is read live (several controllers edit a terminating namespace);
 * - every namespaced resource the server serves (built-ins and custom resources: the discovery list) is listed
 *   and each item deleted with propagationPolicy Background (so the garbage collector does not orphan
 *   dependents behind the namespace's back); the model's API has no deletecollection, which the real deleter
 *   falls back from to the same list-and-delete;
 * - what is still listed afterwards decides: pods still within their grace period give an estimate, items with
 *   finalizers the 15 s finalizer estimate, anything else is an error ("unexpected items still remain");
 * - conditions record the pass; when nothing remains, "kubernetes" is removed from spec.finalizers through the
 *   finalize subresource, and the API server deletes the namespace once no finalizer is left.
 * Resources are visited in the server's resource order (the real one ranges over a map: random order).
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import type { ResourceInfo } from "../../apiserver/resources.ts";
import { callApi, itemsOf, type RequestContext } from "../../client.ts";
import { fromTimestamp } from "../../clock.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { allResources } from "../../apiserver/lookup.ts";
import { resourceId } from "../../apiserver/resources.ts";
import { updateDeletionConditions, type ContentTotals } from "./conditions.ts";
import { nextNamespacePhase } from "../../lifecycles/namespace.ts";
import { GONE } from "../../lifecycles/types.ts";

/** The finalizer token this controller owns (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = "kubernetes";

/** finalizerEstimateSeconds: the assumed time for finalizers to complete on items pending deletion. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** How a Delete pass ended (nil error, ResourcesRemainingError, or another error). */
export type DeleteOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "remaining"; readonly estimate: number }
  | { readonly kind: "error"; readonly message: string };

/** retryOnConflictError: fn again on a fresh read after each 409; an error if the uid changed meanwhile. */
function retryOnConflict(ctx: RequestContext, ns: KObject, fn: (ns: KObject) => KObject | Status): KObject | Status {
  let latest = ns;
  // The model's writes within one reconcile are only this controller's own, so a retry converges at once;
  // the bound only guards against a programming error looping forever.
  for (let i = 0; i < 10; i++) {
    const r = fn(latest);
    if (!isStatus(r) || r.code !== 409) return r;
    const prev = latest;
    const got = callApi(ctx, { verb: "get", resource: "namespaces", name: ns.metadata.name! });
    if (isStatus(got)) return got;
    if (got.metadata.uid !== prev.metadata.uid) return { ...r, message: "namespace uid has changed across retries" };
    latest = got;
  }
  return latest;
}

/**
 * updateNamespaceStatusFunc: phase Terminating once the deletion timestamp is set. The phase comes from the
 * Namespace chart (model/lifecycles/namespace.machine.ts): the deletion is its Delete event, and the controller
 * writes the phase that event leads to, if any. So the controller cannot move a namespace along a phase change
 * the chart does not have (a Terminating namespace is never made Active again, whatever its cache says).
 */
function ensureTerminating(ctx: RequestContext, ns: KObject): KObject | Status {
  if (!ns.metadata.deletionTimestamp) return ns;
  const phase = nextNamespacePhase(ns, { type: "Delete" });
  if (phase === undefined || phase === GONE || phase === ns.status?.phase) return ns;
  return callApi(ctx, { verb: "update", resource: "namespaces", name: ns.metadata.name!, object: { ...ns, status: { ...(ns.status ?? {}), phase } }, subresource: "status" });
}

/**
 * finalizeNamespace: spec.finalizers without this controller's token, through the finalize subresource. This is
 * the chart's ContentRemoved event; a namespace from whose state the chart takes no ContentRemoved (already
 * finalized) is left as it is.
 */
function finalizeNamespace(ctx: RequestContext, ns: KObject): KObject | Status {
  if (nextNamespacePhase(ns, { type: "ContentRemoved" }) === undefined) return ns;
  const finalizers = [...new Set<string>((ns.spec?.finalizers ?? []).filter((f: string) => f !== FINALIZER_KUBERNETES))].sort();
  // The finalize subresource is served by update.ts; the request type lists only "status" so far.
  const req = { verb: "update", resource: "namespaces", name: ns.metadata.name!, object: { ...ns, spec: { ...(ns.spec ?? {}), finalizers } }, subresource: "finalize" } as unknown as ApiRequest;
  const r = callApi(ctx, req);
  // "it was removed already, so life is good"
  return isStatus(r) && r.code === 404 ? ns : r;
}

/** estimateGracefulTerminationForPods, then cut to zero once that long has passed since the namespace's deletion. */
function estimateForPods(pods: readonly KObject[], deletedAt: number, now: number): number {
  let estimate = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const grace = p.spec?.terminationGracePeriodSeconds ?? 30;
    if (grace > estimate) estimate = grace;
  }
  return now - deletedAt >= estimate ? 0 : estimate;
}

interface ResourceResult {
  readonly estimate: number;
  readonly remaining: number;
  readonly finalizers: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** schema.GroupVersionResource's String(), as error messages print it: "/v1, Resource=pods". */
const gvrString = (i: ResourceInfo) => `${i.group}/${i.version}, Resource=${i.plural}`;

/** deleteAllContentForGroupVersionResource for one resource. */
function deleteResourceContent(ctx: RequestContext, info: ResourceInfo, namespace: string, deletedAt: number): ResourceResult {
  const resource = resourceId(info);
  const first = callApi(ctx, { verb: "list", resource, namespace });
  // listCollection: NotFound / MethodNotSupported mean "not supported" (a resource that went away): nothing to do.
  if (isStatus(first)) return first.code === 404 || first.code === 405 ? { estimate: 0, remaining: 0, finalizers: {} } : { estimate: 0, remaining: 0, finalizers: {}, error: first.message };
  const estimate = resource === "pods" ? estimateForPods(itemsOf(first), deletedAt, ctx.state.clock.now) : 0;
  // deleteEachItem
  for (const item of itemsOf(first)) {
    const r = callApi(ctx, { verb: "delete", resource, namespace, name: item.metadata.name!, propagationPolicy: "Background" });
    if (isStatus(r) && r.code !== 404 && r.code !== 405) return { estimate, remaining: 0, finalizers: {}, error: r.message };
  }
  // verify there are no more remaining items
  const after = callApi(ctx, { verb: "list", resource, namespace });
  if (isStatus(after)) return after.code === 404 || after.code === 405 ? { estimate, remaining: 0, finalizers: {} } : { estimate, remaining: 0, finalizers: {}, error: after.message };
  const items = itemsOf(after);
  if (items.length === 0) return { estimate: 0, remaining: 0, finalizers: {} };
  const finalizers: Record<string, number> = {};
  for (const it of items) for (const f of it.metadata.finalizers ?? []) finalizers[f] = (finalizers[f] ?? 0) + 1;
  if (estimate !== 0) return { estimate, remaining: items.length, finalizers };
  if (Object.keys(finalizers).length > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
  return { estimate, remaining: items.length, finalizers: {}, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(info)}` };
}

/** deleteAllContent: every namespaced resource; conditions updated; the largest estimate and the errors. */
function deleteAllContent(ctx: RequestContext, ns: KObject): { estimate: number; errors: string[] } {
  const namespace = ns.metadata.name!;
  const deletedAt = fromTimestamp(ns.metadata.deletionTimestamp!);
  let estimate = 0;
  const errors: string[] = [];
  const remainingByResource: Record<string, number> = {};
  const remainingByFinalizer: Record<string, number> = {};
  for (const info of allResources(ctx.state)) {
    if (!info.namespaced) continue;
    const r = deleteResourceContent(ctx, info, namespace, deletedAt);
    if (r.error) errors.push(r.error);
    if (r.estimate > estimate) estimate = r.estimate;
    if (r.remaining > 0) {
      remainingByResource[`${info.plural}.${info.group}`] = r.remaining;
      for (const [f, n] of Object.entries(r.finalizers)) if (n > 0) remainingByFinalizer[f] = (remainingByFinalizer[f] ?? 0) + n;
    }
  }
  const totals: ContentTotals = { remainingByResource, remainingByFinalizer, deleteErrors: errors };
  const { conditions, changed } = updateDeletionConditions(ns.status?.conditions, totals, ctx.state.clock.now);
  // Always written when changed: a condition that failed before must read ok again. A failed write is only
  // logged by the real controller.
  if (changed) callApi(ctx, { verb: "update", resource: "namespaces", name: namespace, object: { ...ns, status: { ...(ns.status ?? {}), conditions } }, subresource: "status" });
  return { estimate, errors };
}

/** Delete: one pass over a namespace; the caller requeues by the outcome. */
export function deleteNamespaceContent(state: State, c: ComponentState, name: string, log: EffectLog): { state: State; outcome: DeleteOutcome } {
  const ctx: RequestContext = { state, c, log };
  const done = (): { state: State; outcome: DeleteOutcome } => ({ state: ctx.state, outcome: { kind: "done" } });
  const fail = (s: Status): { state: State; outcome: DeleteOutcome } =>
    s.code === 404 ? done() : { state: ctx.state, outcome: { kind: "error", message: s.message } };

  const got = callApi(ctx, { verb: "get", resource: "namespaces", name });
  if (isStatus(got)) return fail(got);
  if (!got.metadata.deletionTimestamp) return done();
  const ns = retryOnConflict(ctx, got, (n) => ensureTerminating(ctx, n));
  if (isStatus(ns)) return fail(ns);
  if (!ns.metadata.deletionTimestamp) return done();
  // Already finalized by this controller: nothing left to do here (other finalizers are others' business).
  if ((ns.spec?.finalizers ?? []).length === 0) return done();

  const content = deleteAllContent(ctx, ns);
  if (content.errors.length > 0) return { state: ctx.state, outcome: { kind: "error", message: content.errors.sort().join(", ") } };
  if (content.estimate > 0) return { state: ctx.state, outcome: { kind: "remaining", estimate: content.estimate } };
  // `ns` may be stale after the condition write: the finalize conflicts and is retried on a fresh read.
  const fin = retryOnConflict(ctx, ns, (n) => finalizeNamespace(ctx, n));
  if (isStatus(fin)) return fail(fin);
  return done();
}
