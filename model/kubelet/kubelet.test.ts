import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { step, stepWithEffects } from "../step.ts";
import { enabled } from "../enabled.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { btreeGet } from "../collections/btree.ts";
import { apiNode, apiPod, boundPod, clusterWithNodes, conditionOf, createPod, must, sandboxOf, sandboxes, statusOf } from "./kubelet.test-support.ts";
import { runningPodsOn } from "../world/running-pods.ts";
import type { State } from "../state.ts";

const lease = (s: State, node: string) => {
  const r = handle(s, { verb: "get", resource: "leases.coordination.k8s.io", namespace: "kube-node-lease", name: node });
  return isStatus(r.result) ? undefined : r.result;
};

describe("kubelet: running pods", () => {
  it("a pod bound to the node becomes Running with an IP from the pod CIDR and Ready", () => {
    let s = createPod(clusterWithNodes(["n1", "n2"]), boundPod("web", { node: "n2" }));
    s = settle(s).state;
    const pod = apiPod(s, "web")!;
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.podIP).toBe("10.244.1.2");
    expect(pod.status.podIPs).toEqual([{ ip: "10.244.1.2" }]);
    expect(pod.status.hostIP).toBe("172.18.0.3");
    expect(pod.status.startTime).toBe("2026-01-01T00:00:00Z");
    expect(pod.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ["PodReadyToStartContainers", "True"],
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ]);
    expect(statusOf(pod)).toMatchObject({ name: "app", ready: true, started: true, restartCount: 0, image: "nginx:1.25", state: { running: { startedAt: "2026-01-01T00:00:00Z" } }, lastState: {} });
    expect(sandboxOf(s, "n2", "web")).toMatchObject({ uid: pod.metadata.uid, ip: "10.244.1.2", sandboxRunning: true });
    expect(sandboxes(s, "n1")).toEqual([]);
    expect(runningPodsOn(s, "n2")).toEqual([{ namespace: "default", name: "web", uid: pod.metadata.uid, static: false }]);
  });

  it("a hostNetwork pod gets the node's address and takes none from the pod CIDR", () => {
    let s = createPod(clusterWithNodes(), { ...boundPod("agent"), spec: { ...boundPod("agent").spec, hostNetwork: true } });
    s = settle(createPod(s, boundPod("web"))).state;
    expect(apiPod(s, "agent")!.status).toMatchObject({ podIP: "172.18.0.2", hostIP: "172.18.0.2", phase: "Running" });
    expect(apiPod(s, "web")!.status.podIP).toBe("10.244.0.2");
  });

  it("records a Started event and writes status only when it changes", () => {
    let s = createPod(clusterWithNodes(), boundPod("web"));
    s = settle(s).state;
    const events = must(s, { verb: "list", resource: "events", namespace: "default" }).obj as any;
    const mine = events.items.filter((e: any) => e.source.component === "kubelet/n1");
    expect(mine.map((e: any) => [e.reason, e.message, e.involvedObject.name])).toEqual([["Started", "Started container app", "web"]]);
    // A resync of the pod changes nothing: no request at all.
    const again = stepWithEffects(stepWithEffects(s, { type: "enqueue", component: "kubelet/n1", key: "default/web" }).state, { type: "reconcile", component: "kubelet/n1" });
    expect(again.effects).toEqual([]);
    expect(again.state.store).toBe(s.store);
  });

  it("runs init containers one at a time, in order, before the app containers", () => {
    let s = createPod(
      clusterWithNodes(),
      boundPod("web", {
        initContainers: [
          { name: "init-a", image: "busybox:1.36" },
          { name: "init-b", image: "busybox:1.36" },
        ],
      }),
    );
    const seen: string[] = [];
    s = settle(s, {
      onStep: (_a, st) => {
        const rp = sandboxOf(st, "n1", "web");
        if (!rp) return;
        const row = [...rp.initContainers, ...rp.containers].map((c) => `${c.name}:${c.state[0]}`).join(",");
        if (seen[seen.length - 1] !== row) seen.push(row);
      },
    }).state;
    expect(seen).toEqual([
      "init-a:r,init-b:w,app:w",
      "init-a:t,init-b:r,app:w",
      // The sync that sees the last init container done starts nothing (its status shows Initialized, app waiting).
      "init-a:t,init-b:t,app:w",
      "init-a:t,init-b:t,app:r",
    ]);
    const pod = apiPod(s, "web")!;
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.initContainerStatuses.map((c: any) => [c.name, c.state.terminated?.reason, c.ready])).toEqual([
      ["init-a", "Completed", true],
      ["init-b", "Completed", true],
    ]);
    expect(conditionOf(pod, "Initialized")).toBe("True");
  });

  it("a failed init container fails a Never pod and is retried otherwise", () => {
    const spec = { initContainers: [{ name: "init", image: "busybox:1.36" }] };
    let s = createPod(clusterWithNodes(), boundPod("never", { ...spec, restartPolicy: "Never" }));
    s = createPod(s, boundPod("always", spec));
    // Let both kubelet syncs start the init containers, then crash them before they complete.
    const bothRunning = (st: State) => ["never", "always"].every((n) => sandboxOf(st, "n1", n)?.initContainers[0]?.state === "running");
    // Step the kubelet alone (other components may be registered too).
    for (let i = 0; i < 40 && !bothRunning(s); i++) s = step(s, enabled(s).find((a) => "component" in a && a.component === "kubelet/n1")!);
    expect(bothRunning(s)).toBe(true);
    s = stepWithEffects(s, { type: "container.crash", namespace: "default", pod: "never", container: "init", exitCode: 2 }).state;
    s = stepWithEffects(s, { type: "container.crash", namespace: "default", pod: "always", container: "init", exitCode: 2 }).state;
    s = settle(s).state;
    const never = apiPod(s, "never")!;
    expect(never.status.phase).toBe("Failed");
    expect(never.status.initContainerStatuses[0].state.terminated.exitCode).toBe(2);
    expect(statusOf(never).state.waiting.reason).toBe("PodInitializing");
    const always = apiPod(s, "always")!;
    expect(always.status.phase).toBe("Running");
    expect(always.status.initContainerStatuses[0]).toMatchObject({ restartCount: 1, ready: true, state: { terminated: { exitCode: 0 } }, lastState: { terminated: { exitCode: 2 } } });
  });

  it("heartbeats: the Node's Ready condition and the Lease are renewed every 10 s", () => {
    let s = settle(clusterWithNodes()).state;
    expect(lease(s, "n1")?.spec).toEqual({ holderIdentity: "n1", leaseDurationSeconds: 40, renewTime: "2026-01-01T00:00:00.000000Z" });
    s = advance(s, 25).state;
    const ready = apiNode(s, "n1")!.status.conditions.find((c: any) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "True", lastHeartbeatTime: "2026-01-01T00:00:20Z", lastTransitionTime: "2026-01-01T00:00:00Z" });
    expect(lease(s, "n1")?.spec.renewTime).toBe("2026-01-01T00:00:20.000000Z");
    expect(lease(s, "n1")?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Node", name: "n1" });
  });

  it("registers its Node again when the Node object is deleted", () => {
    let s = settle(clusterWithNodes()).state;
    s = must(s, { verb: "delete", resource: "nodes", name: "n1" }).state;
    expect(apiNode(s, "n1")).toBeUndefined();
    s = settle(s).state;
    // Registered as initialNode + setNodeStatus build it: the pressure conditions, then Ready last.
    expect(apiNode(s, "n1")?.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(["MemoryPressure=False", "DiskPressure=False", "PIDPressure=False", "Ready=True"]);
    expect(apiNode(s, "n1")?.status.addresses).toEqual([{ type: "InternalIP", address: "172.18.0.2" }, { type: "Hostname", address: "n1" }]);
  });

  it("gives live pods on a node distinct IPs from its CIDR, and runs exactly the API's pods", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("create" as const), i: fc.nat(7) }),
      fc.record({ kind: fc.constant("delete" as const), i: fc.nat(7), grace: fc.constantFrom(0, 30) }),
      fc.record({ kind: fc.constant("settle" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let s = settle(clusterWithNodes()).state;
        for (const o of ops) {
          const name = `p${"i" in o ? o.i : 0}`;
          if (o.kind === "create") {
            const r = handle(s, { verb: "create", resource: "pods", namespace: "default", object: boundPod(name) });
            s = r.state;
          } else if (o.kind === "delete") {
            s = handle(s, { verb: "delete", resource: "pods", namespace: "default", name, gracePeriodSeconds: o.grace }).state;
          } else {
            s = settle(s).state;
          }
          const live = sandboxes(s, "n1").filter((p) => p.sandboxRunning);
          const ips = live.map((p) => p.ip);
          expect(new Set(ips).size).toBe(ips.length);
          for (const ip of ips) expect(ip).toMatch(/^10\.244\.0\.(\d+)$/);
        }
        s = settle(s).state;
        const api = (must(s, { verb: "list", resource: "pods", namespace: "default" }).obj as any).items as any[];
        const want = api.map((p) => p.metadata.uid).sort();
        expect(runningPodsOn(s, "n1").map((p) => p.uid).sort()).toEqual(want);
        for (const p of api) expect(p.status.podIP).toBe(btreeGet(btreeGet(s.world.machines, "n1")!.pods, p.metadata.uid)!.ip);
      }),
      { numRuns: 40 },
    );
  });
});
