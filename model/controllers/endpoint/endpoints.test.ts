import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import { settle } from "../../settle.ts";
import { step, stepWithEffects } from "../../step.ts";
import { btreeGet } from "../../collections/btree.ts";
import { queueLength } from "../../informers/workqueue.ts";
import {
  NS,
  createService,
  deleteService,
  endpointsView,
  ok,
  runningPod,
  serviceCluster,
  serviceManifest,
  setPodStatus,
  stored,
} from "../../services/cluster.test-support.ts";
import { ENDPOINTS_CONTROLLER_ID, makeEndpointsController } from "./controller.ts";
import { HEADLESS_LABEL } from "./sync.ts";

const EC = ENDPOINTS_CONTROLLER_ID;
const quiet = (s: State) => settle(s).state;

function webCluster(): State {
  let s = serviceCluster({ proxies: false });
  s = createService(s, serviceManifest("web", { labels: { tier: "front" } }));
  s = runningPod(s, "web-0", { node: "n1", ip: "10.244.0.2", ready: true });
  s = runningPod(s, "web-1", { node: "n2", ip: "10.244.1.2", ready: false });
  s = runningPod(s, "web-2", { node: "n2" }); // no IP yet
  s = runningPod(s, "db-0", { node: "n1", ip: "10.244.0.3", labels: { app: "db" } });
  return quiet(s);
}

describe("endpoints controller", () => {
  it("lists the matching pods with an IP: ready ones as addresses, the others as notReadyAddresses", () => {
    const s = webCluster();
    expect(endpointsView(s, "web")).toEqual({ ready: ["web-0@10.244.0.2"], notReady: ["web-1@10.244.1.2"], ports: ["http:8080"] });
    const eps = stored(s, "endpoints", "web")!;
    expect(eps.metadata.labels).toEqual({ tier: "front" });
    expect((eps.subsets as any[])[0].addresses[0]).toEqual({
      ip: "10.244.0.2",
      nodeName: "n1",
      targetRef: { kind: "Pod", namespace: NS, name: "web-0", uid: stored(s, "pods", "web-0")!.metadata.uid },
    });
  });

  it("follows pods becoming ready, not ready, getting an IP and being deleted", () => {
    let s = webCluster();
    s = quiet(setPodStatus(s, "web-1", { ready: true }));
    expect(endpointsView(s, "web")!.ready).toEqual(["web-0@10.244.0.2", "web-1@10.244.1.2"]);
    s = quiet(setPodStatus(s, "web-0", { ready: false }));
    expect(endpointsView(s, "web")).toMatchObject({ ready: ["web-1@10.244.1.2"], notReady: ["web-0@10.244.0.2"] });
    s = quiet(setPodStatus(s, "web-2", { ip: "10.244.1.3", ready: true }));
    expect(endpointsView(s, "web")!.ready).toEqual(["web-1@10.244.1.2", "web-2@10.244.1.3"]);
    // A graceful delete: the pod is terminating (deletionTimestamp) and leaves the Endpoints at once.
    s = quiet(ok(s, { verb: "delete", resource: "pods", namespace: NS, name: "web-1" }));
    expect(stored(s, "pods", "web-1")!.metadata.deletionTimestamp).toBeDefined();
    expect(endpointsView(s, "web")).toMatchObject({ ready: ["web-2@10.244.1.3"], notReady: ["web-0@10.244.0.2"] });
    s = quiet(ok(s, { verb: "delete", resource: "pods", namespace: NS, name: "web-0", gracePeriodSeconds: 0 }));
    expect(endpointsView(s, "web")).toEqual({ ready: ["web-2@10.244.1.3"], notReady: [], ports: ["http:8080"] });
  });

  it("follows label changes: a pod that stops matching leaves, one that starts matching joins", () => {
    let s = webCluster();
    s = quiet(ok(s, { verb: "patch", resource: "pods", namespace: NS, name: "web-0", patch: { metadata: { labels: { app: "other" } } } }));
    expect(endpointsView(s, "web")!.ready).toEqual([]);
    s = quiet(ok(s, { verb: "patch", resource: "pods", namespace: NS, name: "db-0", patch: { metadata: { labels: { app: "web" } } } }));
    expect(endpointsView(s, "web")!.ready).toEqual(["db-0@10.244.0.3"]);
  });

  it("leaves terminal pods out, ready or not", () => {
    let s = webCluster();
    const cur = stored(s, "pods", "web-0")!;
    const failed = { ...cur.status, phase: "Failed", conditions: [{ type: "Ready", status: "False", reason: "PodFailed" }] };
    s = quiet(ok(s, { verb: "update", resource: "pods", namespace: NS, name: "web-0", subresource: "status", object: { ...cur, status: failed } }));
    expect(endpointsView(s, "web")).toMatchObject({ ready: [], notReady: ["web-1@10.244.1.2"] });
  });

  it("resolves a named targetPort per pod, grouping pods by the port they serve", () => {
    let s = serviceCluster({ proxies: false });
    s = createService(s, serviceManifest("web", { ports: [{ name: "http", port: 80, targetPort: "web" }] }));
    s = runningPod(s, "a", { ip: "10.244.0.2", ports: [{ name: "web", containerPort: 8080 }] });
    s = runningPod(s, "b", { ip: "10.244.0.3", ports: [{ name: "web", containerPort: 9090 }] });
    s = runningPod(s, "c", { ip: "10.244.0.4", ports: [{ name: "metrics", containerPort: 9100 }] });
    s = quiet(s);
    const subsets = stored(s, "endpoints", "web")!.subsets;
    expect(subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: "10.244.0.2" })], ports: [{ name: "http", port: 8080, protocol: "TCP" }] },
      { addresses: [expect.objectContaining({ ip: "10.244.0.3" })], ports: [{ name: "http", port: 9090, protocol: "TCP" }] },
    ]);
  });

  it("deletes the Endpoints with the Service", () => {
    let s = webCluster();
    s = quiet(deleteService(s, "web"));
    expect(stored(s, "endpoints", "web")).toBeUndefined();
  });

  it("writes nothing for a Service without selector, and marks a headless Service's Endpoints", () => {
    let s = serviceCluster({ proxies: false });
    s = createService(s, serviceManifest("manual", { selector: null }));
    s = createService(s, serviceManifest("peers", { clusterIP: "None", ports: [] }));
    s = runningPod(s, "web-0", { ip: "10.244.0.2" });
    s = quiet(s);
    expect(stored(s, "endpoints", "manual")).toBeUndefined();
    const peers = stored(s, "endpoints", "peers")!;
    expect(peers.metadata.labels).toEqual({ [HEADLESS_LABEL]: "" });
    expect(peers.subsets).toEqual([{ addresses: [expect.objectContaining({ ip: "10.244.0.2" })] }]);
  });

  it("publishNotReadyAddresses lists unready pods as ready", () => {
    let s = serviceCluster({ proxies: false });
    s = createService(s, serviceManifest("web", { extraSpec: { publishNotReadyAddresses: true } }));
    s = quiet(runningPod(s, "web-0", { ip: "10.244.0.2", ready: false }));
    expect(endpointsView(s, "web")!.ready).toEqual(["web-0@10.244.0.2"]);
  });

  it("deletes Endpoints left behind by a Service deleted while the controller was down", () => {
    let s = webCluster();
    s = step(s, { type: "component.restart", component: EC });
    s = deleteService(s, "web");
    // Put back the Endpoints in case the API server deleted them with the Service: the controller must.
    if (!stored(s, "endpoints", "web")) s = ok(s, { verb: "create", resource: "endpoints", namespace: NS, object: { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web" } } });
    s = quiet(s);
    expect(stored(s, "endpoints", "web")).toBeUndefined();
  });

  it("does not update from a cached Endpoints it already replaced (stale endpoints tracker)", () => {
    let s = webCluster();
    // Sync the pod informer only: the controller sees web-1 ready but its Endpoints cache stays behind.
    s = setPodStatus(s, "web-1", { ready: true });
    s = step(s, { type: "informer.sync", component: EC, resource: "pods" });
    const first = stepWithEffects(s, { type: "reconcile", component: EC });
    expect(first.effects.filter((e) => e.kind === "request").map((e) => e.kind === "request" && [e.verb, e.code])).toEqual([["update", 200]]);
    s = first.state;
    s = setPodStatus(s, "web-0", { ready: false });
    s = step(s, { type: "informer.sync", component: EC, resource: "pods" });
    const second = stepWithEffects(s, { type: "reconcile", component: EC });
    // No request: the cached Endpoints is the version it replaced, so the key is retried later.
    expect(second.effects).toEqual([]);
    expect(queueLength(btreeGet(second.state.components, EC)!.queue)).toBe(1);
    s = quiet(second.state);
    expect(endpointsView(s, "web")).toMatchObject({ ready: ["web-1@10.244.1.2"], notReady: ["web-0@10.244.0.2"] });
  });
});

describe("bug zoo: kubernetes#54723 (a terminating pod stays a ready endpoint)", () => {
  const graceful = (keepTerminatingReady: boolean): State => {
    let s = serviceCluster({ proxies: false, endpoints: { keepTerminatingReady } });
    s = createService(s, serviceManifest("web"));
    s = runningPod(s, "web-0", { ip: "10.244.0.2" });
    s = runningPod(s, "web-1", { ip: "10.244.0.3" });
    s = quiet(s);
    // Deleted with its grace period: its readiness probe still passes while it shuts down.
    return quiet(ok(s, { verb: "delete", resource: "pods", namespace: NS, name: "web-0" }));
  };

  it("correct: the terminating pod leaves the ready addresses at once", () => {
    expect(endpointsView(graceful(false), "web")!.ready).toEqual(["web-1@10.244.0.3"]);
  });

  it("keepTerminatingReady: it keeps receiving new connections during its grace period", () => {
    expect(endpointsView(graceful(true), "web")!.ready).toEqual(["web-0@10.244.0.2", "web-1@10.244.0.3"]);
  });
});

describe("endpoints properties", () => {
  type PodSpec = { ip: boolean; ready: boolean; matches: boolean; terminating: boolean };
  const podSpec: fc.Arbitrary<PodSpec> = fc.record({ ip: fc.boolean(), ready: fc.boolean(), matches: fc.boolean(), terminating: fc.boolean() });

  it("after settling, each pod is where ShouldPodBeInEndpoints and its readiness put it", () =>
    fc.assert(
      fc.property(fc.array(podSpec, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 6 }), (pods, flips) => {
        let s = serviceCluster({ proxies: false });
        s = createService(s, serviceManifest("web"));
        pods.forEach((p, i) => {
          s = runningPod(s, `p${i}`, { node: i % 2 ? "n2" : "n1", labels: { app: p.matches ? "web" : "db" }, ...(p.ip ? { ip: `10.244.0.${i + 2}`, ready: p.ready } : {}) });
        });
        s = quiet(s);
        // Readiness flips while the controller runs, then deletions.
        const ready = pods.map((p) => p.ready);
        flips.forEach((f, i) => {
          if (i < pods.length && f && pods[i]!.ip) {
            ready[i] = !ready[i];
            s = setPodStatus(s, `p${i}`, { ready: ready[i]! });
          }
        });
        pods.forEach((p, i) => {
          if (p.terminating) s = ok(s, { verb: "delete", resource: "pods", namespace: NS, name: `p${i}` });
        });
        s = quiet(s);
        const want = { ready: [] as string[], notReady: [] as string[] };
        pods.forEach((p, i) => {
          if (!p.matches || !p.ip || p.terminating) return;
          (ready[i] ? want.ready : want.notReady).push(`p${i}@10.244.0.${i + 2}`);
        });
        const got = endpointsView(s, "web")!;
        expect({ ready: got.ready, notReady: got.notReady }).toEqual({ ready: want.ready.sort(), notReady: want.notReady.sort() });
      }),
      { numRuns: 40 },
    ));
});
