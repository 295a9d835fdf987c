/**
 * The API server proxy: `GET /api/v1/namespaces/<ns>/pods/<id>/proxy/<path>` and `.../services/<id>/proxy/<path>`.
 * The API server finds where to send the request (the subresource's ResourceLocation), then dials it and relays
 * the answer. Follows pkg/registry/core/pod/strategy.go (ResourceLocation, getPodIP),
 * pkg/registry/core/service/storage/storage.go (ResourceLocation, isValidAddress),
 * pkg/registry/core/pod/rest/subresources.go and pkg/registry/core/service/proxy.go (ProxyREST.Connect: the path
 * joined onto the location), k8s.io/apimachinery/pkg/util/net (SplitSchemeNamePort) and
 * k8s.io/apimachinery/pkg/util/proxy (transport.go: "error trying to reach service: <dial error>").
 *
 * - `id` is "name", "name:port" or "scheme:name:port" (scheme http or https); anything else is 400.
 * - pods: the pod must exist (404); without a port the first declared container port is used; an address that
 *   is not a global unicast IP — a pod with no IP yet — is 400 "address not allowed" (Kubernetes checks the
 *   address, not the phase).
 * - services: a numeric port is mapped to the Service port's name ("no service port N found" is 503); the
 *   Endpoints object is read from storage (404 when absent); no subsets is 503 'no endpoints available for
 *   service "x"'; the first ready address of a subset carrying the port name whose pod exists in the namespace
 *   and still has that IP is chosen (Kubernetes starts at a random subset and address; the model starts at the
 *   first, so answers are reproducible); none is 503 naming the id. Not-ready addresses are never used.
 * - the dial: the model has no HTTP servers, so reaching the address is decided by the world: the pod's machine
 *   must be up and reachable (else an i/o timeout), its sandbox must hold that IP (else no route to host), and a
 *   container must be running (else connection refused). Kubernetes answers a dial failure with the plain error
 *   turned into a Status: 500, reason Unknown.
 * - the answer is a ProxyResponse naming the location reached and the pod that served it (the model's stand-in
 *   for the backend's HTTP response body).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { btreeGet } from "../collections/btree.ts";
import { parseIPv4 } from "./service/cidr.ts";
import type { ApiResult } from "./create.ts";
import { existing, qualified, target } from "./common.ts";
import { badRequest, isStatus, notFound, pathNotFound, serviceUnavailable, unknownError, type Status } from "./status.ts";
import { BUILTIN_BY_ID } from "./resources.ts";
import { nodeProxyGet } from "./node-proxy.ts";
import { splitSchemeNamePort } from "./proxy-id.ts";

/** A proxied GET: `name` is the id ("name", "name:port" or "scheme:name:port"), `path` what follows /proxy. */
export interface ProxyRequest {
  readonly verb: "get";
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
  readonly subresource: "proxy";
  readonly path?: string;
}

/** The answer of a proxied request: where the API server sent it and who answered. */
export interface ProxyResponse extends KObject {
  readonly apiVersion: "kubeprop.dev/v1";
  readonly kind: "ProxyResponse";
  /** The pod that answered. */
  readonly metadata: { readonly name: string; readonly namespace: string };
  /** The URL the API server forwarded to: scheme://podIP[:port]/path. */
  readonly location: string;
  /** The node the pod runs on. */
  readonly node: string;
}

/** Whether a request is a proxy subresource request. */
export const isProxyRequest = (req: { readonly verb: string; readonly subresource?: unknown }): req is ProxyRequest =>
  req.verb === "get" && req.subresource === "proxy";

const PODS = BUILTIN_BY_ID.get("pods")!;
const ENDPOINTS = BUILTIN_BY_ID.get("endpoints")!;
const SERVICES = BUILTIN_BY_ID.get("services")!;

/** net.IP.IsGlobalUnicast for IPv4: not unspecified, loopback, link-local, multicast or broadcast. */
function isGlobalUnicast(ip: string): boolean {
  const n = parseIPv4(ip);
  if (n === undefined) return false;
  const first = n >>> 24;
  if (n === 0 || n === 0xffffffff || first === 127 || first >= 224) return false;
  return !(first === 169 && ((n >>> 16) & 255) === 254);
}

/** getPodIP: the primary pod IP. */
const podIPOf = (pod: KObject): string => pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? "";

/** A parsed decimal port number (strconv.ParseInt), or undefined. */
const portNumber = (s: string): number | undefined => (/^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined);

interface Location {
  readonly scheme: string;
  readonly ip: string;
  /** "" when the request named no port and the pod declares none. */
  readonly port: string;
  readonly pod: KObject;
}

/** pods ResourceLocation. */
function podLocation(state: State, namespace: string, id: string): Location | Status {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) return badRequest(`invalid pod request "${id}"`);
  const kv = existing(state, PODS, namespace, parsed.name);
  if (!kv) return notFound(qualified(PODS), parsed.name);
  const pod = kv.value;
  let port = parsed.port;
  if (port === "") {
    const declared = ((pod.spec?.containers ?? []) as any[]).find((c) => (c?.ports ?? []).length > 0);
    if (declared) port = String(declared.ports[0].containerPort);
  }
  const ip = podIPOf(pod);
  if (!isGlobalUnicast(ip)) return badRequest("address not allowed");
  return { scheme: parsed.scheme, ip, port, pod };
}

/** isValidAddress: the address names a pod of the namespace that still has that IP; returns the pod. */
function podOfAddress(state: State, namespace: string, addr: any): KObject | undefined {
  const ref = addr?.targetRef;
  if (!ref || ref.namespace !== namespace || typeof ref.name !== "string") return undefined;
  const pod = existing(state, PODS, namespace, ref.name)?.value;
  if (!pod) return undefined;
  const ips: readonly { ip?: string }[] = pod.status?.podIPs ?? [];
  return ips.some((p) => p.ip === addr.ip) ? pod : undefined;
}

/** services ResourceLocation. */
function serviceLocation(state: State, namespace: string, id: string): Location | Status {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) return badRequest(`invalid service request "${id}"`);
  const svcName = parsed.name;
  let portName = parsed.port;
  const portNum = portNumber(portName);
  if (portNum !== undefined) {
    const svc = existing(state, SERVICES, namespace, svcName)?.value;
    if (!svc) return notFound(qualified(SERVICES), svcName);
    const sp = ((svc.spec?.ports ?? []) as any[]).find((p) => p?.port === portNum);
    if (!sp) return serviceUnavailable(`no service port ${portNum} found for service "${svcName}"`);
    portName = sp.name ?? "";
  }
  const eps = existing(state, ENDPOINTS, namespace, svcName)?.value;
  if (!eps) return notFound(qualified(ENDPOINTS), svcName);
  const subsets: any[] = Array.isArray(eps.subsets) ? eps.subsets : [];
  if (subsets.length === 0) return serviceUnavailable(`no endpoints available for service "${svcName}"`);
  for (const ss of subsets) {
    const addresses: any[] = ss?.addresses ?? [];
    if (addresses.length === 0) continue;
    for (const p of (ss.ports ?? []) as any[]) {
      if ((p?.name ?? "") !== portName) continue;
      for (const addr of addresses) {
        const pod = podOfAddress(state, namespace, addr);
        if (pod) return { scheme: parsed.scheme, ip: addr.ip, port: String(p.port), pod };
      }
    }
  }
  return serviceUnavailable(`no endpoints available for service "${id}"`);
}

/** The dial of the location, decided by the world (see the module comment), or the Status of its failure. */
function dial(state: State, loc: Location): { node: string } | Status {
  const hostPort = `${loc.ip}:${loc.port || (loc.scheme === "https" ? "443" : "80")}`;
  const fail = (why: string) => unknownError(`error trying to reach service: dial tcp ${hostPort}: ${why}`);
  const node: string = loc.pod.spec?.nodeName ?? "";
  const machine = node ? btreeGet(state.world.machines, node) : undefined;
  if (!machine || !machine.up || machine.partitioned) return fail("i/o timeout");
  const sandbox = loc.pod.metadata.uid ? btreeGet(machine.pods, loc.pod.metadata.uid) : undefined;
  if (!sandbox || !sandbox.sandboxRunning || sandbox.ip !== loc.ip) return fail("connect: no route to host");
  if (!sandbox.containers.some((c) => c.state === "running")) return fail("connect: connection refused");
  return { node };
}

/** net.JoinPath of the location and the proxied path. */
function locationText(loc: Location, path: string | undefined): string {
  const host = loc.port ? `${loc.ip}:${loc.port}` : loc.ip;
  const rest = (path ?? "").replace(/^\/+/, "");
  return `${loc.scheme || "http"}://${host}${rest ? `/${rest}` : ""}`;
}

/** A proxied GET to a pod, a Service or a node (model/apiserver/node-proxy.ts); other resources have no proxy subresource: 404. */
export function proxyGet(state: State, req: ProxyRequest): ApiResult {
  const t = target(state, req.resource, req.namespace);
  if (isStatus(t)) return { state, result: t };
  const isCore = t.info.group === "";
  if (isCore && t.info.plural === "nodes") return nodeProxyGet(state, req.name, req.path);
  const locate = isCore && t.info.plural === "pods" ? podLocation : isCore && t.info.plural === "services" ? serviceLocation : undefined;
  if (!locate) return { state, result: pathNotFound() };
  const loc = locate(state, t.namespace, req.name);
  if (isStatus(loc)) return { state, result: loc };
  const reached = dial(state, loc);
  if (isStatus(reached)) return { state, result: reached };
  const answer: ProxyResponse = {
    apiVersion: "kubeprop.dev/v1",
    kind: "ProxyResponse",
    metadata: { name: loc.pod.metadata.name!, namespace: t.namespace },
    location: locationText(loc, req.path),
    node: reached.node,
  };
  return { state, result: answer };
}
