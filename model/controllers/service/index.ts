/** The service controller and the model cloud's load balancers. */
export { SERVICE_CONTROLLER_ID, SERVICE_CONTROLLER_KIND, SERVICE_SYNC_PERIOD, serviceController } from "./controller.ts";
export { NODE_SYNC_KEY, syncLoadBalancerNodes, syncLoadBalancerService } from "./sync.ts";
export {
  CLOUD_LB_CIDR,
  cloudOf,
  emptyCloud,
  ensureLoadBalancer,
  ensureLoadBalancerDeleted,
  getLoadBalancer,
  loadBalancerAt,
  loadBalancerName,
  loadBalancerStatus,
  updateLoadBalancerHosts,
  type CloudLoadBalancer,
  type CloudLoadBalancerPort,
  type CloudState,
} from "../../world/cloud.ts";
export { EXCLUDE_BALANCERS_LABEL, LOAD_BALANCER_CLEANUP_FINALIZER, needsCleanup, needsUpdate, nodeIsBackend, wantsLoadBalancer } from "./predicates.ts";
