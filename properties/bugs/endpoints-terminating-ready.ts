/**
 * Endpoints keeping a terminating pod under the ready addresses (kubernetes#54723). When a pod is deleted it
 * keeps running for its grace period, and its readiness probe may keep passing; the endpoints controller must
 * take it out of the Service's ready addresses as soon as it sees the deletion timestamp
 * (ShouldPodBeInEndpoints), or kube-proxy keeps sending new connections to a pod that is shutting down. The
 * buggy controller looked only at readiness, so a Ready pod in graceful termination stayed in `addresses`.
 */
import type { Bug } from "./types.ts";
import { ENDPOINTS_CONTROLLER_KIND } from "../../model/controllers/endpoint/controller.ts";

export const endpointsTerminatingReady: Bug = {
  id: "endpoints-terminating-ready",
  title: "the endpoints controller keeps a terminating pod under a Service's ready addresses",
  source: "kubernetes/kubernetes#54723 (pod in graceful termination should not be on the ready address list)",
  component: ENDPOINTS_CONTROLLER_KIND,
  invariant: "endpoints-ready-addresses",
  scope: "services",
  minimalLength: 1,
  budget: { seed: 5, runs: 10 },
  // From the settled scope: delete the pod, the endpoints controller sees it and syncs the Service.
  explore: { depth: 3 },
  variant: { components: { [ENDPOINTS_CONTROLLER_KIND]: { keepTerminatingReady: true } } },
};
