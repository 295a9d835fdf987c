/**
 * nodes/proxy: the API server forwards a read to a node's kubelet, which answers from its own pod manager (so
 * with its informer's lag), and the request fails as Kubernetes' does when the node cannot be reached.
 */
import { describe, expect, it } from "vitest";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { bootstrap } from "../bootstrap.ts";
import { addNode } from "../add-node.ts";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { handle } from "./handle.ts";
import { isStatus, type Status } from "./status.ts";
import type { ProxyRequest } from "./proxy.ts";
import type { NodeProxyResponse } from "./node-proxy.ts";

const CAPACITY = { cpu: "4", memory: "8Gi", pods: "110" };
const pod = (name: string, node: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName: node, containers: [{ name: "app", image: "nginx:1.25" }] },
});
const staticPod: KObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "etcd", namespace: "kube-system" }, spec: { containers: [{ name: "etcd", image: "etcd:3.5" }] } };

function must(s: State, object: KObject): State {
  const r = handle(s, { verb: "create", resource: "pods", namespace: "default", object });
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
}

/** n1 (with a static pod) runs web-0; n2 runs web-1. */
function cluster(): State {
  let s = bootstrap();
  s = addNode(s, { name: "n1", capacity: CAPACITY, staticPods: [staticPod] }).state;
  s = addNode(s, { name: "n2", capacity: CAPACITY }).state;
  s = must(must(s, pod("web-0", "n1")), pod("web-1", "n2"));
  return settle(s).state;
}
const CLUSTER = cluster();

const proxy = (name: string, path?: string): ProxyRequest => ({ verb: "get", resource: "nodes", name, subresource: "proxy", ...(path !== undefined ? { path } : {}) });

function answer(s: State, req: ProxyRequest): NodeProxyResponse {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${r.result.code} ${r.result.message}`);
  return r.result as NodeProxyResponse;
}
function refusal(s: State, req: ProxyRequest): Status {
  const r = handle(s, req);
  if (!isStatus(r.result)) throw new Error(`expected a Status, got ${JSON.stringify(r.result)}`);
  return r.result;
}
const names = (body: KObject | string) => ((body as KObject).items as KObject[]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();

describe("nodes/proxy: a read forwarded to the node's kubelet", () => {
  it("reaches the kubelet at its port over https and gets its pods: the API pods bound to it and its static pods", () => {
    const r = answer(CLUSTER, proxy("n1", "pods"));
    expect(r.kind).toBe("NodeProxyResponse");
    expect(r.metadata.name).toBe("n1");
    expect(r.location).toBe("https://n1:10250/pods");
    expect(names(r.body)).toEqual(["default/web-0", "kube-system/etcd-n1"]);
    const web0 = ((r.body as KObject).items as KObject[]).find((p) => p.metadata.name === "web-0")!;
    expect(web0.status?.phase).toBe("Running");
    expect(names(answer(CLUSTER, proxy("n2", "/pods")).body)).toEqual(["default/web-1"]);
  });

  it("answers from the kubelet's cache: a pod deleted in the API is still listed until the kubelet's watch delivers it", () => {
    let s = step(CLUSTER, { type: "api", client: "user", request: { verb: "delete", resource: "pods", namespace: "default", name: "web-1", gracePeriodSeconds: 0 } });
    expect(names(answer(s, proxy("n2", "pods")).body)).toEqual(["default/web-1"]);
    s = step(s, { type: "informer.sync", component: "kubelet/n2", resource: "pods" });
    expect(names(answer(s, proxy("n2", "pods")).body)).toEqual([]);
  });

  it("lists what the runtime runs under /runningpods/, and answers /healthz", () => {
    expect(names(answer(CLUSTER, proxy("n1", "runningpods/")).body)).toEqual(["default/web-0", "kube-system/etcd-n1"]);
    expect(answer(CLUSTER, proxy("n1", "healthz")).body).toBe("ok");
    expect(answer(CLUSTER, proxy("n1:10250", "healthz")).location).toBe("https://n1:10250/healthz");
  });

  it("fails as Kubernetes does: bad id 400, unknown node 404, unknown kubelet path 404, another port refused", () => {
    expect(refusal(CLUSTER, proxy("ftp:n1:22", "pods"))).toMatchObject({ code: 400, message: 'invalid node request "ftp:n1:22"' });
    expect(refusal(CLUSTER, proxy("n9", "pods"))).toMatchObject({ code: 404, message: 'nodes "n9" not found' });
    expect(refusal(CLUSTER, proxy("n1", "logs/x"))).toMatchObject({ code: 404, message: "404 page not found" });
    expect(refusal(CLUSTER, proxy("n1:8080", "pods"))).toMatchObject({ code: 500, message: expect.stringMatching(/^error trying to reach service: dial tcp \d+\.\d+\.\d+\.\d+:8080: connect: connection refused$/) });
  });

  it("times out when the node is unreachable: crashed or partitioned, and answers again once it is back", () => {
    for (const fault of ["node.crash", "node.partition"] as const) {
      const s = step(CLUSTER, { type: fault, node: "n1" });
      expect(refusal(s, proxy("n1", "pods"))).toMatchObject({ code: 500, message: expect.stringMatching(/:10250: i\/o timeout$/) });
      expect(names(answer(s, proxy("n2", "pods")).body)).toEqual(["default/web-1"]);
    }
    const healed = step(step(CLUSTER, { type: "node.partition", node: "n1" }), { type: "node.heal", node: "n1" });
    expect(answer(healed, proxy("n1", "healthz")).body).toBe("ok");
  });

  it("uses the port the Node reports in status.daemonEndpoints", () => {
    const r = handle(CLUSTER, { verb: "patch", resource: "nodes", name: "n1", subresource: "status", patch: { status: { daemonEndpoints: { kubeletEndpoint: { Port: 10255 } } } } });
    if (isStatus(r.result)) throw new Error(r.result.message);
    expect(answer(r.state, proxy("n1", "healthz")).location).toBe("https://n1:10255/healthz");
    expect(refusal(r.state, proxy("n1:10250", "healthz")).code).toBe(500);
  });
});
