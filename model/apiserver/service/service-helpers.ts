/**
 * Small questions about a Service object, shared by the allocators, the endpoints controller, kube-proxy and the
 * service controller. Follow pkg/apis/core/v1/helper (IsServiceIPSet), pkg/registry/core/service/storage
 * (needsClusterIP, needsNodePort, needsHCNodePort, shouldAllocateNodePorts) and pkg/api/v1/service/util.go
 * (NeedsHealthCheck).
 */
import type { KObject } from "../../objects/types.ts";
import { metaNamespaceKey } from "../../objects/types.ts";

/** One entry of spec.ports, as JSON. */
export interface ServicePort {
  readonly name?: string;
  readonly protocol?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export const CLUSTER_IP_NONE = "None";

/** spec.ports of a Service (never undefined). */
export const servicePorts = (svc: KObject): readonly ServicePort[] => svc.spec?.ports ?? [];

/** The Service type, ClusterIP when unset. */
export const serviceType = (svc: KObject): string => svc.spec?.type ?? "ClusterIP";

/** IsServiceIPSet: the Service has a real ClusterIP (not headless, not unset). */
export function isServiceIPSet(svc: KObject): boolean {
  const ip = svc.spec?.clusterIP;
  return typeof ip === "string" && ip !== "" && ip !== CLUSTER_IP_NONE;
}

/** needsClusterIP: every type but ExternalName gets a ClusterIP (or is headless). */
export const needsClusterIP = (svc: KObject): boolean => serviceType(svc) !== "ExternalName";

/** needsNodePort: NodePort and LoadBalancer Services expose node ports. */
export const needsNodePort = (svc: KObject): boolean => serviceType(svc) === "NodePort" || serviceType(svc) === "LoadBalancer";

/** shouldAllocateNodePorts: LoadBalancer Services may opt out with spec.allocateLoadBalancerNodePorts=false. */
export function shouldAllocateNodePorts(svc: KObject): boolean {
  if (serviceType(svc) === "NodePort") return true;
  if (serviceType(svc) === "LoadBalancer") return svc.spec?.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a health-check node port. */
export const needsHealthCheck = (svc: KObject): boolean =>
  serviceType(svc) === "LoadBalancer" && svc.spec?.externalTrafficPolicy === "Local";

/**
 * The Service's selector, or undefined when it has none. An empty map counts as none: after a round trip through
 * etcd's protobuf encoding an empty selector is nil, and a nil selector selects nothing (not everything).
 */
export function serviceSelector(svc: KObject): Readonly<Record<string, string>> | undefined {
  const sel = svc.spec?.selector;
  return sel && typeof sel === "object" && Object.keys(sel).length > 0 ? sel : undefined;
}

/** labels.Set(selector).AsSelectorPreValidated().Matches(labels). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  for (const k in selector) if (l[k] !== selector[k]) return false;
  return true;
}

/** "namespace/name". */
export const serviceKey = (svc: KObject): string => metaNamespaceKey(svc);
