import { describe, expect, it } from "vitest";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { isStatus } from "../apiserver/status.ts";
import { bootstrap } from "../bootstrap.ts";
import { DEFAULT_CLUSTER_CONFIG, withVariant } from "../config.ts";
import { BUILTIN_CLUSTER } from "../cluster.ts";
import { btreeGet } from "../collections/btree.ts";
import { step } from "../step.ts";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { clusterIPsUnique } from "../../invariants/services.ts";
import { allocateServiceAddresses } from "../apiserver/service/alloc.ts";
import { emptyServiceAllocators, serviceAllocatorsOf } from "../apiserver/service/allocator-state.ts";
import { emptyRepairLeaks, repairServiceAllocators } from "../apiserver/service/repair.ts";
import { REPAIR_INTERVAL, SERVICE_REPAIR_ID, SERVICE_REPAIR_KIND } from "./repair-controller.ts";
import { rangeAllocate, rangeUsed, type RangeAllocator } from "../apiserver/service/range-allocator.ts";
import { NS, createService, serviceManifest, stored } from "./cluster.test-support.ts";

const svc = (name: string, clusterIP: string, nodePort?: number): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: NS },
  spec: { type: nodePort ? "NodePort" : "ClusterIP", clusterIP, ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] },
});

const usedIPs = (r: RangeAllocator) => [...rangeUsed(r)].map(([o]) => o);

describe("repair loops", () => {
  it("flag a leaked ClusterIP, keep it for two more runs, and give it back on the third", () => {
    const a0 = emptyServiceAllocators();
    const a = { ...a0, clusterIPs: rangeAllocate(a0.clusterIPs, 4, "default/gone") as RangeAllocator };
    let r = repairServiceAllocators(a, [], emptyRepairLeaks());
    expect(r.problems).toEqual(["the cluster IP 10.96.0.5 may have leaked: flagging for later clean up"]);
    expect(usedIPs(r.allocators.clusterIPs)).toEqual([4]);
    r = repairServiceAllocators(r.allocators, [], r.leaks);
    expect(usedIPs(r.allocators.clusterIPs)).toEqual([4]);
    r = repairServiceAllocators(r.allocators, [], r.leaks);
    expect(r.problems).toEqual(["the cluster IP 10.96.0.5 appears to have leaked: cleaning up"]);
    expect(usedIPs(r.allocators.clusterIPs)).toEqual([]);
    expect(btreeGet(r.leaks.ips, "10.96.0.5")).toBeUndefined();
  });

  it("forget a suspected leak as soon as a Service shows up using it", () => {
    const a0 = emptyServiceAllocators();
    const a = { ...a0, clusterIPs: rangeAllocate(a0.clusterIPs, 0, "default/web") as RangeAllocator };
    const first = repairServiceAllocators(a, [], emptyRepairLeaks());
    const second = repairServiceAllocators(first.allocators, [svc("web", "10.96.0.1")], first.leaks);
    expect(second.problems).toEqual([]);
    expect(second.leaks.ips.size).toBe(0);
    expect(usedIPs(second.allocators.clusterIPs)).toEqual([0]);
  });

  it("re-take values the allocator lost, and report duplicates and values out of range", () => {
    const r = repairServiceAllocators(emptyServiceAllocators(), [svc("a", "10.96.0.9", 30001), svc("b", "10.96.0.9", 30001), svc("c", "192.168.0.1", 40000)], emptyRepairLeaks());
    expect(r.problems).toEqual([
      "the cluster IP 10.96.0.9 for service default/a is not allocated; repairing",
      "the cluster IP 10.96.0.9 for service default/b was assigned to multiple services; please recreate",
      "the cluster IP 192.168.0.1 for service default/c is not within the service CIDR 10.96.0.0/12; please recreate",
      "the node port 30001 for service default/a is not allocated; repairing",
      "the node port 30001 for service default/b was assigned to multiple services; please recreate",
      "the node port 40000 for service default/c is not within the port range 30000-32767; please recreate",
    ]);
    expect(usedIPs(r.allocators.clusterIPs)).toEqual([8]);
    expect([...rangeUsed(r.allocators.nodePorts)].map(([o]) => o)).toEqual([1]);
  });

  it("bugReuseOnRepair gives a suspected leak back on the first run", () => {
    const a0 = emptyServiceAllocators();
    const a = { ...a0, clusterIPs: rangeAllocate(a0.clusterIPs, 0, "default/web") as RangeAllocator };
    const r = repairServiceAllocators(a, [], emptyRepairLeaks(), { bugReuseOnRepair: true });
    expect(r.problems).toEqual(["the cluster IP 10.96.0.1 appears to have leaked: cleaning up"]);
    expect(usedIPs(r.allocators.clusterIPs)).toEqual([]);
  });
});

/**
 * The repair loop's Service list lags (its informer has not delivered the newest Service), so the address the
 * allocator just gave "web" looks leaked. The next Service then gets it too, unless the leak counter holds it.
 */
function staleRepair(bugReuseOnRepair: boolean): State {
  const config = withVariant(DEFAULT_CLUSTER_CONFIG, { components: { [SERVICE_REPAIR_KIND]: { bugReuseOnRepair } } });
  let s = BUILTIN_CLUSTER.addComponent(bootstrap({ config }), SERVICE_REPAIR_ID, SERVICE_REPAIR_KIND);
  s = step(s, { type: "informer.sync", component: SERVICE_REPAIR_ID, resource: "services" });
  s = createService(s, serviceManifest("web"));
  // 10.96.0.1 is the bootstrap's kubernetes Service's (in the repair loop's list from its first sync).
  expect(stored(s, "services", "web")!.spec.clusterIP).toBe("10.96.0.2");
  // The start-up run, on the list taken before "web" existed.
  s = step(s, { type: "reconcile", component: SERVICE_REPAIR_ID });
  return createService(s, serviceManifest("api"));
}

describe("bug zoo: kubernetes#37488 (two Services given one ClusterIP)", () => {
  it("correct: the leak counter keeps the address of a Service the stale list does not show", () => {
    const s = staleRepair(false);
    expect(stored(s, "services", "api")!.spec.clusterIP).toBe("10.96.0.3");
    expect(clusterIPsUnique.check(s)).toEqual([]);
    // Once the repair loop's list catches up, the suspicion is dropped and nothing is ever released.
    const later = advance(settle(s).state, 3 * REPAIR_INTERVAL).state;
    expect([...rangeUsed(serviceAllocatorsOf(later).clusterIPs)].map(([, owner]) => owner)).toEqual(["default/kubernetes", "default/web", "default/api"]);
  });

  it("bugReuseOnRepair: the repair releases web's address and api gets the same ClusterIP", () => {
    const s = staleRepair(true);
    expect(stored(s, "services", "api")!.spec.clusterIP).toBe("10.96.0.2");
    expect(clusterIPsUnique.check(s).map((v) => v.message)).toEqual(["Service default/api and Service default/web both have ClusterIP 10.96.0.2"]);
  });
});

describe("repair component", () => {
  it("runs at start and then every REPAIR_INTERVAL seconds; a leak goes on the third run", () => {
    let s = BUILTIN_CLUSTER.addComponent(bootstrap(), SERVICE_REPAIR_ID, SERVICE_REPAIR_KIND);
    // An allocation no Service uses (a create that crashed between allocation and write).
    const a = allocateServiceAddresses(s, { ...serviceManifest("ghost"), spec: { ...serviceManifest("ghost").spec, type: "ClusterIP" } });
    if (isStatus(a)) throw new Error(a.message);
    s = settle(a.state).state;
    // The kubernetes Service's 10.96.0.1 and the ghost's 10.96.0.2; only the ghost's goes.
    const owners = () => [...rangeUsed(serviceAllocatorsOf(s).clusterIPs)].map(([, owner]) => owner);
    expect(owners()).toEqual(["default/kubernetes", "default/ghost"]);
    s = advance(s, REPAIR_INTERVAL).state;
    expect(owners()).toEqual(["default/kubernetes", "default/ghost"]);
    s = advance(s, REPAIR_INTERVAL).state;
    expect(owners()).toEqual(["default/kubernetes"]);
  });
});
