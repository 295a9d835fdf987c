import { describe, expect, it } from "vitest";
import { runServiceScenario } from "./scenario.test-support.ts";

const connects = (notes: readonly string[]) => notes.filter((n) => n.includes(" → "));

describe("scenarios", () => {
  it("service-endpoints.yaml: the Endpoints follow readiness and deletion", () => {
    const r = runServiceScenario("scenarios/service-endpoints.yaml");
    expect(r.failures).toEqual([]);
  });

  it("kube-proxy.yaml: round robin, ClientIP affinity, node port, refusal and a stale endpoint", () => {
    const r = runServiceScenario("scenarios/kube-proxy.yaml");
    expect(r.failures).toEqual([]);
    expect(connects(r.notes)).toEqual([
      "kube-proxy/n1: 10.244.0.100 → 10.96.0.10:80 → pod default/web-0 (10.244.0.2:8080)",
      "kube-proxy/n1: 10.244.0.101 → 10.96.0.10:80 → pod default/web-1 (10.244.0.3:8080)",
      "kube-proxy/n1: 10.244.0.102 → 10.96.0.10:80 → pod default/web-2 (10.244.1.2:8080)",
      "kube-proxy/n1: 10.244.0.103 → 10.96.0.10:80 → pod default/web-0 (10.244.0.2:8080)",
      "kube-proxy/n1: 10.244.0.100 → 10.96.0.11:80 → pod default/web-0 (10.244.0.2:8080)",
      "kube-proxy/n1: 10.244.0.100 → 10.96.0.11:80 → pod default/web-0 (10.244.0.2:8080) [affinity]",
      "kube-proxy/n1: 10.244.0.101 → 10.96.0.11:80 → pod default/web-1 (10.244.0.3:8080)",
      "kube-proxy/n1: 10.244.0.100 → 10.96.0.11:80 → pod default/web-0 (10.244.0.2:8080) [affinity]",
      "kube-proxy/n1: 10.244.0.101 → 10.96.0.11:80 → pod default/web-1 (10.244.0.3:8080) [affinity]",
      "kube-proxy/n1: 10.244.0.100 → 10.96.0.11:80 → pod default/web-2 (10.244.1.2:8080)",
      "kube-proxy/n2: 203.0.113.7 → 172.18.0.3:30080 → pod default/web-0 (10.244.0.2:8080)",
      "kube-proxy/n2: 10.244.1.100 → 10.96.0.12:80: connection refused (service default/empty:http has no endpoints)",
      "kube-proxy/n1: 10.244.0.104 → 10.96.0.10:80 → pod default/web-1 (10.244.0.3:8080)",
      "kube-proxy/n1: 10.244.0.105 → 10.96.0.10:80 → pod default/web-2 (10.244.1.2:8080)",
      "kube-proxy/n1: 10.244.0.106 → 10.96.0.10:80 → pod default/web-0 (10.244.0.2:8080)",
      "kube-proxy/n1: 10.244.0.107 → 10.96.0.10:80 → pod default/web-1 (10.244.0.3:8080)",
      "kube-proxy/n1: 10.244.0.108 → 10.96.0.10:80 → pod default/web-2 (10.244.1.2:8080)",
    ]);
  });

  it("loadbalancer.yaml: ingress, traffic through the balancer, and the balancer goes with the Service", () => {
    const r = runServiceScenario("scenarios/loadbalancer.yaml");
    expect(r.failures).toEqual([]);
    expect(connects(r.notes)).toEqual([
      "kube-proxy/n1: 203.0.113.7 → 100.64.0.1:80 → pod default/web-0 (10.244.0.2:8080)",
      "network: 203.0.113.7 → 100.64.0.1:80: no answer (no route to 100.64.0.1)",
    ]);
    expect(r.notes.filter((n) => n.startsWith("cloud: "))).toEqual([
      "cloud: created load balancer a0000000000004000800000000000001 for default/web at 100.64.0.1 (nodes n1, n2)",
      "cloud: deleted load balancer a0000000000004000800000000000001 for default/web (100.64.0.1)",
    ]);
  });
});
