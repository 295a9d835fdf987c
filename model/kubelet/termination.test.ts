import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step, stepWithEffects } from "../step.ts";
import { handle } from "../apiserver/handle.ts";
import { watch } from "../apiserver/watch.ts";
import { btreeGet } from "../collections/btree.ts";
import { EffectLog } from "../effects.ts";
import { deleteFinishedPod } from "./status-manager.ts";
import { apiPod, boundPod, clusterWithNodes, createPod, must, sandboxOf, sandboxes } from "./kubelet.test-support.ts";
import { runningPodsOn } from "../world/running-pods.ts";
import type { Effect } from "../effects.ts";
import type { State } from "../state.ts";

const del = (s: State, name: string, gracePeriodSeconds?: number) =>
  must(s, { verb: "delete", resource: "pods", namespace: "default", name, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) }).state;

describe("kubelet: pod termination", () => {
  it("graceful deletion: the kubelet stops the containers, reports the final status, then deletes the pod with grace 0 and its uid", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const uid = apiPod(s, "web")!.metadata.uid;
    s = del(s, "web");
    expect(apiPod(s, "web")!.metadata.deletionTimestamp).toBe("2026-01-01T00:00:30Z");
    const effects: Effect[] = [];
    const since = s.store.revision;
    s = settle(s, { onStep: (_a, _st, e) => effects.push(...e) }).state;
    expect(apiPod(s, "web")).toBeUndefined();
    expect(sandboxOf(s, "n1", "web")).toBeUndefined();
    // Containers stopped at once (the model's processes honour SIGTERM): no wait for the 30 s grace period.
    expect(s.clock.now).toBe(0);
    // The watch history: the terminal status is written before the pod goes away.
    const w = watch(s, "pods", since);
    expect(w.ok && w.events.map((e) => [e.type, e.object.status?.phase, e.object.status?.containerStatuses?.[0]?.state])).toEqual([
      ["MODIFIED", "Succeeded", { terminated: expect.objectContaining({ exitCode: 0, reason: "Completed" }) }],
      ["DELETED", "Succeeded", { terminated: expect.objectContaining({ exitCode: 0, reason: "Completed" }) }],
    ]);
    const kubelet = effects.filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request" && e.client === "kubelet/n1" && e.resource === "pods");
    expect(kubelet.map((e) => [e.verb, e.code])).toEqual([
      ["get", 200],
      ["update", 200],
      ["delete", 200],
    ]);
    const events = (must(s, { verb: "list", resource: "events", namespace: "default" }).obj as any).items;
    expect(events.filter((e: any) => e.source.component === "kubelet/n1").map((e: any) => e.reason).sort()).toEqual(["Killing", "Started"]);
    expect(effects.some((e) => e.kind === "request" && e.verb === "delete" && e.resource === "pods" && e.client === "kubelet/n1")).toBe(true);
    void uid;
  });

  it("a pod re-created under the same name while the old one terminates: the old sandbox goes, the new pod runs", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const oldUid = apiPod(s, "web")!.metadata.uid;
    s = del(s, "web");
    // The kubelet observes the deletion and kills the containers ...
    for (const a of [
      { type: "informer.sync" as const, component: "kubelet/n1", resource: "pods" },
    ]) s = step(s, a);
    // ... but before it deletes, someone force-deletes the pod and creates a new one under the same name.
    s = del(s, "web", 0);
    s = createPod(s, boundPod("web"));
    const newUid = apiPod(s, "web")!.metadata.uid;
    expect(newUid).not.toBe(oldUid);
    s = settle(s).state;
    expect(apiPod(s, "web")!.metadata.uid).toBe(newUid);
    expect(apiPod(s, "web")!.status.phase).toBe("Running");
    expect(sandboxes(s, "n1").map((p) => p.uid)).toEqual([newUid]);
  });

  it("the final delete carries the uid precondition: a new pod with the same name is not deleted", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const old = apiPod(s, "web")!;
    s = createPod(del(s, "web", 0), boundPod("web"));
    const fresh = apiPod(s, "web")!;
    const c = btreeGet(s.components, "kubelet/n1")!;
    const r = deleteFinishedPod(s, c, old, new EffectLog());
    expect(r.removed).toBe(true); // the old incarnation is gone as far as the kubelet is concerned
    expect(apiPod(r.state, "web")!.metadata.uid).toBe(fresh.metadata.uid);
    expect(r.state.store).toBe(s.store);
  });

  it("a pod force-deleted from the API is torn down once the kubelet observes it, and never runs again", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    s = del(s, "web", 0);
    // Until the kubelet's cache sees the deletion the containers still run.
    expect(runningPodsOn(s, "n1")).toHaveLength(1);
    s = settle(s).state;
    expect(sandboxes(s, "n1")).toEqual([]);
    // Faults and stale wake-ups after the deletion do not bring it back.
    s = step(s, { type: "container.crash", namespace: "default", pod: "web", container: "app", exitCode: 1 });
    s = step(s, { type: "enqueue", component: "kubelet/n1", key: "default/web" });
    s = settle(s).state;
    expect(sandboxes(s, "n1")).toEqual([]);
  });

  it("a deletion seen while partitioned completes after the partition heals", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    s = del(s, "web");
    s = step(s, { type: "informer.sync", component: "kubelet/n1", resource: "pods" });
    s = step(s, { type: "node.partition", node: "n1" });
    const r = stepWithEffects(s, { type: "reconcile", component: "kubelet/n1" });
    s = settle(r.state).state;
    // Containers stopped locally; the API could not be told.
    expect(sandboxOf(s, "n1", "web")).toMatchObject({ sandboxRunning: false, terminating: true });
    expect(runningPodsOn(s, "n1")).toEqual([]);
    expect(apiPod(s, "web")!.status.phase).toBe("Running");
    s = step(s, { type: "node.heal", node: "n1" });
    s = step(s, { type: "clock.advance", seconds: 10 }); // the heartbeat tick runs housekeeping, which retries
    s = settle(s).state;
    expect(apiPod(s, "web")).toBeUndefined();
    expect(sandboxes(s, "n1")).toEqual([]);
  });

  it("a pod deleted before it ever ran is reported Failed and deleted", () => {
    let s = clusterWithNodes();
    s = createPod(s, boundPod("web"));
    s = del(s, "web");
    s = settle(s).state;
    expect(apiPod(s, "web")).toBeUndefined();
    expect(sandboxes(s, "n1")).toEqual([]);
    expect(handle(s, { verb: "list", resource: "pods" }).result).toMatchObject({ items: [] });
  });
});
