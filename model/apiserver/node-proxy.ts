/**
 * `GET /api/v1/nodes/<id>/proxy/<path>`: the API server forwards a read to a node's kubelet. Follows
 * pkg/registry/core/node/strategy.go (ResourceLocation, isProxyableHostname), pkg/kubelet/client/kubelet_client.go
 * (NodeConnectionInfoGetter.GetConnectionInfo: the preferred node address, the kubelet port from
 * status.daemonEndpoints or 10250, scheme https) and pkg/util/node (GetPreferredNodeAddress), and for the kubelet's
 * side pkg/kubelet/server/server.go (the /pods, /runningpods/ and /healthz handlers; GetPods in kubelet_pods.go).
 *
 * - `id` is "name", "name:port" or "scheme:name:port"; anything else is 400 `invalid node request`.
 * - the Node must exist (404); its address is the first of Hostname, InternalDNS, InternalIP, ExternalDNS,
 *   ExternalIP it reports (kube-apiserver's default --kubelet-preferred-address-types); none is a 500. A Hostname
 *   resolves, in the model's world, to the machine's host IP.
 * - no port, or the kubelet's port: the request goes to the kubelet. Another port goes to that port on the node,
 *   where the model runs no server: connection refused.
 * - the dial: the machine must be up and reachable from the control plane (else an i/o timeout, as for a node
 *   crash or a partition), and its kubelet running (else connection refused).
 * - the kubelet answers /pods with the pods of its pod manager: the API pods bound to it as its own informer
 *   has them (so the answer lags the API when its watch does), and the static pods of its configuration (each
 *   once: mirror pods are not the pod manager's pods);
 *   /runningpods/ with what its container runtime runs; /healthz with "ok"; any other path with 404.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { btreeGet, btreeValues } from "../collections/btree.ts";
import { getMachine } from "../world/machine.ts";
import { hostIPOf } from "../world/network.ts";
import { isMirrorPod, staticPodsOf } from "../world/static-pods.ts";
import { runningPodsOn } from "../world/running-pods.ts";
import { kubeletId } from "../world/kubelet-id.ts";
import type { ApiResult } from "./create.ts";
import { existing, qualified } from "./common.ts";
import { badRequest, notFound, status, unknownError } from "./status.ts";
import { BUILTIN_BY_ID } from "./resources.ts";
import { splitSchemeNamePort } from "./proxy-id.ts";

const NODES = BUILTIN_BY_ID.get("nodes")!;

/** kube-apiserver's default --kubelet-preferred-address-types. */
export const PREFERRED_ADDRESS_TYPES = ["Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"] as const;

/** The kubelet's port when the Node does not report one (ports.KubeletPort). */
export const DEFAULT_KUBELET_PORT = 10250;

/** What a node's kubelet answered through the API server. */
export interface NodeProxyResponse extends KObject {
  readonly apiVersion: "kubeprop.dev/v1";
  readonly kind: "NodeProxyResponse";
  /** The node whose kubelet answered. */
  readonly metadata: { readonly name: string };
  /** The URL the API server forwarded to: https://address:port/path. */
  readonly location: string;
  /** The kubelet's answer: a PodList for /pods and /runningpods/, "ok" for /healthz. */
  readonly body: KObject | string;
}

/** GetPreferredNodeAddress: the first reported address of the first preferred type that has one. */
function preferredAddress(node: KObject): { type: string; address: string } | undefined {
  const addresses: { type?: string; address?: string }[] = Array.isArray(node.status?.addresses) ? node.status.addresses : [];
  for (const type of PREFERRED_ADDRESS_TYPES) {
    const a = addresses.find((x) => x.type === type && x.address);
    if (a) return { type, address: a.address! };
  }
  return undefined;
}

const podList = (items: readonly KObject[]): KObject => ({ apiVersion: "v1", kind: "PodList", metadata: {}, items });

/** The kubelet's HTTP handlers (server.go): the body, or undefined for a path it does not serve (404). */
function kubeletAnswer(state: State, node: string, path: string): KObject | string | undefined {
  const p = path.replace(/^\/+/, "");
  if (p === "healthz") return "ok";
  if (p === "pods") {
    // GetPods: the pod manager's pods: the API pods the kubelet's informer holds for this node and its static pods
    // (the pod manager keeps mirror pods apart, so a static pod is listed once, as itself).
    const kubelet = btreeGet(state.components, kubeletId(node))!;
    const m = getMachine(state, node);
    const cache = kubelet.informers.pods?.cache;
    const api = (cache ? btreeValues(cache) : []).filter((pod) => !isMirrorPod(pod));
    return podList([...api, ...(m ? staticPodsOf(m) : [])]);
  }
  if (p === "runningpods" || p === "runningpods/") {
    // GetRunningPods: what the container runtime reports, identity only.
    return podList(runningPodsOn(state, node).map((rp) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: rp.name, namespace: rp.namespace, uid: rp.uid } })));
  }
  return undefined;
}

/** A proxied GET to a node (its kubelet, or another port on it). */
export function nodeProxyGet(state: State, id: string, path: string | undefined): ApiResult {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) return { state, result: badRequest(`invalid node request "${id}"`) };
  const node = existing(state, NODES, "", parsed.name)?.value;
  if (!node) return { state, result: notFound(qualified(NODES), parsed.name) };
  const addr = preferredAddress(node);
  if (!addr) return { state, result: unknownError(`no preferred addresses found; known addresses: ${JSON.stringify(node.status?.addresses ?? [])}`) };
  const m = getMachine(state, parsed.name);
  // isProxyableHostname: a hostname resolves (here, to its machine's host IP); an address that resolves to nothing is a 400.
  const ip = addr.type === "Hostname" || addr.type.endsWith("DNS") ? (m ? hostIPOf(m) : undefined) : addr.address;
  if (!ip) return { state, result: badRequest(`no addresses for hostname`) };
  const reported = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
  const kubeletPort = String(reported > 0 ? reported : DEFAULT_KUBELET_PORT);
  const toKubelet = parsed.port === "" || parsed.port === kubeletPort;
  const port = toKubelet ? kubeletPort : parsed.port;
  const scheme = toKubelet ? "https" : parsed.scheme || "http";
  const rest = (path ?? "").replace(/^\/+/, "");
  const location = `${scheme}://${addr.address}:${port}${rest ? `/${rest}` : ""}`;
  const fail = (why: string) => ({ state, result: unknownError(`error trying to reach service: dial tcp ${ip}:${port}: ${why}`) });
  if (!m || !m.up || m.partitioned) return fail("i/o timeout");
  if (!toKubelet || !btreeGet(state.components, kubeletId(parsed.name))) return fail("connect: connection refused");
  const body = kubeletAnswer(state, parsed.name, rest);
  if (body === undefined) return { state, result: status(404, "NotFound", "404 page not found") };
  const answer: NodeProxyResponse = { apiVersion: "kubeprop.dev/v1", kind: "NodeProxyResponse", metadata: { name: parsed.name }, location, body };
  return { state, result: answer };
}
