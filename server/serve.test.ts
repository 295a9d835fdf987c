import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { parseScenario } from "../model/scenario/parse.ts";
import { runScenario } from "../model/scenario/run.ts";
import { btreeValues } from "../model/collections/btree.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe, type Served } from "./serve.ts";
import { servedCluster } from "./default-cluster.ts";


const deployment = (name: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } },
});

let served: Served;
let dir: string;
const record = () => join(dir, "session.json");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kubeprop-serve-"));
  served = await startServe({
    scenario: servedCluster({ name: "serve-test" }),
    kinds: KUBEPROP_KINDS,
    invariants: ALL_INVARIANTS,
    clock: "manual",
    port: 0,
    record: record(),
    kubeconfig: join(dir, "kubeconfig"),
    maxWatches: 20,
    log: () => {},
  });
});
afterAll(async () => served.close());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; json: any }> {
  const res = await fetch(served.url + path, {
    method,
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    headers: { "Content-Type": "application/json", ...headers },
  });
  const text = await res.text();
  return { code: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Reads a watch stream's lines until `n` events came or the stream ended. */
function watchEvents(path: string, n: number, onOpen?: () => void): Promise<{ code: number; events: any[] }> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    const req = httpRequest(served.url + path, (res) => {
      let buf = "";
      onOpen?.();
      res.on("data", (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          if (events.length >= n) {
            req.destroy();
            resolve({ code: res.statusCode!, events });
          }
        }
      });
      res.on("end", () => resolve({ code: res.statusCode!, events: buf ? [...events, JSON.parse(buf)] : events }));
    });
    req.on("error", (e) => (events.length >= n ? undefined : reject(e)));
    req.end();
  });
}

describe("kubeprop serve: the Kubernetes API over the model", () => {
  it("writes a kubeconfig naming the server", () => {
    const text = readFileSync(join(dir, "kubeconfig"), "utf8");
    expect(text).toContain(`server: ${served.url}`);
    expect(text).toContain("current-context: kubeprop");
  });

  it("creates a Deployment (201) and its controllers make the pods before the next request", async () => {
    const r = await api("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("web", 3));
    expect(r.code).toBe(201);
    expect(r.json.metadata.uid).toBeTruthy();
    const pods = await api("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
    expect(pods.code).toBe(200);
    expect(pods.json.kind).toBe("PodList");
    expect(pods.json.items).toHaveLength(3);
    expect(pods.json.items.every((p: any) => p.spec.nodeName === "node-1" || p.spec.nodeName === "node-2")).toBe(true);
    const d = await api("GET", "/apis/apps/v1/namespaces/default/deployments/web");
    expect(d.json.status.replicas).toBe(3);
  });

  it("answers errors with the model's Status and the right HTTP code", async () => {
    const missing = await api("GET", "/api/v1/namespaces/default/pods/nope");
    expect(missing.code).toBe(404);
    expect(missing.json).toMatchObject({ kind: "Status", reason: "NotFound", message: 'pods "nope" not found' });
    const dup = await api("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("web", 1));
    expect(dup.code).toBe(409);
    expect(dup.json.reason).toBe("AlreadyExists");
    const invalid = await api("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("bad", -1));
    expect(invalid.code).toBe(422);
    expect(invalid.json.reason).toBe("Invalid");
    expect(invalid.json.message).toContain("spec.replicas");
    const stale = await api("GET", "/apis/apps/v1/namespaces/default/deployments/web");
    await api("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { metadata: { labels: { touched: "yes" } } }, { "Content-Type": "application/merge-patch+json" });
    const conflict = await api("PUT", "/apis/apps/v1/namespaces/default/deployments/web", stale.json);
    expect(conflict.code).toBe(409);
    expect(conflict.json.reason).toBe("Conflict");
    expect(conflict.json.message).toContain("the object has been modified");
  });

  it("refuses what it cannot read: unknown paths, bad bodies, wrong content types, huge bodies", async () => {
    expect((await api("GET", "/apis/nope.example.com/v1/widgets")).code).toBe(404);
    expect((await api("GET", "/apis/apps/v2/deployments")).code).toBe(404);
    const garbled = await api("POST", "/api/v1/namespaces/default/configmaps", "{not json");
    expect(garbled.code).toBe(400);
    expect(garbled.json.kind).toBe("Status");
    const wrongType = await api("PATCH", "/api/v1/namespaces/default/configmaps/x", { data: {} }, { "Content-Type": "text/csv" });
    expect(wrongType.code).toBe(415);
    const huge = await api("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { x: "a".repeat(4 * 1024 * 1024) } });
    expect(huge.code).toBe(413);
    expect(huge.json.reason).toBe("RequestEntityTooLarge");
    const mismatch = await api("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", namespace: "kube-system" } });
    expect(mismatch.code).toBe(400);
    expect(mismatch.json.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
  });

  it("dryRun=All answers as the write would and keeps nothing", async () => {
    const r = await api("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dry" } });
    expect(r.code).toBe(201);
    expect(r.json.metadata.name).toBe("dry");
    expect((await api("GET", "/api/v1/namespaces/default/configmaps/dry")).code).toBe(404);
  });

  it("streams watch events: the current objects, then each change, in revision order", async () => {
    const list = await api("GET", "/api/v1/namespaces/default/configmaps");
    const rv = list.json.metadata.resourceVersion;
    const got = watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, 3, () => {
      void (async () => {
        await api("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "w1" } });
        await api("PATCH", "/api/v1/namespaces/default/configmaps/w1", { data: { a: "1" } }, { "Content-Type": "application/merge-patch+json" });
        await api("DELETE", "/api/v1/namespaces/default/configmaps/w1");
      })();
    });
    const { code, events } = await got;
    expect(code).toBe(200);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED w1", "MODIFIED w1", "DELETED w1"]);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it("a watch from resourceVersion 0 starts with the current objects as ADDED", async () => {
    const { events } = await watchEvents(`/apis/apps/v1/namespaces/default/deployments?watch=1&resourceVersion=0`, 1);
    expect(events[0]).toMatchObject({ type: "ADDED", object: { kind: "Deployment", metadata: { name: "web" } } });
  });

  it("a watch from a compacted revision gets one ERROR event with 410 Expired; one from the future, 504", async () => {
    const before = served.cluster.state.store.revision;
    await api("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c1" } });
    const c = await api("POST", "/kubeprop/v1/actions", { action: { type: "store.compact" } });
    expect(c.code).toBe(200);
    const { code, events } = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${before - 1}`, 1);
    expect(code).toBe(200);
    expect(events[0]).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
    const future = await api("GET", `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${before + 100000}`);
    expect(future.code).toBe(504);
  });

  it("bounds concurrent watches (429 beyond the limit) and frees a watcher when its client goes away", async () => {
    const reqs = Array.from({ length: 20 }, () => {
      const r = httpRequest(served.url + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0");
      r.on("error", () => {});
      r.end();
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    const over = await api("GET", "/api/v1/namespaces/default/pods?watch=true");
    expect(over.code).toBe(429);
    for (const r of reqs) r.destroy();
    await new Promise((r) => setTimeout(r, 300));
    const { code } = await watchEvents(`/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1`, 1);
    expect(code).toBe(200);
  });

  it("deletes a namespace to the end: its objects go, then the namespace", async () => {
    expect((await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } })).code).toBe(201);
    expect((await api("POST", "/api/v1/namespaces/team-a/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } })).code).toBe(201);
    const del = await api("DELETE", "/api/v1/namespaces/team-a");
    expect([200, 202]).toContain(del.code);
    await api("POST", "/kubeprop/v1/advance", { duration: "30s" });
    expect((await api("GET", "/api/v1/namespaces/team-a")).code).toBe(404);
    expect((await api("GET", "/api/v1/namespaces/team-a/configmaps/x")).code).toBe(404);
  });

  it("the control API lets time pass, injects faults, and checks the invariants", async () => {
    const before = (await api("GET", "/kubeprop/v1/status")).json;
    expect(before.clock.mode).toBe("manual");
    const adv = await api("POST", "/kubeprop/v1/advance", { duration: "1m" });
    expect(adv.json.now).toBeCloseTo(before.clock.now + 60, 6);
    const bad = await api("POST", "/kubeprop/v1/faults", { fault: "crash", node: "node-9" });
    expect(bad.code).toBe(400);
    expect(bad.json.message).toBe('node: no machine named "node-9"');
    expect((await api("POST", "/kubeprop/v1/faults", { fault: "crash", node: "node-1" })).code).toBe(200);
    await api("POST", "/kubeprop/v1/advance", { duration: "10m" });
    const pods = await api("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
    // The crashed node's pods were evicted and replaced on node-2 (taint-based eviction after 300 s).
    expect(pods.json.items.filter((p: any) => !p.metadata.deletionTimestamp && p.spec.nodeName === "node-2").length).toBe(3);
    const check = await api("GET", "/kubeprop/v1/check");
    expect(check.json.safety).toEqual([]);
  });

  it("serves the status subresource, delete preconditions and paged lists", async () => {
    const d = await api("GET", "/apis/apps/v1/namespaces/default/deployments/web");
    const st = await api("PUT", "/apis/apps/v1/namespaces/default/deployments/web/status", { ...d.json, spec: { ...d.json.spec, replicas: 9 }, status: { ...d.json.status, observedGeneration: 99 } });
    expect(st.code).toBe(200);
    // A status update keeps the old spec (the strategy's PrepareForUpdate of the status subresource).
    expect(st.json.spec.replicas).toBe(d.json.spec.replicas);
    expect(st.json.status.observedGeneration).toBe(99);
    for (const name of ["p1", "p2", "p3", "p4", "p5"]) await api("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { page: "yes" } } });
    const first = await api("GET", "/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2");
    expect(first.json.items.map((i: any) => i.metadata.name)).toEqual(["p1", "p2"]);
    const rest = await api("GET", `/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=10&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    expect(rest.json.items.map((i: any) => i.metadata.name)).toEqual(["p3", "p4", "p5"]);
    const wrongUid = await api("DELETE", "/api/v1/namespaces/default/configmaps/p1", { preconditions: { uid: "not-its-uid" } });
    expect(wrongUid.code).toBe(409);
    expect(wrongUid.json.message).toContain("Precondition failed: UID in precondition: not-its-uid");
    const gone = await api("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes");
    expect(gone.code).toBe(200);
    expect(gone.json.items).toHaveLength(5);
    expect((await api("GET", "/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes")).json.items).toEqual([]);
  });

  it("a CRD's group comes into discovery with it and goes with it; creates in a terminating namespace are 403", async () => {
    const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "gadgets.example.org" }, spec: { group: "example.org", scope: "Namespaced", names: { plural: "gadgets", kind: "Gadget" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }] } };
    expect((await api("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).code).toBe(201);
    const groups = (await api("GET", "/apis")).json.groups.map((g: any) => g.name);
    expect(groups).toContain("example.org");
    const resources = (await api("GET", "/apis/example.org/v1")).json.resources.map((r: any) => r.name);
    expect(resources).toContain("gadgets");
    expect((await api("POST", "/apis/example.org/v1/namespaces/default/gadgets", { apiVersion: "example.org/v1", kind: "Gadget", metadata: { name: "g1" } })).code).toBe(201);
    await api("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org");
    await api("POST", "/kubeprop/v1/advance", { duration: "1m" });
    expect((await api("GET", "/apis")).json.groups.map((g: any) => g.name)).not.toContain("example.org");
    expect((await api("GET", "/apis/example.org/v1")).code).toBe(404);
    await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "closing" } });
    await api("POST", "/api/v1/namespaces/closing/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "keep", finalizers: ["example.com/hold"] } });
    await api("DELETE", "/api/v1/namespaces/closing");
    const late = await api("POST", "/api/v1/namespaces/closing/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late" } });
    expect(late.code).toBe(403);
    expect(late.json.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated');
  });

  it("records the session as a trace that replays to the same cluster", async () => {
    await served.close();
    const text = readFileSync(record(), "utf8");
    const trace = JSON.parse(text);
    expect(trace.origin).toMatchObject({ serve: true, clock: "manual" });
    expect(trace.steps.some((a: any) => a.type === "api" && a.request.verb === "create" && a.request.resource === "deployments.apps")).toBe(true);
    const again = runScenario(parseScenario(text, "session.json"), { kinds: KUBEPROP_KINDS });
    expect(again.trace).toHaveLength(served.cluster.actions.length);
    expect(again.state.store.revision).toBe(served.cluster.state.store.revision);
    expect(again.state.clock.now).toBe(served.cluster.state.clock.now);
    expect(JSON.stringify(btreeValues(again.state.store.kvs))).toBe(JSON.stringify(btreeValues(served.cluster.state.store.kvs)));
  });
});

describe("kubeprop serve: a flood of work does not stall the server", () => {
  it("a Deployment of thousands of replicas is answered at once, the server answers while its pods are made, and the work goes on in slices", async () => {
    const s = await startServe({ scenario: servedCluster({ name: "flood", pods: "100000", cpu: "10000", memory: "100000Gi" }), kinds: KUBEPROP_KINDS, invariants: [], clock: "manual", port: 0, sliceSteps: 50, log: () => {} });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(s.url + path, { method, ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}) });
        return { code: r.status, json: (await r.json()) as any };
      };
      const made = await call("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("flood", 3000));
      expect(made.code).toBe(201);
      expect(s.cluster.pending).toBe(true);
      const count = async () => (await call("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dflood")).json.items.length as number;
      const first = await count();
      let later = first;
      for (let i = 0; i < 100 && later <= first; i++) {
        await new Promise((r) => setTimeout(r, 20));
        later = await count();
      }
      expect(first).toBeLessThan(3000);
      expect(later).toBeGreaterThan(first);
      expect((await call("GET", "/version")).code).toBe(200);
    } finally {
      await s.close();
    }
  });
});
