import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { isStatus, type Status } from "../status.ts";
import { bootstrap } from "../../bootstrap.ts";
import { allocateServiceAddresses, releaseServiceAddresses, serviceAfterDelete, updateServiceAddresses } from "./alloc.ts";
import { serviceAllocatorsOf, NODE_PORT_BASE } from "./allocator-state.ts";
import { rangeCount, rangeUsed } from "./range-allocator.ts";
import { addressAt, offsetInRange, parseIPv4 } from "./cidr.ts";
import { SERVICE_IP_RANGE } from "./allocator-state.ts";
import { NS, ok, serviceManifest, stored } from "../../services/cluster.test-support.ts";

/** allocateServiceAddresses on a defaulted, named Service (as create.ts calls it). */
function allocate(state: State, name: string, input: Parameters<typeof serviceManifest>[1] = {}): { state: State; service: KObject } | Status {
  const m = serviceManifest(name, input);
  return allocateServiceAddresses(state, { ...m, spec: { type: "ClusterIP", sessionAffinity: "None", ...m.spec } });
}

function mustAllocate(state: State, name: string, input: Parameters<typeof serviceManifest>[1] = {}): { state: State; service: KObject } {
  const r = allocate(state, name, input);
  if (isStatus(r)) throw new Error(r.message);
  return r;
}

/** The address the bootstrap's kubernetes Service holds (10.96.0.1): every count of taken ClusterIPs includes it. */
const KUBERNETES_SERVICE_IPS = 1;

const nodePorts = (svc: KObject) => (svc.spec.ports as { nodePort?: number }[]).map((p) => p.nodePort);

describe("ClusterIP allocation", () => {
  it("gives the lowest free address of 10.96.0.0/12 (10.96.0.1 is the kubernetes Service's), single-stack IPv4, and reuses a released one", () => {
    let s = bootstrap();
    const a = mustAllocate(s, "a");
    expect(a.service.spec).toMatchObject({ clusterIP: "10.96.0.2", clusterIPs: ["10.96.0.2"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" });
    const b = mustAllocate(a.state, "b");
    expect(b.service.spec.clusterIP).toBe("10.96.0.3");
    s = releaseServiceAddresses(b.state, a.service);
    expect(mustAllocate(s, "c").service.spec.clusterIP).toBe("10.96.0.2");
    expect(mustAllocate(mustAllocate(s, "c").state, "d").service.spec.clusterIP).toBe("10.96.0.4");
  });

  it("takes a requested address, and refuses one in use or out of range with 422", () => {
    const a = mustAllocate(bootstrap(), "a", { clusterIP: "10.100.0.10" });
    expect(a.service.spec.clusterIP).toBe("10.100.0.10");
    const dup = allocate(a.state, "b", { clusterIP: "10.100.0.10" }) as Status;
    expect(dup.code).toBe(422);
    expect(dup.message).toBe(
      'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.100.0.10"]: failed to allocate IP 10.100.0.10: provided IP is already allocated',
    );
    const out = allocate(a.state, "c", { clusterIP: "10.10.10.10" }) as Status;
    expect(out.code).toBe(422);
    expect(out.message).toContain("failed to allocate IP 10.10.10.10: the provided IP (10.10.10.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
    const bad = allocate(a.state, "d", { clusterIP: "ten.0.0.1" }) as Status;
    expect(bad.code).toBe(422);
    expect(bad.message).toContain("spec.clusterIPs[0]");
    // A refusal takes nothing.
    expect(rangeCount(serviceAllocatorsOf(a.state).clusterIPs)).toBe(1 + KUBERNETES_SERVICE_IPS);
  });

  it("gives a headless Service no address and an ExternalName Service nothing at all", () => {
    const h = mustAllocate(bootstrap(), "h", { clusterIP: "None" });
    expect(h.service.spec).toMatchObject({ clusterIP: "None", clusterIPs: ["None"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" });
    const selectorless = mustAllocate(h.state, "hs", { clusterIP: "None", selector: null });
    expect(selectorless.service.spec).toMatchObject({ ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
    const e = mustAllocate(selectorless.state, "e", { type: "ExternalName", extraSpec: { externalName: "example.com" } });
    expect(e.service.spec.clusterIP).toBeUndefined();
    expect(rangeCount(serviceAllocatorsOf(e.state).clusterIPs)).toBe(KUBERNETES_SERVICE_IPS);
  });

  it("refuses dual-stack on this single-stack cluster", () => {
    const r = allocate(bootstrap(), "v6", { extraSpec: { ipFamilyPolicy: "RequireDualStack" } }) as Status;
    expect(r.code).toBe(422);
    expect(r.message).toContain("this cluster is not configured for dual-stack services");
  });
});

describe("NodePort allocation", () => {
  it("gives each port of a NodePort or LoadBalancer Service the lowest free node port", () => {
    const a = mustAllocate(bootstrap(), "a", { type: "NodePort", ports: [{ name: "http", port: 80 }, { name: "https", port: 443 }] });
    expect(nodePorts(a.service)).toEqual([30000, 30001]);
    const b = mustAllocate(a.state, "b", { type: "LoadBalancer" });
    expect(nodePorts(b.service)).toEqual([30002]);
    expect(mustAllocate(b.state, "c").service.spec.ports[0].nodePort).toBeUndefined();
  });

  it("refuses a duplicate node port with 422 'provided port is already allocated', and one out of range", () => {
    const a = mustAllocate(bootstrap(), "a", { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] });
    expect(nodePorts(a.service)).toEqual([30080]);
    const dup = allocate(a.state, "b", { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] }) as Status;
    expect(dup.code).toBe(422);
    expect(dup.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const out = allocate(a.state, "c", { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 8080 }] }) as Status;
    expect(out.message).toBe('Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
    // The refused Service took no ClusterIP either (the allocation is one transaction).
    expect(rangeCount(serviceAllocatorsOf(a.state).clusterIPs)).toBe(1 + KUBERNETES_SERVICE_IPS);
  });

  it("shares one node port between the TCP and UDP entries of one port number", () => {
    const dns = mustAllocate(bootstrap(), "dns", {
      type: "NodePort",
      ports: [
        { name: "dns-udp", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
      ],
    });
    expect(nodePorts(dns.service)).toEqual([30000, 30000]);
    expect(rangeCount(serviceAllocatorsOf(dns.state).nodePorts)).toBe(1);
  });

  it("allocates no node ports when a LoadBalancer opts out, and a health-check port for traffic policy Local", () => {
    const none = mustAllocate(bootstrap(), "lb", { type: "LoadBalancer", extraSpec: { allocateLoadBalancerNodePorts: false } });
    expect(nodePorts(none.service)).toEqual([undefined]);
    const local = mustAllocate(none.state, "local", { type: "LoadBalancer", extraSpec: { externalTrafficPolicy: "Local" } });
    expect(nodePorts(local.service)).toEqual([30000]);
    expect(local.service.spec.healthCheckNodePort).toBe(30001);
    expect(rangeCount(serviceAllocatorsOf(releaseServiceAddresses(local.state, local.service)).nodePorts)).toBe(0);
  });
});

describe("allocation on update", () => {
  const created = (input: Parameters<typeof serviceManifest>[1] = {}) => mustAllocate(bootstrap(), "web", input);

  it("keeps the allocated ClusterIP and node ports of a resubmitted manifest (patchAllocatedValues)", () => {
    const a = created({ type: "NodePort" });
    const resubmitted = serviceManifest("web", { type: "NodePort" });
    const r = updateServiceAddresses(a.state, a.service, { ...resubmitted, spec: { ...resubmitted.spec, type: "NodePort" } });
    if (isStatus(r)) throw new Error(r.message);
    expect(r.service.spec.clusterIP).toBe("10.96.0.2");
    expect(nodePorts(r.service)).toEqual([30000]);
    expect(serviceAllocatorsOf(r.state)).toBe(serviceAllocatorsOf(a.state));
  });

  it("allocates node ports when a ClusterIP Service becomes NodePort, and releases them when it goes back", () => {
    const a = created();
    const toNodePort = updateServiceAddresses(a.state, a.service, { ...a.service, spec: { ...a.service.spec, type: "NodePort" } });
    if (isStatus(toNodePort)) throw new Error(toNodePort.message);
    expect(nodePorts(toNodePort.service)).toEqual([30000]);
    const back = updateServiceAddresses(toNodePort.state, toNodePort.service, { ...toNodePort.service, spec: { ...toNodePort.service.spec, type: "ClusterIP" } });
    if (isStatus(back)) throw new Error(back.message);
    expect(nodePorts(back.service)).toEqual([undefined]);
    expect(rangeCount(serviceAllocatorsOf(back.state).nodePorts)).toBe(0);
    expect(back.service.spec.clusterIP).toBe("10.96.0.2");
  });

  it("refuses a node port taken by another Service on update", () => {
    const other = mustAllocate(bootstrap(), "other", { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30500 }] });
    const web = mustAllocate(other.state, "web", { type: "NodePort" });
    const r = updateServiceAddresses(web.state, web.service, { ...web.service, spec: { ...web.service.spec, ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30500 }] } }) as Status;
    expect(r.code).toBe(422);
    expect(r.message).toContain("spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated");
  });

  it("releases the ClusterIP when a Service becomes ExternalName and allocates one when it comes back", () => {
    const a = created();
    const ext = updateServiceAddresses(a.state, a.service, { ...a.service, spec: { ...a.service.spec, type: "ExternalName", externalName: "db.example.com" } });
    if (isStatus(ext)) throw new Error(ext.message);
    expect(ext.service.spec.clusterIP).toBeUndefined();
    expect(rangeCount(serviceAllocatorsOf(ext.state).clusterIPs)).toBe(KUBERNETES_SERVICE_IPS);
    const back = updateServiceAddresses(ext.state, ext.service, { ...ext.service, spec: { ...ext.service.spec, type: "ClusterIP" } });
    if (isStatus(back)) throw new Error(back.message);
    expect(back.service.spec.clusterIP).toBe("10.96.0.2");
  });
});

describe("release on delete", () => {
  it("frees the addresses and deletes the Endpoints of the same name", () => {
    let s = bootstrap();
    const a = mustAllocate(s, "web", { type: "NodePort" });
    s = ok(a.state, { verb: "create", resource: "endpoints", namespace: NS, object: { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web" } } });
    s = serviceAfterDelete(s, a.service);
    expect(stored(s, "endpoints", "web")).toBeUndefined();
    expect(rangeCount(serviceAllocatorsOf(s).clusterIPs)).toBe(KUBERNETES_SERVICE_IPS);
    expect(rangeCount(serviceAllocatorsOf(s).nodePorts)).toBe(0);
  });
});

type Step = { kind: "create"; name: string; ip?: number; nodePort?: number; type: "ClusterIP" | "NodePort" } | { kind: "delete"; name: string };

describe("allocation properties", () => {
  const names = fc.constantFrom("a", "b", "c", "d", "e");
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant("create" as const),
      name: names,
      ip: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      nodePort: fc.option(fc.integer({ min: 30000, max: 30004 }), { nil: undefined }),
      type: fc.constantFrom("ClusterIP" as const, "NodePort" as const),
    }),
    fc.record({ kind: fc.constant("delete" as const), name: names }),
  );

  it("live Services never share a ClusterIP or node port, and the allocators hold exactly theirs", () =>
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let s = bootstrap();
        // The kubernetes Service of the bootstrap holds 10.96.0.1 from the start.
        const live = new Map<string, KObject>([["default/kubernetes", stored(s, "services", "kubernetes", "default")!]]);
        for (const st of steps) {
          if (st.kind === "delete") {
            const svc = live.get(st.name);
            if (svc) s = releaseServiceAddresses(s, svc);
            live.delete(st.name);
            continue;
          }
          if (live.has(st.name)) continue;
          const r = allocate(s, st.name, {
            type: st.type,
            ...(st.ip !== undefined ? { clusterIP: addressAt(SERVICE_IP_RANGE, st.ip) } : {}),
            ports: [{ name: "http", port: 80, ...(st.type === "NodePort" && st.nodePort ? { nodePort: st.nodePort } : {}) }],
          });
          const takenIP = [...live.values()].some((o) => o.spec.clusterIP === (st.ip !== undefined ? addressAt(SERVICE_IP_RANGE, st.ip) : ""));
          const takenPort = st.type === "NodePort" && st.nodePort !== undefined && [...live.values()].some((o) => nodePorts(o).includes(st.nodePort));
          expect(isStatus(r)).toBe(takenIP || takenPort);
          if (isStatus(r)) {
            expect(r.code).toBe(422);
            continue;
          }
          s = r.state;
          live.set(st.name, r.service);
        }
        const ips = [...live.values()].map((o) => o.spec.clusterIP);
        expect(new Set(ips).size).toBe(ips.length);
        const ports = [...live.values()].flatMap((o) => nodePorts(o).filter((p): p is number => p !== undefined));
        expect(new Set(ports).size).toBe(ports.length);
        const a = serviceAllocatorsOf(s);
        expect([...rangeUsed(a.clusterIPs)].map(([o]) => addressAt(SERVICE_IP_RANGE, o)).sort()).toEqual([...ips].sort());
        expect([...rangeUsed(a.nodePorts)].map(([o]) => o + NODE_PORT_BASE).sort()).toEqual([...ports].sort());
        for (const ip of ips) expect(offsetInRange(SERVICE_IP_RANGE, parseIPv4(ip)!)).toBeDefined();
      }),
    ));
});
