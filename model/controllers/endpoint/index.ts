/** The endpoints controller: behaviour, its sync and its pieces that other components and tests use. */
export { ENDPOINTS_CONTROLLER_ID, ENDPOINTS_CONTROLLER_KIND, endpointsController, makeEndpointsController, type EndpointsControllerOptions } from "./controller.ts";
export { HEADLESS_LABEL, desiredSubsets, syncService } from "./sync.ts";
export { findPort, isPodReady, podToEndpointAddress, shouldPodBeInEndpoints, type EndpointAddress, type EndpointPort, type EndpointSubset } from "./pod-endpoints.ts";
export { MAX_CAPACITY, OVER_CAPACITY_ANNOTATION, repackSubsets, truncateSubsets } from "./repack.ts";
