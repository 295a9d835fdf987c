/**
 * The CRD finalizer controller: deleting a CustomResourceDefinition deletes its custom resources. Follows
 * staging/src/k8s.io/apiextensions-apiserver/pkg/controller/finalizer/crd_finalizer.go (sync, deleteInstances,
 * addCustomResourceDefinition, updateCustomResourceDefinition):
 * - a CRD being deleted that still has the customresourcecleanup.apiextensions.k8s.io finalizer (put there by
 *   the CRD registry's delete, crd-finalizer.ts) is synced;
 * - sync sets the Terminating condition (InstanceDeletionInProgress), deletes every instance in every
 *   namespace through the API (admission and finalizers apply), and waits for the list to be empty before it
 *   removes its finalizer, so the API server stops serving the resource only once nothing of it is stored: a
 *   CRD removed first would strand its objects in etcd, invisible and undeletable until a CRD of the same name
 *   came back.
 * The real sync polls the list every 5 s for up to a minute inside the worker; here the worker returns and the
 * key comes back after 5 s (a one-shot timer) until the minute is over, then the InstanceDeletionCheck failure
 * is recorded and the key is retried rate limited. Every CRD is taken as Established (the model serves a CRD's
 * resource as soon as the CRD exists). The finalizer is removed with a main-resource update because the
 * model's status strategy keeps metadata (the real CRD status strategy lets UpdateStatus change finalizers):
 * the final status write and the finalizer removal are two requests here.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import { cacheGet } from "../../informers/cache.ts";
import { callApi, itemsOf, type RequestContext } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { crdResource } from "../../apiserver/hooks.ts";
import { resourceId } from "../../apiserver/resources.ts";
import { jsonEqual } from "../../apiserver/common.ts";
import { updateComponent } from "../../components/update.ts";
import { addAfter } from "../../informers/delaying-queue.ts";
import { CUSTOM_RESOURCE_CLEANUP_FINALIZER, setCrdCondition, type CrdCondition } from "../../apiserver/crd-finalizer.ts";

export const CRD_CLEANUP_KIND = "crd-cleanup-controller";
export const CRD_CLEANUP_ID = "kube-apiserver/crd-cleanup";

/** wait.PollImmediate(5*time.Second, 1*time.Minute, ...) in deleteInstances. */
export const CRD_POLL_INTERVAL = 5;
export const CRD_POLL_TIMEOUT = 60;

/** DefaultControllerRateLimiter's per-item back-off: 5 ms doubling, at most 1000 s. */
const RETRY_BASE = 0.005;
const RETRY_MAX = 1000;

export interface CrdCleanupMemory {
  /** When the current wait for instances to go began, per CRD (the PollImmediate loop's start). */
  readonly pollingSince: Readonly<Record<string, number>>;
  /** The rate limiter's failure count per CRD. */
  readonly failures: Readonly<Record<string, number>>;
}

const deleting = (crd: KObject) => Boolean(crd.metadata.deletionTimestamp) && (crd.metadata.finalizers ?? []).includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER);

/** The CRD without what this controller itself changes (resourceVersion, the Terminating condition). */
function withoutOwnChanges(crd: KObject): unknown {
  const { resourceVersion: _rv, ...metadata } = crd.metadata;
  const conditions = (crd.status?.conditions ?? []).filter((c: CrdCondition) => c.type !== "Terminating");
  return { ...crd, metadata, status: { ...(crd.status ?? {}), conditions } };
}

function keysFor(_resource: string, ev: WatchEvent): readonly string[] {
  if (ev.type === "DELETED" || !deleting(ev.object)) return [];
  if (ev.type === "ADDED" || !ev.oldObject) return [ev.object.metadata.name!];
  // always requeue resyncs; otherwise only when something besides the Terminating condition changed, since
  // this controller is likely the one that wrote it (requeueing would hot-loop).
  if (ev.oldObject.metadata.resourceVersion === ev.object.metadata.resourceVersion) return [ev.object.metadata.name!];
  return jsonEqual(withoutOwnChanges(ev.oldObject), withoutOwnChanges(ev.object)) ? [] : [ev.object.metadata.name!];
}

type Outcome = { readonly kind: "done" } | { readonly kind: "poll" } | { readonly kind: "error" };

const updateStatus = (ctx: RequestContext, crd: KObject) =>
  callApi(ctx, { verb: "update", resource: "customresourcedefinitions.apiextensions.k8s.io", name: crd.metadata.name!, object: crd, subresource: "status" });

/** deleteInstances: the condition to record, and whether instances are gone / still going / could not be deleted. */
function deleteInstances(ctx: RequestContext, crd: KObject, pollingSince: number | undefined): { cond: Omit<CrdCondition, "lastTransitionTime">; outcome: Outcome } {
  const info = crdResource(crd);
  const failed = (reason: string, message: string) => ({ cond: { type: "Terminating", status: "True" as const, reason, message }, outcome: { kind: "error" as const } });
  if (!info) return failed("InstanceDeletionFailed", `could not list instances: unable to find a custom resource client for ${crd.spec?.names?.plural}.${crd.spec?.group}`);
  const resource = resourceId(info);
  const all = callApi(ctx, { verb: "list", resource });
  if (isStatus(all)) return failed("InstanceDeletionFailed", `could not list instances: ${all.message}`);
  const errors: string[] = [];
  for (const item of itemsOf(all)) {
    const r = callApi(ctx, { verb: "delete", resource, ...(item.metadata.namespace ? { namespace: item.metadata.namespace } : {}), name: item.metadata.name! });
    if (isStatus(r) && r.code !== 404) errors.push(r.message);
  }
  if (errors.length > 0) return failed("InstanceDeletionFailed", `could not issue all deletes: ${errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`}`);
  // PollImmediate: the first check right away, then every 5 s until a minute has passed.
  const left = callApi(ctx, { verb: "list", resource });
  if (isStatus(left)) return failed("InstanceDeletionCheck", `could not confirm zero CustomResources remaining: ${left.message}`);
  if (itemsOf(left).length > 0) {
    if (ctx.state.clock.now - (pollingSince ?? ctx.state.clock.now) >= CRD_POLL_TIMEOUT) {
      return failed("InstanceDeletionCheck", "could not confirm zero CustomResources remaining: timed out waiting for the condition");
    }
    return { cond: { type: "Terminating", status: "True", reason: "InstanceDeletionInProgress", message: "CustomResource deletion is in progress" }, outcome: { kind: "poll" } };
  }
  return { cond: { type: "Terminating", status: "False", reason: "InstanceDeletionCompleted", message: "removed all instances" }, outcome: { kind: "done" } };
}

/** sync for one CRD. */
function syncCrd(ctx: RequestContext, cached: KObject, pollingSince: number | undefined): Outcome {
  const now = () => ctx.state.clock.now;
  // update the status condition: this cleanup could take a while.
  let crd = updateStatus(
    ctx,
    setCrdCondition(cached, { type: "Terminating", status: "True", reason: "InstanceDeletionInProgress", message: "CustomResource deletion is in progress" }, now()),
  );
  if (isStatus(crd)) return { kind: "error" };
  const { cond, outcome } = deleteInstances(ctx, crd, pollingSince);
  if (outcome.kind !== "done") {
    if (outcome.kind === "error") updateStatus(ctx, setCrdCondition(crd, cond, now()));
    return outcome;
  }
  crd = updateStatus(ctx, setCrdCondition(crd, cond, now()));
  if (isStatus(crd)) return { kind: "error" };
  const finalizers = (crd.metadata.finalizers ?? []).filter((f) => f !== CUSTOM_RESOURCE_CLEANUP_FINALIZER);
  // The last finalizer gone from a CRD being deleted: the update itself deletes it, and its resource stops
  // being served. With other finalizers left the CRD waits for their owners.
  const removed = callApi(ctx, { verb: "update", resource: "customresourcedefinitions.apiextensions.k8s.io", name: crd.metadata.name!, object: { ...crd, metadata: { ...crd.metadata, finalizers } } });
  return isStatus(removed) && removed.code !== 404 ? { kind: "error" } : { kind: "done" };
}

function remember(state: State, id: string, name: string, f: (m: CrdCleanupMemory) => CrdCleanupMemory): State {
  return updateComponent<CrdCleanupMemory>(state, id, (c) => ({ ...c, memory: f(c.memory) }));
}

const without = (r: Readonly<Record<string, number>>, k: string) => {
  const { [k]: _drop, ...rest } = r;
  return rest;
};

/** The CRD finalizer controller's behaviour (kind "crd-cleanup-controller"). */
export const crdCleanupController: ComponentBehavior<CrdCleanupMemory> = {
  kind: CRD_CLEANUP_KIND,
  source: "staging/src/k8s.io/apiextensions-apiserver/pkg/controller/finalizer/crd_finalizer.go",
  watches: () => [{ resource: "customresourcedefinitions.apiextensions.k8s.io" }],
  keysFor,
  reconcile(state, c, key, log) {
    const cached = cacheGet(c, "customresourcedefinitions.apiextensions.k8s.io", key);
    const mem = c.memory;
    if (!cached || !deleting(cached)) return { state: remember(state, c.id, key, (m) => ({ pollingSince: without(m.pollingSince, key), failures: without(m.failures, key) })) };
    const ctx: RequestContext = { state, c, log };
    const outcome = syncCrd(ctx, cached, mem.pollingSince[key]);
    switch (outcome.kind) {
      case "done":
        return { state: remember(ctx.state, c.id, key, (m) => ({ pollingSince: without(m.pollingSince, key), failures: without(m.failures, key) })) };
      case "poll": {
        const s = remember(ctx.state, c.id, key, (m) => ({ ...m, pollingSince: { ...m.pollingSince, [key]: m.pollingSince[key] ?? ctx.state.clock.now } }));
        return { state: addAfter(s, c.id, key, CRD_POLL_INTERVAL) };
      }
      case "error": {
        const n = mem.failures[key] ?? 0;
        const s = remember(ctx.state, c.id, key, (m) => ({ pollingSince: without(m.pollingSince, key), failures: { ...m.failures, [key]: n + 1 } }));
        return { state: addAfter(s, c.id, key, Math.min(RETRY_BASE * 2 ** n, RETRY_MAX), true) };
      }
    }
  },
  initialMemory: () => ({ pollingSince: {}, failures: {} }),
};
