import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { step } from "../step.ts";
import { enabled } from "../enabled.ts";
import { btreeGet } from "../collections/btree.ts";
import { apiNode, apiPod, boundPod, clusterWithNodes, createPod, must, sandboxOf, sandboxes, statusOf } from "./kubelet.test-support.ts";
import { runningPodsOn } from "../world/running-pods.ts";
import type { Action } from "../actions.ts";
import type { State } from "../state.ts";

const heartbeat = (s: State, node = "n1") => apiNode(s, node)!.status.conditions.find((c: any) => c.type === "Ready").lastHeartbeatTime;

describe("kubelet: node faults", () => {
  it("node.crash: everything on the machine is gone and the kubelet stops; recover restarts it and the pods still bound", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const uid = apiPod(s, "web")!.metadata.uid;
    s = step(s, { type: "node.crash", node: "n1" });
    expect(btreeGet(s.world.machines, "n1")!.up).toBe(false);
    expect(sandboxes(s, "n1")).toEqual([]);
    expect(runningPodsOn(s, "n1")).toEqual([]);
    // A crashed kubelet neither watches nor works, even with work queued.
    s = step(s, { type: "enqueue", component: "kubelet/n1", key: "default/web" });
    expect(enabled(s).filter((a) => "component" in a && a.component === "kubelet/n1")).toEqual([]);
    s = advance(s, 30).state;
    expect(heartbeat(s)).toBe("2026-01-01T00:00:00Z");

    s = step(s, { type: "node.recover", node: "n1" });
    expect(btreeGet(s.components, "kubelet/n1")!.restarts).toBe(1);
    s = settle(s).state;
    const pod = apiPod(s, "web")!;
    expect(pod.metadata.uid).toBe(uid);
    expect(pod.status.phase).toBe("Running");
    expect(sandboxOf(s, "n1", "web")).toMatchObject({ uid, sandboxRunning: true, ip: "10.244.0.3" });
    expect(pod.status.podIP).toBe("10.244.0.3");
    // The container that was running when the machine died counts as a restart with an unknown exit.
    expect(statusOf(pod)).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137, reason: "ContainerStatusUnknown" } } });
    expect(heartbeat(s)).toBe("2026-01-01T00:00:30Z");
  });

  it("after recover, a Never pod whose container ran is not run again: it fails", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("once", { restartPolicy: "Never" }))).state;
    s = settle(step(step(s, { type: "node.crash", node: "n1" }), { type: "node.recover", node: "n1" })).state;
    expect(sandboxes(s, "n1")).toEqual([]);
    const pod = apiPod(s, "once")!;
    expect(pod.status.phase).toBe("Failed");
    expect(statusOf(pod).lastState.terminated).toMatchObject({ exitCode: 137, reason: "ContainerStatusUnknown" });
  });

  it("after recover, a pod deleted while the node was down is not run, and one that finished is not run again", () => {
    let s = createPod(clusterWithNodes(), boundPod("web"));
    s = createPod(s, boundPod("done", { restartPolicy: "Never" }));
    s = settle(s).state;
    s = settle(step(s, { type: "container.crash", namespace: "default", pod: "done", container: "app", exitCode: 0 })).state;
    expect(apiPod(s, "done")!.status.phase).toBe("Succeeded");
    s = step(s, { type: "node.crash", node: "n1" });
    s = must(s, { verb: "delete", resource: "pods", namespace: "default", name: "web", gracePeriodSeconds: 0 }).state;
    s = settle(step(s, { type: "node.recover", node: "n1" })).state;
    expect(sandboxes(s, "n1")).toEqual([]);
    expect(apiPod(s, "done")!.status.phase).toBe("Succeeded");
  });

  it("node.partition: containers keep running, heartbeats stop (lastHeartbeatTime frozen) until the partition heals", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    s = advance(s, 5).state;
    s = step(s, { type: "node.partition", node: "n1" });
    s = advance(s, 35).state;
    expect(heartbeat(s)).toBe("2026-01-01T00:00:00Z");
    expect(runningPodsOn(s, "n1").map((p) => p.name)).toEqual(["web"]);
    // The kubelet still works locally: a crash is restarted, but the API cannot be told.
    s = advance(step(s, { type: "container.crash", namespace: "default", pod: "web", container: "app", exitCode: 1 }), 1).state;
    expect(sandboxOf(s, "n1", "web")!.containers[0]).toMatchObject({ state: "running", restartCount: 1 });
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(0);
    s = step(s, { type: "node.heal", node: "n1" });
    s = advance(s, 10).state;
    expect(heartbeat(s)).toBe("2026-01-01T00:00:50Z");
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(1);
  });

  it("a partitioned kubelet does not see pods bound to it meanwhile, and runs them after the heal", () => {
    let s = settle(clusterWithNodes()).state;
    s = step(s, { type: "node.partition", node: "n1" });
    s = settle(createPod(s, boundPod("late"))).state;
    expect(sandboxes(s, "n1")).toEqual([]);
    s = settle(step(s, { type: "node.heal", node: "n1" })).state;
    expect(apiPod(s, "late")!.status.phase).toBe("Running");
  });

  it("after any mix of faults, once healed and recovered, each node runs exactly the API pods bound to it", () => {
    const nodes = ["n1", "n2"];
    const pods = ["a", "b", "c"];
    const action = fc.oneof(
      fc.record({ type: fc.constant("create" as const), pod: fc.constantFrom(...pods), node: fc.constantFrom(...nodes) }),
      fc.record({ type: fc.constant("delete" as const), pod: fc.constantFrom(...pods), grace: fc.constantFrom(0, 30) }),
      fc.record({ type: fc.constantFrom("node.crash" as const, "node.recover" as const, "node.partition" as const, "node.heal" as const), node: fc.constantFrom(...nodes) }),
      fc.record({ type: fc.constant("container.crash" as const), pod: fc.constantFrom(...pods), exitCode: fc.constantFrom(0, 1) }),
      fc.record({ type: fc.constant("steps" as const), n: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ type: fc.constant("advance" as const), seconds: fc.integer({ min: 1, max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 20 }), (actions) => {
        let s = settle(clusterWithNodes(nodes)).state;
        for (const a of actions) {
          if (a.type === "create") s = step(s, { type: "api", client: "user", request: { verb: "create", resource: "pods", namespace: "default", object: boundPod(a.pod, { node: a.node }) } });
          else if (a.type === "delete") s = step(s, { type: "api", client: "user", request: { verb: "delete", resource: "pods", namespace: "default", name: a.pod, gracePeriodSeconds: a.grace } });
          else if (a.type === "container.crash") s = step(s, { type: "container.crash", namespace: "default", pod: a.pod, container: "app", exitCode: a.exitCode });
          else if (a.type === "steps") {
            for (let i = 0; i < a.n; i++) {
              const next = enabled(s).find((x) => x.type !== "clock.tick");
              if (next) s = step(s, next);
            }
          } else if (a.type === "advance") s = advance(s, a.seconds).state;
          else s = step(s, a as Action);
        }
        for (const n of nodes) s = step(step(s, { type: "node.heal", node: n }), { type: "node.recover", node: n });
        s = advance(settle(s).state, 20).state;
        const api = (must(s, { verb: "list", resource: "pods", namespace: "default" }).obj as any).items as any[];
        for (const n of nodes) {
          const want = api
            .filter((p) => p.spec.nodeName === n && p.status.phase !== "Succeeded" && p.status.phase !== "Failed")
            .map((p) => p.metadata.uid)
            .sort();
          expect(runningPodsOn(s, n).map((p) => p.uid).sort()).toEqual(want);
        }
        for (const p of api) expect(p.metadata.deletionTimestamp).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});
