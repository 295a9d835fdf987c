/**
 * Two Services given one ClusterIP by the allocator repair loop (kubernetes#37488). kube-apiserver's repair
 * loop (pkg/registry/core/service/ipallocator/controller/repair.go, runOnce) rebuilds the ClusterIP bitmap from a
 * list of Services. That list is weakly consistent: a Service created a moment ago may be missing from it, and
 * its freshly allocated address then looks leaked. A repair that gives such an address back at once hands it to
 * the next Service created — two Services with one ClusterIP, and kube-proxy sends one's traffic to the other's
 * pods. The fix (kubernetes PR #37488's follow-ups; repair.go's leaks map and numRepairsBeforeLeakCleanup) keeps
 * a suspected leak allocated until it has been seen leaked on several runs in a row.
 *
 * Here the repair loop's Service list is its informer cache: it lists, the user creates "api", the loop runs on
 * the stale list and releases api's address, and the next Service created gets it too.
 */
import type { Bug } from "./types.ts";
import { SERVICE_REPAIR_KIND } from "../../model/services/repair-controller.ts";

export const clusterIPRepairReuse: Bug = {
  id: "clusterip-repair-reuse",
  title: "the allocator repair loop frees the ClusterIP of a Service its stale list misses, and a second Service gets it",
  source: "kubernetes/kubernetes#37488 (ClusterIP allocated to two Services; repair.go's leak counter)",
  component: SERVICE_REPAIR_KIND,
  invariant: "service-ips-and-node-ports-unique",
  scope: "service-allocation",
  minimalLength: 4,
  // The scope starts settled (its warm-up): the repair loop lists again only after a restart, so runs need one.
  budget: { seed: 23, runs: 30 },
  // From the settled scope: restart the repair loop, it lists, the user creates "api", the loop runs on its stale
  // list and frees api's ClusterIP, the user creates "db", which gets it (5 actions, ~5,500 states).
  explore: { depth: 5, maxStates: 20_000 },
  variant: { components: { [SERVICE_REPAIR_KIND]: { bugReuseOnRepair: true } } },
};
