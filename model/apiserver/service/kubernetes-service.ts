/**
 * The `kubernetes` Service in `default` and its Endpoints: how a pod reaches the API server
 * (kubernetes.default.svc). kube-apiserver creates them itself: the Service by
 * pkg/controlplane/controller/kubernetesservice/controller.go (CreateOrUpdateMasterServiceIfNeeded: labels
 * provider=kubernetes and component=apiserver, no selector, port 443 named https to target port 6443, TCP,
 * sessionAffinity None, SingleStack, ClusterIP the first address of the service CIDR, which the allocator thus
 * holds before any user Service asks), the Endpoints by the lease endpoint reconciler
 * (pkg/controlplane/reconcilers/lease.go through endpointsadapter.go: one subset with the API servers' addresses
 * and port 6443 named https, labelled endpointslice.kubernetes.io/skip-mirror=true).
 *
 * The model's control plane is not one of its machines (nodes are 172.18.0.2 upward, world/network.ts hostIPOf),
 * so the API server's advertised address is one no node has: 172.18.0.1. Upstream re-creates the Service within
 * its 10 s EndpointInterval when it is deleted; the model creates both once at bootstrap (not re-created).
 */
import type { KObject } from "../../objects/types.ts";
import { SERVICE_IP_RANGE } from "./allocator-state.ts";
import { addressAt } from "./cidr.ts";

export const KUBERNETES_SERVICE_NAME = "kubernetes";
export const KUBERNETES_SERVICE_NAMESPACE = "default";
/** --advertise-address of the model's kube-apiserver (see above). */
export const APISERVER_ADVERTISE_ADDRESS = "172.18.0.1";
/** --secure-port. */
export const APISERVER_SECURE_PORT = 6443;
/** The Service's port (kube-apiserver's KubernetesServicePort default). */
export const KUBERNETES_SERVICE_PORT = 443;

/** The first address of the service CIDR: 10.96.0.1. */
export const KUBERNETES_SERVICE_IP = addressAt(SERVICE_IP_RANGE, 0);

/** The Service as CreateOrUpdateMasterServiceIfNeeded sends it (the API server's defaulting and allocation fill in the rest). */
export function kubernetesServiceObject(): KObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: KUBERNETES_SERVICE_NAMESPACE, labels: { provider: "kubernetes", component: "apiserver" } },
    spec: {
      ports: [{ name: "https", protocol: "TCP", port: KUBERNETES_SERVICE_PORT, targetPort: APISERVER_SECURE_PORT }],
      clusterIP: KUBERNETES_SERVICE_IP,
      ipFamilyPolicy: "SingleStack",
      sessionAffinity: "None",
      type: "ClusterIP",
    },
  };
}

/** The Endpoints as the endpoints adapter writes them for the one API server. */
export function kubernetesEndpointsObject(): KObject {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: KUBERNETES_SERVICE_NAMESPACE, labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: APISERVER_ADVERTISE_ADDRESS }], ports: [{ name: "https", port: APISERVER_SECURE_PORT, protocol: "TCP" }] }],
  } as KObject;
}
