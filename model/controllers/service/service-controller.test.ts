import { describe, expect, it } from "vitest";
import { componentAt, type State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { getTimer } from "../../timers.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import type { ServiceControllerMemory } from "./memory.ts";
import { retryDelay } from "./sync.ts";
import { step } from "../../step.ts";
import { enabled } from "../../enabled.ts";
import { list } from "../../apiserver/read.ts";
import { addNode } from "../../add-node.ts";
import { BUILTIN_CLUSTER } from "../../cluster.ts";
import { btreeGet, btreeValues } from "../../collections/btree.ts";
import { NS, createService, ok, runningPod, serviceCluster, serviceManifest, stored } from "../../services/cluster.test-support.ts";
import { connect } from "../../proxy/connect.ts";
import { kubeProxyId, KUBE_PROXY_KIND } from "../../proxy/behavior.ts";
import { cloudOf, loadBalancerName } from "../../world/cloud.ts";
import { SERVICE_CONTROLLER_ID } from "./controller.ts";
import { EXCLUDE_BALANCERS_LABEL, LOAD_BALANCER_CLEANUP_FINALIZER } from "./predicates.ts";

const quiet = (s: State) => settle(s).state;
const othersEnabled = (s: State) => enabled(s).filter((a) => a.type !== "clock.tick" && !("component" in a && a.component === SERVICE_CONTROLLER_ID));
const balancers = (s: State) => btreeValues(cloudOf(s).loadBalancers);
const reasons = (s: State) => ((list(s, "events", NS).result as unknown as { items: KObject[] }).items ?? []).filter((e) => (e.source as { component?: string })?.component === SERVICE_CONTROLLER_ID).map((e) => e.reason as string).sort();

function lbCluster(): State {
  let s = serviceCluster({ serviceController: true });
  s = createService(s, serviceManifest("web", { type: "LoadBalancer", clusterIP: "10.96.0.10", ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }] }));
  s = runningPod(s, "web-0", { node: "n1", ip: "10.244.0.2" });
  s = runningPod(s, "web-1", { node: "n2", ip: "10.244.1.2" });
  return quiet(s);
}

describe("service controller", () => {
  it("creates a load balancer for a LoadBalancer Service, with the finalizer first and the ingress in the status", () => {
    const s = lbCluster();
    const svc = stored(s, "services", "web")!;
    expect(svc.metadata.finalizers).toEqual([LOAD_BALANCER_CLEANUP_FINALIZER]);
    expect(svc.status.loadBalancer).toEqual({ ingress: [{ ip: "100.64.0.1", ipMode: "VIP" }] });
    expect(balancers(s)).toEqual([
      { name: loadBalancerName(svc), uid: svc.metadata.uid, service: `${NS}/web`, ingressIP: "100.64.0.1", nodes: ["n1", "n2"], ports: [{ name: "http", protocol: "TCP", port: 80, nodePort: 30080 }] },
    ]);
    expect(reasons(s)).toEqual(["EnsuredLoadBalancer", "EnsuringLoadBalancer"]);
  });

  it("carries traffic from the load balancer's address through a node port to a pod", () => {
    const s = lbCluster();
    const r = connect(s, { clientIP: "203.0.113.7", ip: "100.64.0.1", port: 80 });
    expect(r.result).toMatchObject({ outcome: "served", servicePort: `${NS}/web:http` });
    expect(connect(s, { clientIP: "203.0.113.7", ip: "100.64.0.1", port: 443 }).result.outcome).toBe("no-answer");
  });

  it("deletes the load balancer with the Service: the finalizer holds the Service until the balancer is gone", () => {
    let s = lbCluster();
    s = ok(s, { verb: "delete", resource: "services", namespace: NS, name: "web" });
    expect(stored(s, "services", "web")!.metadata.deletionTimestamp).toBeDefined();
    expect(balancers(s)).toHaveLength(1);
    s = quiet(s);
    expect(stored(s, "services", "web")).toBeUndefined();
    expect(balancers(s)).toEqual([]);
    expect(reasons(s)).toContain("DeletedLoadBalancer");
    expect(connect(s, { clientIP: "203.0.113.7", ip: "100.64.0.1", port: 80 }).result).toEqual({ outcome: "no-answer", reason: "no route to 100.64.0.1" });
  });

  it("deletes the balancer and clears the ingress when the Service stops being a LoadBalancer", () => {
    let s = lbCluster();
    const svc = stored(s, "services", "web")!;
    s = quiet(ok(s, { verb: "update", resource: "services", namespace: NS, name: "web", object: { ...svc, spec: { ...svc.spec, type: "NodePort" } } }));
    const after = stored(s, "services", "web")!;
    expect(after.metadata.finalizers).toBeUndefined();
    expect(after.status.loadBalancer).toEqual({});
    expect(balancers(s)).toEqual([]);
  });

  it("repoints the balancer when nodes join or are excluded", () => {
    let s = lbCluster();
    const r = addNode(s, { name: "n3", capacity: { cpu: "4", memory: "8Gi", pods: "110" } });
    s = quiet(BUILTIN_CLUSTER.addComponent(r.state, kubeProxyId("n3"), KUBE_PROXY_KIND));
    expect(balancers(s)[0]!.nodes).toEqual(["n1", "n2", "n3"]);
    s = quiet(ok(s, { verb: "patch", resource: "nodes", name: "n1", patch: { metadata: { labels: { [EXCLUDE_BALANCERS_LABEL]: "" } } } }));
    expect(balancers(s)[0]!.nodes).toEqual(["n2", "n3"]);
    expect(reasons(s)).toContain("UpdatedLoadBalancer");
  });

  it("a second LoadBalancer Service gets the next address; a restarted controller changes nothing", () => {
    let s = lbCluster();
    s = quiet(createService(s, serviceManifest("api", { type: "LoadBalancer", ports: [{ name: "grpc", port: 9000, targetPort: 9000 }] })));
    expect(stored(s, "services", "api")!.status.loadBalancer.ingress[0].ip).toBe("100.64.0.2");
    const before = cloudOf(s);
    s = quiet(step(s, { type: "component.restart", component: SERVICE_CONTROLLER_ID }));
    expect(cloudOf(s).loadBalancers).toEqual(before.loadBalancers);
  });

  it("a Service deleted while the controller is down keeps its balancer until the controller is back", () => {
    let s = lbCluster();
    s = ok(s, { verb: "delete", resource: "services", namespace: NS, name: "web" });
    // Everything but the service controller runs.
    for (let a = othersEnabled(s); a.length > 0; a = othersEnabled(s)) s = step(s, a[0]!);
    expect(stored(s, "services", "web")!.metadata.deletionTimestamp).toBeDefined();
    expect(balancers(s)).toHaveLength(1);
    s = quiet(s);
    expect(stored(s, "services", "web")).toBeUndefined();
    expect(balancers(s)).toEqual([]);
  });

  it("follows a port change of the Service", () => {
    let s = lbCluster();
    const svc = stored(s, "services", "web")!;
    const ports = [{ name: "http", port: 8000, targetPort: 8080, nodePort: 30080, protocol: "TCP" }];
    s = quiet(ok(s, { verb: "update", resource: "services", namespace: NS, name: "web", object: { ...svc, spec: { ...svc.spec, ports } } }));
    expect(balancers(s)[0]!.ports).toEqual([{ name: "http", protocol: "TCP", port: 8000, nodePort: 30080 }]);
  });

  it("warns when no node can be a backend, and the balancer answers nothing", () => {
    let s = serviceCluster({ serviceController: true, nodes: ["n1"] });
    s = ok(s, { verb: "patch", resource: "nodes", name: "n1", patch: { metadata: { labels: { [EXCLUDE_BALANCERS_LABEL]: "" } } } });
    s = quiet(createService(s, serviceManifest("web", { type: "LoadBalancer", ports: [{ name: "http", port: 80, targetPort: 8080 }] })));
    expect(reasons(s)).toContain("UnAvailableLoadBalancer");
    expect(balancers(s)[0]!.nodes).toEqual([]);
    expect(connect(s, { clientIP: "203.0.113.7", ip: "100.64.0.1", port: 80 }).result).toMatchObject({ outcome: "no-answer" });
  });
});

describe("service controller: retries with exponential back-off (AddRateLimited, Forget)", () => {
  const key = `${NS}/web`;
  const retryDue = (s: State) => getTimer(s, timerIdFor(SERVICE_CONTROLLER_ID, key))?.due;
  const failures = (s: State) => btreeGet(componentAt<ServiceControllerMemory>(s, SERVICE_CONTROLLER_ID)!.memory.failures, key);

  it("retries a balancer it cannot make after 5 s, doubling up to 300 s, and forgets the failures once it succeeds", () => {
    let s = serviceCluster({ serviceController: true });
    // An address outside the cloud's pool: every EnsureLoadBalancer fails.
    s = createService(s, serviceManifest("web", { type: "LoadBalancer", clusterIP: "10.96.0.10", extraSpec: { loadBalancerIP: "198.51.100.7" }, ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }] }));
    const r = settle(s);
    // No hot loop: settle comes to rest with the retry waiting on a timer.
    expect(r.quiesced).toBe(true);
    s = r.state;
    expect(balancers(s)).toEqual([]);
    expect(reasons(s)).toContain("SyncLoadBalancerFailed");
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const due = retryDue(s)!;
      delays.push(due - s.clock.now);
      s = advance(s, due - s.clock.now).state;
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
    expect(failures(s)).toBe(9);
    // The user drops the address: the update is synced at once, succeeds, and the count is forgotten.
    s = ok(s, { verb: "patch", resource: "services", namespace: NS, name: "web", patch: { spec: { loadBalancerIP: null } } });
    s = quiet(s);
    expect(balancers(s).map((b) => b.service)).toEqual([key]);
    expect(failures(s)).toBeUndefined();
  });

  it("computes the rate limiter's delays as controller.go configures it", () => {
    expect([0, 1, 2, 5, 6, 7, 30].map(retryDelay)).toEqual([5, 10, 20, 160, 300, 300, 300]);
  });
});

