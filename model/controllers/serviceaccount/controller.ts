/**
 * The ServiceAccounts controller: every Active namespace has a "default" ServiceAccount.
 * Follows pkg/controller/serviceaccount/serviceaccounts_controller.go: namespace add/update events and the
 * deletion of a managed account enqueue the namespace; syncNamespace skips namespaces that are not Active,
 * reads the account from its lister (its cache), and creates it when the cache does not have it. An
 * AlreadyExists answer is not an error: that is what a stale cache costs, one refused create.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { cacheGet } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";

/** The accounts ensured in every namespace (ServiceAccountsControllerOptions.ServiceAccounts). */
export const MANAGED_SERVICE_ACCOUNTS = ["default"] as const;

export const serviceAccountsController: ComponentBehavior<null> = {
  kind: "serviceaccounts-controller",
  source: "pkg/controller/serviceaccount/serviceaccounts_controller.go",
  watches: () => [{ resource: "serviceaccounts" }, { resource: "namespaces" }],
  keysFor(resource, ev) {
    if (resource === "namespaces") return ev.type === "DELETED" ? [] : [ev.object.metadata.name!];
    // serviceAccountDeleted: only a managed account's deletion matters.
    if (ev.type === "DELETED" && (MANAGED_SERVICE_ACCOUNTS as readonly string[]).includes(ev.object.metadata.name!)) {
      return [ev.object.metadata.namespace!];
    }
    return [];
  },
  reconcile(state, c, key, log) {
    const ns = cacheGet(c, "namespaces", key);
    if (!ns || ns.status?.phase !== "Active") return { state };
    let requeue = false;
    for (const name of MANAGED_SERVICE_ACCOUNTS) {
      if (cacheGet(c, "serviceaccounts", `${key}/${name}`)) continue;
      const r = send(
        state,
        c.id,
        { verb: "create", resource: "serviceaccounts", namespace: key, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: key } } },
        log,
      );
      state = r.state;
      // AlreadyExists: the cache was stale. Forbidden: the namespace began terminating. Neither is retried.
      if (isStatus(r.result) && r.result.reason !== "AlreadyExists" && r.result.reason !== "Forbidden") requeue = true;
    }
    return { state, requeue };
  },
  initialMemory: () => null,
  // kube-controller-manager's shared informers resync every 12-24 h; the model uses the lower bound.
  resyncPeriod: 12 * 3600,
};
