/**
 * kube-proxy's view of one Service: a rule per Service port, with the ready endpoints behind it. Follows
 * pkg/proxy/serviceport.go and servicechangetracker.go (newBaseServiceInfo: ClusterIP, port, protocol, NodePort,
 * session affinity and its timeout, external/internal traffic policy) and pkg/proxy/endpointschangetracker.go /
 * pkg/proxy/util (BuildPortsToEndpointsMap: the ready addresses of the Endpoints, per port name).
 *
 * The model's kube-proxy reads v1 Endpoints (the model has no EndpointSlices), so only ready addresses serve, as
 * with the Endpoints-based proxies; terminating endpoints are never used as a fallback.
 */
import type { KObject } from "../objects/types.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { isServiceIPSet, needsNodePort, serviceType, servicePorts } from "../apiserver/service/service-helpers.ts";

/** One backend of a Service port. */
export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** "namespace/name" of the pod (from the address's targetRef). */
  readonly pod?: string;
  readonly node?: string;
}

/** What kube-proxy programs for one Service port. */
export interface ServicePortRule {
  /** "namespace/name" of the Service. */
  readonly service: string;
  /** Port name ("" for an unnamed single port). */
  readonly portName: string;
  readonly protocol: string;
  readonly port: number;
  /** Absent for headless Services (which get no rules at all) — see {@link buildServiceRules}. */
  readonly clusterIP?: string;
  readonly nodePort?: number;
  /** ClientIP session affinity timeout in seconds; absent for affinity None. */
  readonly affinitySeconds?: number;
  /** externalTrafficPolicy Local: NodePort traffic goes only to endpoints on the receiving node. */
  readonly externalLocal: boolean;
  /** internalTrafficPolicy Local: ClusterIP traffic goes only to endpoints on the sending node. */
  readonly internalLocal: boolean;
  /** Ready endpoints, sorted (Kubernetes shuffles them; the model sorts, for determinism). */
  readonly endpoints: readonly ProxyEndpoint[];
  /** Round-robin position into the endpoints (pkg/proxy/userspace/roundrobin.go: balancerState.index). */
  readonly cursor: number;
}

/** ServicePortName as a key: "namespace/name:port". */
export const servicePortName = (service: string, portName: string): string => `${service}:${portName}`;

const byAddress = (a: ProxyEndpoint, b: ProxyEndpoint) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port);

/** BuildPortsToEndpointsMap: port name → ready endpoints, from an Endpoints object. */
export function endpointsByPortName(eps: KObject | undefined): Map<string, ProxyEndpoint[]> {
  const out = new Map<string, ProxyEndpoint[]>();
  const subsets: readonly any[] = Array.isArray(eps?.subsets) ? (eps!.subsets as any[]) : [];
  for (const subset of subsets) {
    for (const port of subset.ports ?? []) {
      const list = out.get(port.name ?? "") ?? [];
      for (const a of subset.addresses ?? []) {
        const ref = a.targetRef;
        list.push({
          ip: a.ip,
          port: port.port,
          ...(ref?.kind === "Pod" && ref.name ? { pod: `${ref.namespace ?? eps!.metadata.namespace}/${ref.name}` } : {}),
          ...(a.nodeName ? { node: a.nodeName } : {}),
        });
      }
      out.set(port.name ?? "", list);
    }
  }
  for (const list of out.values()) list.sort(byAddress);
  return out;
}

/**
 * The rules of a Service (none for a headless or ExternalName Service, or when the Service is gone), each with a
 * fresh round-robin cursor.
 */
export function buildServiceRules(svc: KObject | undefined, eps: KObject | undefined): ServicePortRule[] {
  if (!svc || serviceType(svc) === "ExternalName" || !isServiceIPSet(svc)) return [];
  const byName = endpointsByPortName(eps);
  const affinity = svc.spec?.sessionAffinity === "ClientIP" ? svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 : undefined;
  const key = metaNamespaceKey(svc);
  return servicePorts(svc).map((p) => ({
    service: key,
    portName: p.name ?? "",
    protocol: p.protocol ?? "TCP",
    port: p.port,
    clusterIP: svc.spec.clusterIP,
    ...(needsNodePort(svc) && p.nodePort ? { nodePort: p.nodePort } : {}),
    ...(affinity !== undefined ? { affinitySeconds: affinity } : {}),
    externalLocal: svc.spec?.externalTrafficPolicy === "Local",
    internalLocal: svc.spec?.internalTrafficPolicy === "Local",
    endpoints: byName.get(p.name ?? "") ?? [],
    cursor: 0,
  }));
}

/** "ip:port" of an endpoint. */
export const endpointText = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`;
