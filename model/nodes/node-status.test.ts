import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { timestamp } from "../clock.ts";
import { addNode } from "../add-node.ts";
import { advance } from "../advance.ts";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { settle } from "../settle.ts";
import { KUBELET_VERSION, kubeletNodeConditions, machineCapacity, nodeSystemInfo, type KubeletNodeCondition } from "./node-status.ts";

const t0 = timestamp(0);
const t10 = timestamp(10);

describe("kubelet node conditions (pkg/kubelet/nodestatus/setters.go)", () => {
  it("a first pass writes MemoryPressure, DiskPressure, PIDPressure False and Ready True last, with upstream's words", () => {
    expect(kubeletNodeConditions([], t0)).toEqual([
      { type: "MemoryPressure", status: "False", lastHeartbeatTime: t0, lastTransitionTime: t0, reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
      { type: "DiskPressure", status: "False", lastHeartbeatTime: t0, lastTransitionTime: t0, reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
      { type: "PIDPressure", status: "False", lastHeartbeatTime: t0, lastTransitionTime: t0, reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
      { type: "Ready", status: "True", lastHeartbeatTime: t0, lastTransitionTime: t0, reason: "KubeletReady", message: "kubelet is posting ready status" },
    ]);
  });

  it("a later pass moves only the heartbeats while the statuses stay", () => {
    const next = kubeletNodeConditions(kubeletNodeConditions([], t0), t10);
    expect(next.map((c) => [c.type, c.lastHeartbeatTime, c.lastTransitionTime])).toEqual([
      ["MemoryPressure", t10, t0],
      ["DiskPressure", t10, t0],
      ["PIDPressure", t10, t0],
      ["Ready", t10, t0],
    ]);
  });

  it("after the node lifecycle controller's Unknown, every condition transitions again, in place", () => {
    const unknown = kubeletNodeConditions([], t0).map((c) => ({ ...c, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." }));
    const next = kubeletNodeConditions(unknown, t10);
    expect(next.map((c) => [c.type, c.status, c.lastTransitionTime, c.reason])).toEqual([
      ["MemoryPressure", "False", t10, "KubeletHasSufficientMemory"],
      ["DiskPressure", "False", t10, "KubeletHasNoDiskPressure"],
      ["PIDPressure", "False", t10, "KubeletHasSufficientPID"],
      ["Ready", "True", t10, "KubeletReady"],
    ]);
  });

  it("keeps conditions it does not own where they are and appends its own after them", () => {
    const network: KubeletNodeCondition = { type: "NetworkUnavailable", status: "False", reason: "RouteCreated", message: "RouteController created a route", lastTransitionTime: t0 };
    expect(kubeletNodeConditions([network], t10).map((c) => c.type)).toEqual(["NetworkUnavailable", "MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]);
    expect(kubeletNodeConditions([network], t10)[0]).toBe(network);
  });

  it("is idempotent in its types: any number of passes leaves each of the four once, Ready last", () =>
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 6 }), (times) => {
        let cs: KubeletNodeCondition[] = [];
        for (const t of times) cs = kubeletNodeConditions(cs, timestamp(t));
        expect(cs.map((c) => c.type)).toEqual(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]);
        expect(cs.every((c) => c.lastTransitionTime === timestamp(times[0]!))).toBe(true);
      }),
    ));
});

describe("status.nodeInfo (setters.go MachineInfo, VersionInfo, GoRuntime)", () => {
  it("reports the model's kubelet version for kubelet and kube-proxy (DisableNodeKubeProxyVersion is off in v1.32), linux/amd64", () => {
    const info = nodeSystemInfo("n1");
    expect(info).toMatchObject({ kubeletVersion: KUBELET_VERSION, kubeProxyVersion: KUBELET_VERSION, operatingSystem: "linux", architecture: "amd64", containerRuntimeVersion: "containerd://1.7.24" });
    expect(KUBELET_VERSION).toMatch(/^v1\.32\./);
  });

  it("draws machine id, system UUID and boot id from the node's name: stable, distinct per node, in their formats", () => {
    const a = nodeSystemInfo("n1");
    const b = nodeSystemInfo("n2");
    expect(nodeSystemInfo("n1")).toEqual(a);
    expect(a.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(a.systemUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.bootID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect([a.machineID, a.systemUUID, a.bootID]).not.toContain(b.machineID);
    expect(a.systemUUID).not.toBe(b.systemUUID);
  });
});

describe("the Node a kubelet registers and heartbeats (kubelet_node_status.go)", () => {
  it("is registered with its addresses, daemonEndpoints, nodeInfo and four conditions, and heartbeats every 10 s", () => {
    const r = addNode(bootstrap(), { name: "n1", capacity: { cpu: "2" } });
    expect(r.error).toBeUndefined();
    const get = (s: typeof r.state) => {
      const g = handle(s, { verb: "get", resource: "nodes", name: "n1" });
      if (isStatus(g.result)) throw new Error(g.result.message);
      return g.result;
    };
    const registered = get(r.state);
    expect(registered.status.addresses).toEqual([
      { type: "InternalIP", address: "172.18.0.2" },
      { type: "Hostname", address: "n1" },
    ]);
    expect(registered.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(registered.status.nodeInfo).toEqual(nodeSystemInfo("n1"));
    expect(registered.status.conditions.map((c: KubeletNodeCondition) => c.type)).toEqual(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]);

    const later = get(advance(r.state, 25).state);
    for (const c of later.status.conditions as KubeletNodeCondition[]) {
      expect(c.lastTransitionTime).toBe(t0);
      expect(c.lastHeartbeatTime).toBe(timestamp(20));
    }
  });
});

describe("node capacity (setters.go MachineInfo)", () => {
  it("reports ephemeral-storage besides what the machine's spec gives, keys sorted as Go marshals a ResourceList", () => {
    expect(Object.entries(machineCapacity({ cpu: "2", pods: "10" }))).toEqual([
      ["cpu", "2"],
      ["ephemeral-storage", "100Gi"],
      ["memory", "8Gi"],
      ["pods", "10"],
    ]);
    expect(machineCapacity({ "ephemeral-storage": "20Gi", "example.com/gpu": "1" })).toMatchObject({ "ephemeral-storage": "20Gi", "example.com/gpu": "1" });
  });

  it("a pod that requests ephemeral storage, as ordinary manifests do, is scheduled and runs", () => {
    const r = addNode(bootstrap(), { name: "n1", capacity: { cpu: "2", memory: "4Gi", pods: "110" } });
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "100m", "ephemeral-storage": "1Gi" }, limits: { "ephemeral-storage": "2Gi" } } }] },
    };
    const c = handle(r.state, { verb: "create", resource: "pods", namespace: "default", object: pod });
    if (isStatus(c.result)) throw new Error(c.result.message);
    const s = settle(c.state).state;
    const g = handle(s, { verb: "get", resource: "pods", namespace: "default", name: "p" });
    if (isStatus(g.result)) throw new Error(g.result.message);
    expect(g.result.spec.nodeName).toBe("n1");
    expect(g.result.status.phase).toBe("Running");
    const n = handle(s, { verb: "get", resource: "nodes", name: "n1" });
    if (isStatus(n.result)) throw new Error(n.result.message);
    expect(n.result.status.allocatable["ephemeral-storage"]).toBe("100Gi");
  });
});
