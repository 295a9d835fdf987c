/**
 * The service controller (kind "service-controller", id "kube-controller-manager/service"): keeps a model cloud's
 * load balancers in step with the LoadBalancer Services. Follows k8s.io/cloud-provider controllers/service/
 * controller.go (New: the Service and Node event handlers; Run: WaitForCacheSync, then the service and node workers).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { initialServiceControllerMemory, type ServiceControllerMemory } from "./memory.ts";
import { needsCleanup, needsUpdate, shouldSyncUpdatedNode, wantsLoadBalancer } from "./predicates.ts";
import { NODE_SYNC_KEY, syncLoadBalancerNodes, syncLoadBalancerService } from "./sync.ts";

export const SERVICE_CONTROLLER_KIND = "service-controller";
export const SERVICE_CONTROLLER_ID = "kube-controller-manager/service";
/** serviceSyncPeriod: the controller's Service handler resyncs every 30 s (its node handler every 100 s). */
export const SERVICE_SYNC_PERIOD = 30;

function keysFor(resource: string, ev: WatchEvent): readonly string[] {
  if (resource === "nodes") {
    if (ev.type === "MODIFIED") return ev.oldObject && shouldSyncUpdatedNode(ev.oldObject, ev.object) ? [NODE_SYNC_KEY] : [];
    return [NODE_SYNC_KEY];
  }
  const svc = ev.object;
  // No need to handle deletion: the deletion comes through the update that sets deletionTimestamp (finalizer).
  if (ev.type === "DELETED") return [];
  if (ev.type === "ADDED") return wantsLoadBalancer(svc) || needsCleanup(svc) ? [metaNamespaceKey(svc)] : [];
  return (ev.oldObject && needsUpdate(ev.oldObject, svc)) || needsCleanup(svc) ? [metaNamespaceKey(svc)] : [];
}

export const serviceController: ComponentBehavior<ServiceControllerMemory> = {
  kind: SERVICE_CONTROLLER_KIND,
  source: "k8s.io/cloud-provider/controllers/service/controller.go",
  watches: () => [{ resource: "nodes" }, { resource: "services" }],
  keysFor,
  reconcile: (state, c, key, log) => (key === NODE_SYNC_KEY ? syncLoadBalancerNodes(state, c, log) : syncLoadBalancerService(state, c, key, log)),
  initialMemory: initialServiceControllerMemory,
  resyncPeriod: SERVICE_SYNC_PERIOD,
};
