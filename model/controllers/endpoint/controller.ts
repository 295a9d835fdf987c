/**
 * The endpoints controller (kind "endpoint-controller", id "kube-controller-manager/endpoint"). Follows
 * pkg/controller/endpoint/endpoints_controller.go: it watches Services, pods and Endpoints, and for each Service
 * with a selector keeps the Endpoints object of the same name listing the matching pods.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { endpointsKeysFor } from "./event-handlers.ts";
import { initialEndpointsControllerMemory, type EndpointsControllerMemory } from "./memory.ts";
import { syncService, type EndpointsSyncOptions } from "./sync.ts";

export const ENDPOINTS_CONTROLLER_KIND = "endpoint-controller";
export const ENDPOINTS_CONTROLLER_ID = "kube-controller-manager/endpoint";

/** Options of {@link makeEndpointsController}. */
export interface EndpointsControllerOptions extends EndpointsSyncOptions {
  /** ComponentBehavior.kind to register under (default {@link ENDPOINTS_CONTROLLER_KIND}). */
  readonly kind?: string;
}

/** An endpoints controller behaviour; `keepTerminatingReady` is the kubernetes#54723 bug-zoo variant. */
export function makeEndpointsController(options: EndpointsControllerOptions = {}): ComponentBehavior<EndpointsControllerMemory> {
  const opts: EndpointsSyncOptions = { keepTerminatingReady: options.keepTerminatingReady === true };
  return {
    kind: options.kind ?? ENDPOINTS_CONTROLLER_KIND,
    source: "pkg/controller/endpoint/endpoints_controller.go",
    watches: () => [{ resource: "endpoints" }, { resource: "pods" }, { resource: "services" }],
    keysFor: endpointsKeysFor,
    reconcile: (state, c, key, log) => syncService(state, c, key, opts, log),
    initialMemory: initialEndpointsControllerMemory,
    // kube-controller-manager's shared informers resync every 12-24 h; the model uses the lower bound.
    resyncPeriod: 12 * 3600,
  };
}

/** The endpoints controller as Kubernetes runs it. */
export const endpointsController: ComponentBehavior<EndpointsControllerMemory> = makeEndpointsController();
