/**
 * The API server proxy (pods/proxy, services/proxy): where the API server sends a proxied GET, the Statuses of
 * Kubernetes' ResourceLocation when it cannot, and the dial decided by the world (machine, sandbox, container).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { bootstrap } from "../bootstrap.ts";
import { addNode } from "../add-node.ts";
import { settle } from "../settle.ts";
import { step, stepWithEffects } from "../step.ts";
import { handle } from "./handle.ts";
import { isStatus, type Status } from "./status.ts";
import type { ProxyRequest, ProxyResponse } from "./proxy.ts";
import { splitSchemeNamePort } from "./proxy-id.ts";
import type { Action } from "../actions.ts";

function must(s: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.message}`);
  return r.state;
}

const webPod = (name: string, node: string, labels: Record<string, string> = { app: "web" }): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels },
  spec: { nodeName: node, containers: [{ name: "app", image: "nginx:1.25", ports: [{ name: "http", containerPort: 8080 }] }] },
});

const service = (name: string, selector: Record<string, string> | undefined, ports: object[] = [{ name: "http", port: 80, targetPort: 8080 }]): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: { ...(selector ? { selector } : {}), ports },
});

/** Two nodes with kubelets, Services web (named port), plain (unnamed port), empty (no pods), manual (no selector), and pods web-0, web-1. */
function cluster(): State {
  let s = bootstrap();
  for (const name of ["n1", "n2"]) s = addNode(s, { name, capacity: { cpu: "4", memory: "8Gi", pods: "110" } }).state;
  s = must(s, { verb: "create", resource: "services", namespace: "default", object: service("web", { app: "web" }) });
  s = must(s, { verb: "create", resource: "services", namespace: "default", object: service("plain", { app: "web" }, [{ port: 80, targetPort: 8080 }]) });
  s = must(s, { verb: "create", resource: "services", namespace: "default", object: service("empty", { app: "nothing" }) });
  s = must(s, { verb: "create", resource: "services", namespace: "default", object: service("manual", undefined) });
  s = must(s, { verb: "create", resource: "pods", namespace: "default", object: webPod("web-0", "n1") });
  s = must(s, { verb: "create", resource: "pods", namespace: "default", object: webPod("web-1", "n2") });
  return settle(s).state;
}

const CLUSTER = cluster();

const proxy = (resource: string, name: string, path?: string): ProxyRequest => ({ verb: "get", resource, namespace: "default", name, subresource: "proxy", ...(path !== undefined ? { path } : {}) });

function answer(s: State, req: ProxyRequest): ProxyResponse {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`proxy ${req.resource}/${req.name}: ${r.result.code} ${r.result.message}`);
  expect(r.state).toBe(s);
  return r.result as ProxyResponse;
}

function failure(s: State, req: ProxyRequest): Pick<Status, "code" | "reason" | "message"> {
  const r = handle(s, req);
  if (!isStatus(r.result)) throw new Error(`proxy ${req.resource}/${req.name} answered`);
  expect(r.state).toBe(s);
  return { code: r.result.code, reason: r.result.reason, message: r.result.message };
}

const podIP = (s: State, name: string): string => (handle(s, { verb: "get", resource: "pods", namespace: "default", name }).result as KObject).status.podIP;

describe("services/proxy", () => {
  it("forwards to the first ready endpoint of the port, through the port's number or name", () => {
    const s = CLUSTER;
    const ip0 = podIP(s, "web-0");
    expect(answer(s, proxy("services", "web:80", "/healthz"))).toEqual({
      apiVersion: "kubeprop.dev/v1",
      kind: "ProxyResponse",
      metadata: { name: "web-0", namespace: "default" },
      location: `http://${ip0}:8080/healthz`,
      node: "n1",
    });
    expect(answer(s, proxy("services", "web:http")).location).toBe(`http://${ip0}:8080`);
    expect(answer(s, proxy("services", "https:web:http", "api/v1")).location).toBe(`https://${ip0}:8080/api/v1`);
    // An unnamed port is addressed by the bare name.
    expect(answer(s, proxy("services", "plain")).metadata.name).toBe("web-0");
  });

  it("answers as Kubernetes does when there is nowhere to go", () => {
    const s = CLUSTER;
    // The bare name means the unnamed port, which web does not have.
    expect(failure(s, proxy("services", "web"))).toEqual({ code: 503, reason: "ServiceUnavailable", message: 'no endpoints available for service "web"' });
    expect(failure(s, proxy("services", "web:81"))).toEqual({ code: 503, reason: "ServiceUnavailable", message: 'no service port 81 found for service "web"' });
    expect(failure(s, proxy("services", "empty:http"))).toEqual({ code: 503, reason: "ServiceUnavailable", message: 'no endpoints available for service "empty"' });
    expect(failure(s, proxy("services", "manual:http"))).toEqual({ code: 404, reason: "NotFound", message: 'endpoints "manual" not found' });
    expect(failure(s, proxy("services", "ghost:80"))).toEqual({ code: 404, reason: "NotFound", message: 'services "ghost" not found' });
    expect(failure(s, proxy("services", "ftp:web:80"))).toEqual({ code: 400, reason: "BadRequest", message: 'invalid service request "ftp:web:80"' });
  });

  it("uses only ready addresses: with every pod not ready the Service has no endpoint to offer", () => {
    let s = step(CLUSTER, { type: "pod.readiness", namespace: "default", pod: "web-0", ready: false });
    s = settle(s).state;
    expect(answer(s, proxy("services", "web:80")).metadata.name).toBe("web-1");
    s = settle(step(s, { type: "pod.readiness", namespace: "default", pod: "web-1", ready: false })).state;
    expect(failure(s, proxy("services", "web:80"))).toEqual({ code: 503, reason: "ServiceUnavailable", message: 'no endpoints available for service "web:80"' });
  });

  it("skips an address whose pod is gone before the endpoints controller noticed", () => {
    let s = must(CLUSTER, { verb: "delete", resource: "pods", namespace: "default", name: "web-0", gracePeriodSeconds: 0 });
    // The Endpoints object still lists web-0 (the controller has not run): isValidAddress rejects it.
    expect(JSON.stringify((handle(s, { verb: "get", resource: "endpoints", namespace: "default", name: "web" }).result as KObject).subsets)).toContain("web-0");
    expect(answer(s, proxy("services", "web:80")).metadata.name).toBe("web-1");
    s = must(s, { verb: "delete", resource: "pods", namespace: "default", name: "web-1", gracePeriodSeconds: 0 });
    expect(failure(s, proxy("services", "web:80")).code).toBe(503);
  });
});

describe("pods/proxy", () => {
  it("forwards to the pod's IP and its first declared container port", () => {
    const ip1 = podIP(CLUSTER, "web-1");
    expect(answer(CLUSTER, proxy("pods", "web-1", "/metrics"))).toEqual({
      apiVersion: "kubeprop.dev/v1",
      kind: "ProxyResponse",
      metadata: { name: "web-1", namespace: "default" },
      location: `http://${ip1}:8080/metrics`,
      node: "n2",
    });
    expect(answer(CLUSTER, proxy("pods", "web-1:9090")).location).toBe(`http://${ip1}:9090`);
  });

  it("refuses a pod without an address (400 address not allowed) and a missing pod (404)", () => {
    const s = must(CLUSTER, { verb: "create", resource: "pods", namespace: "default", object: { ...webPod("pending", "n1"), spec: { containers: [{ name: "app", image: "nginx" }] } } });
    expect(failure(s, proxy("pods", "pending"))).toEqual({ code: 400, reason: "BadRequest", message: "address not allowed" });
    expect(failure(s, proxy("pods", "nope"))).toEqual({ code: 404, reason: "NotFound", message: 'pods "nope" not found' });
    expect(failure(s, proxy("pods", "a:b:c:d"))).toEqual({ code: 400, reason: "BadRequest", message: 'invalid pod request "a:b:c:d"' });
  });

  it("fails the dial as the world says: a crashed container refuses, a crashed or partitioned node times out", () => {
    const ip0 = podIP(CLUSTER, "web-0");
    const crashed = step(CLUSTER, { type: "container.crash", namespace: "default", pod: "web-0", container: "app", exitCode: 1 });
    expect(failure(crashed, proxy("pods", "web-0"))).toEqual({ code: 500, reason: "", message: `error trying to reach service: dial tcp ${ip0}:8080: connect: connection refused` });
    for (const fault of ["node.crash", "node.partition"] as const) {
      const s = step(CLUSTER, { type: fault, node: "n1" });
      expect(failure(s, proxy("pods", "web-0")), fault).toEqual({ code: 500, reason: "", message: `error trying to reach service: dial tcp ${ip0}:8080: i/o timeout` });
      // The Endpoints object still lists web-0 until the node lifecycle controller marks it not ready.
      expect(failure(s, proxy("services", "web:80")).message).toBe(`error trying to reach service: dial tcp ${ip0}:8080: i/o timeout`);
    }
  });

  it("has no proxy for other resources, and a plain get is still a get", () => {
    expect(failure(CLUSTER, proxy("configmaps", "x"))).toEqual({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
    expect((handle(CLUSTER, { verb: "get", resource: "services", namespace: "default", name: "web" }).result as KObject).kind).toBe("Service");
  });

  it("is an API request like any other: a user's proxy GET is logged with its answer", () => {
    const action = { type: "api", client: "user", request: proxy("services", "empty:http") } as unknown as Action;
    const r = stepWithEffects(CLUSTER, action);
    expect(r.effects).toEqual([{ kind: "request", client: "user", verb: "get", resource: "services", namespace: "default", name: "empty:http", code: 503, message: 'no endpoints available for service "empty"' }]);
  });
});

describe("proxy properties", () => {
  it("SplitSchemeNamePort takes name, name:port and scheme:name:port with scheme http or https", () =>
    fc.assert(
      fc.property(fc.constantFrom("", "http", "https", "ftp"), fc.stringMatching(/^[a-z0-9-]{0,6}$/), fc.stringMatching(/^[a-z0-9]{0,4}$/), (scheme, name, port) => {
        const id = scheme ? `${scheme}:${name}:${port}` : port ? `${name}:${port}` : name;
        const want = name !== "" && scheme !== "ftp" ? { scheme, name, port } : undefined;
        expect(splitSchemeNamePort(id)).toEqual(want);
      }),
    ));

  it("services/proxy reaches a ready pod of the Service, or answers 503 exactly when none is ready", () =>
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (ready0, ready1) => {
        let s = CLUSTER;
        if (!ready0) s = step(s, { type: "pod.readiness", namespace: "default", pod: "web-0", ready: false });
        if (!ready1) s = step(s, { type: "pod.readiness", namespace: "default", pod: "web-1", ready: false });
        s = settle(s).state;
        const r = handle(s, proxy("services", "web:80")).result;
        if (!ready0 && !ready1) expect(isStatus(r) && r.code).toBe(503);
        else expect((r as ProxyResponse).metadata.name).toBe(ready0 ? "web-0" : "web-1");
      }),
      { numRuns: 8 },
    ));
});
