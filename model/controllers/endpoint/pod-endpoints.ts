/**
 * From a pod to an Endpoints address. Follows pkg/controller/endpoint/endpoints_controller.go
 * (podToEndpointAddressForService, addEndpointSubset, endpointPortFromServicePort),
 * staging/src/k8s.io/endpointslice/util/controller_utils.go (ShouldPodBeInEndpoints, ShouldSetHostname,
 * IsPodReady, isPodTerminal) and pkg/api/v1/pod/util.go (FindPort).
 */
import type { KObject } from "../../objects/types.ts";
import type { ServicePort } from "../../apiserver/service/service-helpers.ts";

/** An EndpointAddress, as JSON. */
export interface EndpointAddress {
  readonly ip: string;
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly targetRef?: { readonly kind: string; readonly namespace?: string; readonly name?: string; readonly uid?: string; readonly resourceVersion?: string };
}

/** An EndpointPort, as JSON (name and appProtocol omitted when empty). */
export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
  readonly appProtocol?: string;
}

/** An EndpointSubset, as JSON (empty lists omitted, as Go's omitempty does). */
export interface EndpointSubset {
  readonly addresses?: readonly EndpointAddress[];
  readonly notReadyAddresses?: readonly EndpointAddress[];
  readonly ports?: readonly EndpointPort[];
}

/** IsPodReady: the pod's Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  const conds: readonly { type?: string; status?: string }[] = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === "Ready" && c.status === "True");
}

/** isPodTerminal: Succeeded or Failed (all containers stopped for good). */
export const isPodTerminal = (pod: KObject): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/**
 * ShouldPodBeInEndpoints: not terminal, has an IP, and (unless terminating pods are included) not being deleted.
 * A terminal pod's IP may already belong to another pod; a terminating pod is leaving and must stop getting new
 * connections even while its readiness probe still passes.
 */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: the pod names the Service as its subdomain and has a hostname. */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  return Boolean(pod.spec?.hostname) && pod.spec?.subdomain === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace;
}

const isIPv6 = (ip: string) => ip.includes(":");

/**
 * podToEndpointAddressForService: the pod IP of the Service's family (IPv4 in the model's single-stack cluster),
 * its node and a reference to the pod; undefined when the pod has no IP of that family.
 */
export function podToEndpointAddress(svc: KObject, pod: KObject): EndpointAddress | undefined {
  const families: readonly string[] = svc.spec?.ipFamilies ?? [];
  let v6: boolean;
  if (families.length > 0) v6 = families[0] === "IPv6";
  else if (svc.spec?.clusterIP && svc.spec.clusterIP !== "None") v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? "");
  const ips: readonly { ip: string }[] = pod.status?.podIPs ?? (pod.status?.podIP ? [{ ip: pod.status.podIP }] : []);
  const ip = ips.find((p) => isIPv6(p.ip) === v6)?.ip;
  if (!ip) return undefined;
  return {
    ip,
    nodeName: pod.spec?.nodeName ?? "",
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec.hostname } : {}),
  };
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up among the ports of the pod's containers
 * (and of its sidecars, init containers with restartPolicy Always) with the same protocol. Undefined when no
 * container declares it: that pod is then left out of that port's endpoints.
 */
export function findPort(pod: KObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  const protocol = sp.protocol ?? "TCP";
  const match = (containers: readonly any[] | undefined): number | undefined => {
    for (const c of containers ?? []) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
    return undefined;
  };
  const sidecars = (pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === "Always");
  return match(pod.spec?.containers) ?? match(sidecars);
}

/** endpointPortFromServicePort: the Endpoints port for a Service port, resolved to the pod's port number. */
export function endpointPort(sp: ServicePort, port: number): EndpointPort {
  return {
    ...(sp.name ? { name: sp.name } : {}),
    port,
    protocol: sp.protocol ?? "TCP",
    ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
  };
}
