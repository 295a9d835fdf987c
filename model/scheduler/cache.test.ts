import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../objects/types.ts";
import { btreeGet, btreeValues } from "../collections/btree.ts";
import { assumePod, emptySchedulerMemory, expireAssumedPod, finishBinding, forgetPod, isAssumedPod, nodeSchedulingPropertiesChange, syncNode, syncPod } from "./cache.ts";
import { addResources, ZERO_RESOURCES } from "./resources.ts";
import type { SchedulerMemory } from "./types.ts";

const pod = (name: string, cpu: string, nodeName?: string, uid = `uid-${name}`): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "x", resources: { requests: { cpu, memory: "1Mi" } } }] },
});
const node = (name: string, cpu = "4", labels: Record<string, string> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels },
  spec: {},
  status: { allocatable: { cpu, memory: "8Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
});
const used = (m: SchedulerMemory, n: string) => {
  const i = btreeGet(m.nodes, n);
  return i ? [i.requested.milliCPU, i.podCount, i.node ? "node" : "ghost"] : undefined;
};

describe("scheduler cache (cache.go)", () => {
  it("assume → finish binding → informer confirms: counted once, no longer assumed", () => {
    let m = syncNode(emptySchedulerMemory(), "n1", node("n1"), true).mem;
    m = assumePod(m, "default/a", pod("a", "500m"), "n1")!;
    expect(used(m, "n1")).toEqual([500, 1, "node"]);
    expect(assumePod(m, "default/a", pod("a", "500m"), "n1")).toBeUndefined();
    m = finishBinding(m, "default/a", 10, 30);
    expect(btreeGet(m.pods, "default/a")).toMatchObject({ assumed: true, bindingFinished: true, deadline: 40 });
    // The informer still shows the pod unbound: the assumption stays.
    expect(syncPod(m, "default/a", pod("a", "500m")).mem).toBe(m);
    const r = syncPod(m, "default/a", pod("a", "500m", "n1"));
    expect(r.settledAssumption).toBe(true);
    expect(r.freed).toBe(false);
    expect(isAssumedPod(r.mem, "default/a")).toBe(false);
    expect(used(r.mem, "n1")).toEqual([500, 1, "node"]);
  });

  it("forget undoes an assumption; expiry drops only finished, overdue ones", () => {
    let m = syncNode(emptySchedulerMemory(), "n1", node("n1"), true).mem;
    m = assumePod(m, "default/a", pod("a", "500m"), "n1")!;
    expect(expireAssumedPod(m, "default/a", 1000)).toBe(m); // binding not finished
    expect(used(forgetPod(m, "default/a"), "n1")).toEqual([0, 0, "node"]);
    m = finishBinding(m, "default/a", 0, 30);
    expect(expireAssumedPod(m, "default/a", 29)).toBe(m);
    expect(used(expireAssumedPod(m, "default/a", 30), "n1")).toEqual([0, 0, "node"]);
    expect(btreeGet(finishBinding(assumePod(emptySchedulerMemory(), "default/b", pod("b", "1"), "n1")!, "default/b", 0, 0).pods, "default/b")?.deadline).toBeUndefined();
  });

  it("an assumed pod deleted (or replaced by a new pod of the same name) before confirmation is removed and frees room", () => {
    let m = assumePod(emptySchedulerMemory(), "default/a", pod("a", "1"), "n1")!;
    const gone = syncPod(m, "default/a", undefined);
    expect(gone).toMatchObject({ freed: true, settledAssumption: true });
    expect(gone.mem.nodes.size).toBe(0); // a ghost node info goes with its last pod
    const replaced = syncPod(m, "default/a", pod("a", "1", undefined, "uid-new"));
    expect(replaced.mem.pods.size).toBe(0);
  });

  it("a deleted node stays as a ghost while pods remain, and is not a candidate", () => {
    let m = syncNode(emptySchedulerMemory(), "n1", node("n1"), true).mem;
    m = syncPod(m, "default/a", pod("a", "1", "n1")).mem;
    expect(m.nodeOrder).toEqual(["n1"]);
    m = syncNode(m, "n1", undefined, true).mem;
    expect(used(m, "n1")).toEqual([1000, 1, "ghost"]);
    expect(m.nodeOrder).toEqual([]);
    m = syncPod(m, "default/a", undefined).mem;
    expect(used(m, "n1")).toBeUndefined();
  });

  it("reports which plugins a node change may help", () => {
    const n = node("n1");
    expect(syncNode(emptySchedulerMemory(), "n1", n, true).plugins).toEqual(["NodeUnschedulable", "TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding"]);
    const hb = { ...n, status: { ...n.status, conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "later" }] } };
    expect(nodeSchedulingPropertiesChange(n, hb, true)).toEqual([]);
    expect(nodeSchedulingPropertiesChange(n, node("n1", "8"), true)).toEqual(["NodeResourcesFit"]);
    expect(nodeSchedulingPropertiesChange(n, node("n1", "4", { a: "b" }), true)).toEqual(["NodeAffinity", "VolumeBinding"]);
    expect(nodeSchedulingPropertiesChange(n, { ...n, spec: { unschedulable: true } }, true)).toEqual(["NodeUnschedulable"]);
    expect(nodeSchedulingPropertiesChange(n, { ...n, spec: { taints: [{ key: "k", effect: "NoSchedule" }] } }, true)).toEqual(["NodeUnschedulable", "TaintToleration"]);
    const notReady = { ...n, status: { ...n.status, conditions: [{ type: "Ready", status: "False" }] } };
    expect(nodeSchedulingPropertiesChange(notReady, n, true)).toEqual(["TaintToleration"]);
    expect(nodeSchedulingPropertiesChange(notReady, n, false)).toEqual([]);
  });

  it("keeps each node's sums equal to the sum over its cached pods, whatever the order of operations (property)", () => {
    const names = ["a", "b", "c", "d"];
    const nodes = ["n1", "n2"];
    const op = fc.oneof(
      fc.record({ t: fc.constant("assume" as const), p: fc.constantFrom(...names), n: fc.constantFrom(...nodes), cpu: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ t: fc.constant("finish" as const), p: fc.constantFrom(...names), now: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ t: fc.constant("forget" as const), p: fc.constantFrom(...names) }),
      fc.record({ t: fc.constant("expire" as const), p: fc.constantFrom(...names), now: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ t: fc.constant("informer" as const), p: fc.constantFrom(...names), n: fc.option(fc.constantFrom(...nodes), { nil: undefined }), cpu: fc.integer({ min: 0, max: 3000 }), exists: fc.boolean(), uid: fc.constantFrom("1", "2") }),
      fc.record({ t: fc.constant("node" as const), n: fc.constantFrom(...nodes), exists: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let m = emptySchedulerMemory();
        for (const o of ops) {
          const key = `default/${"p" in o ? o.p : ""}`;
          switch (o.t) {
            case "assume":
              m = assumePod(m, key, pod(o.p, `${o.cpu}m`), o.n) ?? m;
              break;
            case "finish":
              m = finishBinding(m, key, o.now, 50);
              break;
            case "forget":
              m = forgetPod(m, key);
              break;
            case "expire":
              m = expireAssumedPod(m, key, o.now);
              break;
            case "informer":
              m = syncPod(m, key, o.exists ? pod(o.p, `${o.cpu}m`, o.n, o.uid) : undefined).mem;
              break;
            case "node":
              m = syncNode(m, o.n, o.exists ? node(o.n) : undefined, true).mem;
              break;
          }
        }
        for (const info of btreeValues(m.nodes)) {
          const pods = btreeValues(m.pods).filter((p) => p.node === info.name);
          expect(info.podCount).toBe(pods.length);
          expect(info.requested).toEqual(pods.reduce((acc, p) => addResources(acc, p.requests), ZERO_RESOURCES));
          expect(info.nonZeroRequested.milliCPU).toBe(pods.reduce((acc, p) => acc + p.nonZero.milliCPU, 0));
          if (!info.node) expect(info.podCount).toBeGreaterThan(0);
        }
        for (const p of btreeValues(m.pods)) expect(btreeGet(m.nodes, p.node)).toBeDefined();
        expect(m.nodeOrder).toEqual(btreeValues(m.nodes).filter((n) => n.node).map((n) => n.name));
      }),
    );
  });
});
