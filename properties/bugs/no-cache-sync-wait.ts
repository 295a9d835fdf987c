/**
 * A controller whose workers start before its informers have synced: it takes "not in my cache" for "does not
 * exist". Kubernetes made waiting for synced caches part of every controller's Run (kubernetes#30770,
 * cache.WaitForCacheSync). Here it is the endpoints controller: at start-up its leftover-endpoints check queues
 * every Endpoints object its Endpoints informer lists (checkLeftoverEndpoints, added by kubernetes#7821 with the
 * remark that it should wait "until the cache is full"), and syncService deletes the Endpoints of any Service
 * it cannot find. With a Service informer that has not listed yet, that is every Service: the Endpoints of live
 * Services are deleted after a controller restart, and their traffic is blackholed until the Service informer
 * lists and the controller writes them again (the same race with a slow Service informer: kubernetes#104062).
 */
import type { Bug } from "./types.ts";
import { ENDPOINTS_CONTROLLER_KIND } from "../../model/controllers/endpoint/controller.ts";

export const noCacheSyncWait: Bug = {
  id: "no-cache-sync-wait",
  title: "controller workers start before their caches have synced: the endpoints controller deletes a live Service's Endpoints",
  source: "kubernetes/kubernetes#30770 (formalize waiting for synced caches in controllers); #7821, #104062 (leftover-endpoints check)",
  component: ENDPOINTS_CONTROLLER_KIND,
  invariant: "endpoints-deleted-only-with-service",
  scope: "endpoints-restart",
  minimalLength: 2,
  budget: { seed: 1, runs: 20 },
  // From the scope's unsettled start: the endpoints controller lists Endpoints and, its Service informer not
  // listed yet, syncs the leftover "web" and deletes its Endpoints (2 actions, found after ~430 states; with the
  // bug off the whole depth 2 is ~2,300 states, well under the bound).
  explore: { depth: 2, maxStates: 20_000 },
  variant: { components: { [ENDPOINTS_CONTROLLER_KIND]: { waitForCacheSync: false } } },
};
