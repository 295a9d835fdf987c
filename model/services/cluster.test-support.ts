/**
 * Test support for Services, Endpoints, kube-proxy and the service controller: a cluster running the components
 * these tests need (registered here, in case the registry does not have them), Service creation that works whether
 * or not the API server allocates addresses yet, pods placed on nodes with their status written by hand, and
 * readers of stored objects. The nodes run no kubelet (the test plays its part and writes pod status itself), and
 * the node lifecycle controller is left out, since nodes without kubelets never send a heartbeat.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { ApiRequest } from "../apiserver/request.ts";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "../apiserver/handle.ts";
import { get } from "../apiserver/read.ts";
import { isStatus, type Status } from "../apiserver/status.ts";
import { BUILTIN_CLUSTER } from "../cluster.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../config.ts";
import { addNode, kubeletId } from "../add-node.ts";
import { btreeDelete } from "../collections/btree.ts";
import { timestamp } from "../clock.ts";
import { allocateServiceAddresses, releaseServiceAddresses } from "../apiserver/service/alloc.ts";
import { needsClusterIP, needsNodePort, isServiceIPSet } from "../apiserver/service/service-helpers.ts";
import { ENDPOINTS_CONTROLLER_ID, ENDPOINTS_CONTROLLER_KIND } from "../controllers/endpoint/controller.ts";
import { kubeProxyId, KUBE_PROXY_KIND } from "../proxy/behavior.ts";
import { SERVICE_CONTROLLER_ID, SERVICE_CONTROLLER_KIND } from "../controllers/service/controller.ts";

export const NS = "default";

export interface ServiceClusterOptions {
  readonly nodes?: readonly string[];
  /** Run the endpoints controller (default true); options give a bug-zoo variant of it. */
  readonly endpoints?: boolean | Options;
  /** Start a kube-proxy on every node (default true). */
  readonly proxies?: boolean;
  /** Run the service controller (default false). */
  readonly serviceController?: boolean;
}

/** A cluster with nodes and the chosen Service components (their informers not yet synced). */
export function serviceCluster(opts: ServiceClusterOptions = {}): State {
  const endpoints = opts.endpoints ?? true;
  const variant = typeof endpoints === "object" ? endpoints : undefined;
  const components = DEFAULT_CONTROL_PLANE.map((c) => (c.id === ENDPOINTS_CONTROLLER_ID && variant ? { ...c, options: variant } : c));
  let s = bootstrap({ without: ["nodelifecycle-controller"], config: { components } });
  for (const name of opts.nodes ?? ["n1", "n2"]) {
    const r = addNode(s, { name, capacity: { cpu: "4", memory: "8Gi", pods: "110" } });
    if (r.error) throw new Error(r.error.message);
    // No kubelet: its periodic timers stay behind and fire into nothing.
    s = { ...r.state, components: btreeDelete(r.state.components, kubeletId(name)) };
    if (opts.proxies ?? true) s = BUILTIN_CLUSTER.addComponent(s, kubeProxyId(name), KUBE_PROXY_KIND);
  }
  // Started afresh after the nodes (their informers not yet synced).
  if (endpoints) s = BUILTIN_CLUSTER.addComponent(s, ENDPOINTS_CONTROLLER_ID, ENDPOINTS_CONTROLLER_KIND);
  if (opts.serviceController) s = BUILTIN_CLUSTER.addComponent(s, SERVICE_CONTROLLER_ID, SERVICE_CONTROLLER_KIND);
  return s;
}

/** Sends a request that must succeed. */
export function ok(state: State, req: ApiRequest): State {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`expected success, got ${r.result.code}: ${r.result.message}`);
  return r.state;
}

/** Sends a request that must fail; returns its Status. */
export function refused(state: State, req: ApiRequest): Status {
  const r = handle(state, req);
  if (!isStatus(r.result)) throw new Error(`expected a refusal of ${req.verb} ${req.resource}`);
  return r.result;
}

/** The stored object, or undefined. */
export function stored(state: State, resource: string, name: string, namespace: string | undefined = NS): KObject | undefined {
  const r = get(state, resource, namespace, name);
  return isStatus(r.result) ? undefined : r.result;
}

export interface ServiceInput {
  readonly type?: string;
  readonly selector?: Record<string, string> | null;
  readonly ports?: readonly Record<string, unknown>[];
  readonly clusterIP?: string;
  readonly sessionAffinity?: "None" | "ClientIP";
  readonly affinitySeconds?: number;
  readonly labels?: Record<string, string>;
  readonly extraSpec?: Record<string, unknown>;
}

/** A Service manifest. */
export function serviceManifest(name: string, input: ServiceInput = {}): KObject {
  const selector = input.selector === undefined ? { app: "web" } : input.selector;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: NS, ...(input.labels ? { labels: input.labels } : {}) },
    spec: {
      ...(input.type ? { type: input.type } : {}),
      ...(selector ? { selector } : {}),
      ports: input.ports ?? [{ name: "http", port: 80, targetPort: 8080 }],
      ...(input.clusterIP ? { clusterIP: input.clusterIP } : {}),
      ...(input.sessionAffinity ? { sessionAffinity: input.sessionAffinity } : {}),
      ...(input.affinitySeconds ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: input.affinitySeconds } } } : {}),
      ...(input.extraSpec ?? {}),
    },
  };
}

/**
 * Creates a Service with its addresses allocated. Once the API server allocates on create this is a plain create;
 * until then the test allocates as the storage's BeginCreate would and writes the result with an update.
 */
export function createService(state: State, svc: KObject): State {
  const r = handle(state, { verb: "create", resource: "services", namespace: NS, object: svc });
  if (isStatus(r.result)) throw new Error(`create service: ${r.result.code}: ${r.result.message}`);
  const created = r.result;
  const allocatedByServer = !needsClusterIP(created) || isServiceIPSet(created) || created.spec?.clusterIP === "None";
  if (allocatedByServer && (!needsNodePort(created) || (created.spec?.ports ?? []).every((p: { nodePort?: number }) => p.nodePort))) return r.state;
  const a = allocateServiceAddresses(r.state, { ...created, spec: { ...created.spec, clusterIP: svc.spec?.clusterIP ?? "" } });
  if (isStatus(a)) throw new Error(`allocate: ${a.message}`);
  return ok(a.state, { verb: "update", resource: "services", namespace: NS, name: created.metadata.name!, object: a.service });
}

/** Deletes a Service, releasing its addresses when the API server does not do it yet. */
export function deleteService(state: State, name: string): State {
  const svc = stored(state, "services", name)!;
  const s = ok(state, { verb: "delete", resource: "services", namespace: NS, name });
  return stored(s, "services", name) ? s : releaseServiceAddresses(s, svc);
}

export interface PodInput {
  readonly node?: string;
  readonly ip?: string;
  readonly ready?: boolean;
  readonly labels?: Record<string, string>;
  readonly ports?: readonly Record<string, unknown>[];
}

/** A pod bound to a node (spec.nodeName set: no scheduler needed) with its status written as a kubelet would. */
export function runningPod(state: State, name: string, input: PodInput = {}): State {
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, labels: input.labels ?? { app: "web" } },
    spec: {
      nodeName: input.node ?? "n1",
      containers: [{ name: "app", image: "nginx:1.25", ports: input.ports ?? [{ name: "http", containerPort: 8080 }] }],
    },
  };
  let s = ok(state, { verb: "create", resource: "pods", namespace: NS, object: pod });
  if (input.ip) s = setPodStatus(s, name, { ip: input.ip, ready: input.ready ?? true });
  return s;
}

/** Writes a pod's IP and Ready condition through the status subresource. */
export function setPodStatus(state: State, name: string, st: { ip?: string; ready: boolean }): State {
  const cur = stored(state, "pods", name)!;
  const ip = st.ip ?? cur.status?.podIP;
  const now = timestamp(state.clock.now);
  const status = {
    ...cur.status,
    phase: "Running",
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    conditions: [{ type: "Ready", status: st.ready ? "True" : "False", lastTransitionTime: now }],
  };
  return ok(state, { verb: "update", resource: "pods", namespace: NS, name, subresource: "status", object: { ...cur, status } });
}

/** The (ip, pod name) pairs of an Endpoints object, ready and not ready. */
export function endpointsView(state: State, name: string): { ready: string[]; notReady: string[]; ports: string[] } | undefined {
  const eps = stored(state, "endpoints", name);
  if (!eps) return undefined;
  const ready: string[] = [];
  const notReady: string[] = [];
  const ports = new Set<string>();
  for (const s of (eps.subsets ?? []) as any[]) {
    for (const a of s.addresses ?? []) ready.push(`${a.targetRef?.name}@${a.ip}`);
    for (const a of s.notReadyAddresses ?? []) notReady.push(`${a.targetRef?.name}@${a.ip}`);
    for (const p of s.ports ?? []) ports.add(`${p.name ?? ""}:${p.port}`);
  }
  return { ready: ready.sort(), notReady: notReady.sort(), ports: [...ports].sort() };
}
