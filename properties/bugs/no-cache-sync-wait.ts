/**
 * A controller whose workers start before its informers have synced: it takes "not in my cache" for "does not
 * exist". Kubernetes made waiting for synced caches part of every controller's Run (kubernetes#30770,
 * cache.WaitForCacheSync). Here the ServiceAccounts controller creates the default account from an empty
 * ServiceAccount cache; when the user deletes that account before the informer's first list, the deletion is
 * never seen and the namespace is left without its default ServiceAccount.
 */
import type { Bug } from "./types.ts";
import { swapBehavior } from "./switch.ts";

export const noCacheSyncWait: Bug = {
  id: "no-cache-sync-wait",
  title: "controller workers start before their caches have synced",
  source: "kubernetes/kubernetes#30770 (formalize waiting for synced caches in controllers)",
  component: "serviceaccounts-controller",
  invariant: "default-serviceaccount-exists",
  scope: "namespaces",
  minimalLength: 4,
  enable: () => swapBehavior("serviceaccounts-controller", (b) => ({ ...b, waitForCacheSync: false })),
};
