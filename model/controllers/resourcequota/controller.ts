/**
 * The ResourceQuota controller. Follows pkg/controller/resourcequota/resource_quota_controller.go
 * (addQuota / updateQuota / enqueueAll, syncResourceQuota, replenishQuota) and quota_monitor.go (the
 * replenishment handlers):
 * - a quota is synced when it is added, when its spec.hard changes, when it is deleted, and for all quotas
 *   every resync period (5 min, --resource-quota-sync-period);
 * - syncing recounts usage from the controller's caches (CalculateUsage), keeps the previous value of what it
 *   could not count, masks to spec.hard, and writes status {hard, used} when anything differs, conditioned on
 *   the cached quota's resourceVersion (a conflict means admission charged in between: requeue, recount);
 * - usage is given back when objects go: a deletion (or a pod turning terminal, a Service changing type, a
 *   claim changing its request) enqueues the namespace's quotas that track that resource. Creates are not
 *   watched: admission already charged them.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import type { EffectLog } from "../../effects.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { enqueueAfter } from "../../informers/enqueue-after.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { BUILTIN_BY_ID } from "../../apiserver/resources.ts";
import { queueAddAll } from "../../informers/workqueue.ts";
import { updateComponent } from "../../components/update.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { evaluatorFor } from "../../apiserver/quota/evaluators.ts";
import { quotaV1Pod } from "../../apiserver/quota/pod-usage.ts";
import { quotaAdd, quotaEquals, quotaMask, resourceNames, type ResourceList } from "../../apiserver/quota/resource-list.ts";
import { calculateUsage } from "./usage.ts";

export const RESOURCEQUOTA_CONTROLLER_KIND = "resourcequota-controller";
export const RESOURCEQUOTA_CONTROLLER_ID = "kube-controller-manager/resourcequota";

/** --resource-quota-sync-period: every quota is recounted this often (seconds). */
export const RESOURCE_QUOTA_SYNC_PERIOD = 5 * 60;

/** The work-queue key of the periodic full resync (enqueueAll). */
export const ENQUEUE_ALL_KEY = "!enqueue-all";

/** The resources whose objects the controller keeps in informer caches (the rest it lists when counting). */
export const QUOTA_WATCHED_RESOURCES = ["pods", "services", "persistentvolumeclaims", "configmaps", "secrets", "replicationcontrollers"] as const;

/** GetQuotaServiceType: the service types quota distinguishes. */
const quotaServiceType = (svc: KObject): string => {
  const t = svc.spec?.type;
  return t === "NodePort" || t === "LoadBalancer" ? t : "";
};

/**
 * Whether an update of an object can give usage back (quota_monitor.go's update filter). For pods the clock
 * part of QuotaV1Pod (stuck terminating past the grace period) is left to the periodic resync: event handlers
 * have no clock here, so only the phase decides.
 */
function updateReplenishes(resource: string, oldObj: KObject, newObj: KObject): boolean {
  switch (resource) {
    case "pods":
      return quotaV1Pod(oldObj, -Infinity) && !quotaV1Pod(newObj, -Infinity);
    case "services":
      return quotaServiceType(oldObj) !== quotaServiceType(newObj);
    case "persistentvolumeclaims":
      return String(oldObj.spec?.resources?.requests?.storage ?? "") !== String(newObj.spec?.resources?.requests?.storage ?? "");
    default:
      return false;
  }
}

/** replenishQuota: the keys of the namespace's quotas that track something of this resource. */
function replenishKeys(c: ComponentState, resource: string, namespace: string): string[] {
  const info = BUILTIN_BY_ID.get(resource);
  const ev = info && evaluatorFor(info);
  if (!ev) return [];
  return cacheList(c, "resourcequotas", namespace)
    .filter((q) => ev.matchingResources(resourceNames(q.status?.hard)).length > 0)
    .map(metaNamespaceKey);
}

function keysFor(resource: string, ev: WatchEvent, c: ComponentState): readonly string[] {
  if (resource === "resourcequotas") {
    // updateQuota: only a change of spec.hard needs a sync (status writes are this controller's and admission's).
    if (ev.type === "MODIFIED" && ev.oldObject && quotaEquals(ev.oldObject.spec?.hard, ev.object.spec?.hard)) return [];
    return [metaNamespaceKey(ev.object)];
  }
  const ns = ev.object.metadata.namespace;
  if (!ns) return [];
  if (ev.type === "DELETED") return replenishKeys(c, resource, ns);
  if (ev.type === "MODIFIED" && ev.oldObject && updateReplenishes(resource, ev.oldObject, ev.object)) return replenishKeys(c, resource, ns);
  return [];
}

/** syncResourceQuota: recount and write status when it changed. Returns whether to retry. */
export function syncResourceQuota(state: State, c: ComponentState, quota: KObject, log: EffectLog): { state: State; requeue: boolean } {
  const specHard: ResourceList = quota.spec?.hard ?? {};
  const status = quota.status ?? {};
  let dirty = !quotaEquals(specHard, status.hard) || status.hard === undefined || status.used === undefined;
  const counted = calculateUsage(state, c, quota, log);
  // Keep the previous observation of what could not be counted; overwrite the rest with the recount.
  const used = quotaMask({ ...quotaAdd({}, status.used), ...counted.used }, resourceNames(specHard));
  dirty = dirty || !quotaEquals(used, status.used);
  if (!dirty) return { state: counted.state, requeue: counted.errors.length > 0 };
  const r = send(
    counted.state,
    c.id,
    {
      verb: "update",
      resource: "resourcequotas",
      namespace: quota.metadata.namespace!,
      name: quota.metadata.name!,
      object: { ...quota, status: { hard: quotaAdd({}, specHard), used } },
      subresource: "status",
    },
    log,
  );
  return { state: r.state, requeue: isStatus(r.result) || counted.errors.length > 0 };
}

/** The ResourceQuota controller's behaviour (kind "resourcequota-controller"). */
export const resourceQuotaController: ComponentBehavior<null> = {
  kind: RESOURCEQUOTA_CONTROLLER_KIND,
  source: "pkg/controller/resourcequota/resource_quota_controller.go",
  watches: () => [{ resource: "resourcequotas" }, ...QUOTA_WATCHED_RESOURCES.map((resource) => ({ resource }))],
  keysFor,
  reconcile(state, c, key, log) {
    if (key === ENQUEUE_ALL_KEY) {
      // enqueueAll (wait.Until every resync period): every cached quota is recounted.
      const keys = cacheList(c, "resourcequotas").map(metaNamespaceKey);
      const s = updateComponent(state, c.id, (cur) => ({ ...cur, queue: queueAddAll(cur.queue, keys) }));
      return { state: enqueueAfter(s, c.id, ENQUEUE_ALL_KEY, RESOURCE_QUOTA_SYNC_PERIOD, true) };
    }
    const quota = cacheGet(c, "resourcequotas", key);
    if (!quota) return { state };
    return syncResourceQuota(state, c, quota, log);
  },
  initialMemory: () => null,
  // Run starts the enqueueAll loop; the timer is periodic so that it does not keep settle from quiescing.
  onStart: (state, c) => enqueueAfter(state, c.id, ENQUEUE_ALL_KEY, RESOURCE_QUOTA_SYNC_PERIOD, true),
};
