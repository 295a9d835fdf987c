/**
 * Every kind of component the model can run, by ComponentState.kind. Behaviours are static configuration:
 * each component module registers itself once, here, so that step can dispatch on a component's kind.
 */
import type { ComponentBehavior } from "./behavior.ts";
import { serviceAccountsController } from "../controllers/serviceaccount/controller.ts";
import { endpointsController } from "../controllers/endpoint/controller.ts";
import { serviceController } from "../controllers/service/controller.ts";
import { kubeProxyBehavior } from "../proxy/behavior.ts";
import { serviceRepairBehavior } from "../services/repair-controller.ts";
import { replicaSetBehavior, replicationControllerBehavior } from "../controllers/replicaset/index.ts";
import { deploymentBehavior } from "../controllers/deployment/controller.ts";
import { hpaBehavior } from "../controllers/podautoscaler/controller.ts";
import { schedulerBehavior } from "../scheduler/behavior.ts";
import { nodeLifecycleBehavior } from "../controllers/nodelifecycle/index.ts";
import { garbageCollectorBehavior } from "../controllers/garbagecollector/index.ts";
import { kubeletBehavior } from "../kubelet/behavior.ts";
import { namespaceController } from "../controllers/namespace/controller.ts";
import { crdCleanupController } from "../controllers/namespace/crd-cleanup.ts";
import { resourceQuotaController } from "../controllers/resourcequota/controller.ts";
import { quotaAdmissionInformer } from "../controllers/resourcequota/admission-informer.ts";
import { tokensController } from "../controllers/serviceaccount/tokens-controller.ts";
import { pvControllerBehavior } from "../controllers/volume/persistentvolume/controller.ts";
import { registerKubeletWorldHandlers } from "../kubelet/world-handlers.ts";
import { registerMetricsWorldHandler } from "../world/metrics.ts";

const behaviors = new Map<string, ComponentBehavior>();

/** Adds (or replaces) a component kind. */
export function registerBehavior(b: ComponentBehavior): void {
  behaviors.set(b.kind, b);
}

// kube-controller-manager's shared informers resync every 12-24 h (ResyncPeriod); the model uses 12 h for all
// its controllers, so an event missed across a relist is eventually made up for.
const KCM_RESYNC = 12 * 3600;
for (const b of [serviceAccountsController, replicaSetBehavior, replicationControllerBehavior, deploymentBehavior, hpaBehavior, nodeLifecycleBehavior, garbageCollectorBehavior, resourceQuotaController, tokensController]) {
  // undefined only while a module of this import cycle is still loading (a test importing a controller first);
  // that test registers what it needs itself.
  if (!b) continue;
  registerBehavior(b.resyncPeriod ? b : { ...b, resyncPeriod: KCM_RESYNC });
}
if (schedulerBehavior) registerBehavior(schedulerBehavior);
// Services: the endpoints and service controllers (each with its own resync period), kube-proxy, the allocator repair.
for (const b of [endpointsController, serviceController, kubeProxyBehavior, serviceRepairBehavior]) if (b) registerBehavior(b);
if (kubeletBehavior) registerBehavior(kubeletBehavior);
if (namespaceController) registerBehavior(namespaceController);
if (crdCleanupController) registerBehavior(crdCleanupController);
if (quotaAdmissionInformer) registerBehavior(quotaAdmissionInformer);
if (pvControllerBehavior) registerBehavior(pvControllerBehavior);

// World actions owned by components (faults and environment changes).
registerMetricsWorldHandler();
registerKubeletWorldHandlers();

export const COMPONENT_BEHAVIORS: ReadonlyMap<string, ComponentBehavior> = behaviors;

/** The behavior of a component kind; throws for a kind the model does not have (a programming error). */
export function behaviorOf(kind: string): ComponentBehavior {
  const b = behaviors.get(kind);
  if (!b) throw new Error(`no component behavior "${kind}"`);
  return b;
}

/**
 * The registry as it is now, and a function that puts it back so: for test files that share one module graph
 * (vitest isolate: false), so that a file registering a stand-in does not leave it to the next file.
 */
export function snapshotBehaviors(): () => void {
  const saved = new Map(behaviors);
  return () => {
    behaviors.clear();
    for (const [k, b] of saved) behaviors.set(k, b);
  };
}
