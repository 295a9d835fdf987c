import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import type { KObject } from "../objects/types.ts";
import { activeDeadlineRemaining, DEADLINE_EXCEEDED, pastActiveDeadline } from "./active-deadline.ts";
import { apiPod, boundPod, clusterWithNodes, createPod, must, sandboxOf } from "./kubelet.test-support.ts";

const withDeadline = (name: string, seconds: number): KObject => {
  const p = boundPod(name);
  return { ...p, spec: { ...p.spec, activeDeadlineSeconds: seconds } };
};

describe("kubelet: spec.activeDeadlineSeconds (active_deadline.go)", () => {
  it("measures the deadline from status.startTime; no start time, no deadline", () => {
    const pod = withDeadline("p", 30);
    expect(pastActiveDeadline(pod, undefined, 1_000)).toBe(false);
    expect(pastActiveDeadline(pod, { startTime: "2026-01-01T00:00:10Z" }, 39)).toBe(false);
    expect(pastActiveDeadline(pod, { startTime: "2026-01-01T00:00:10Z" }, 40)).toBe(true);
    expect(activeDeadlineRemaining(pod, { startTime: "2026-01-01T00:00:10Z" }, 25)).toBe(15);
    expect(activeDeadlineRemaining(pod, undefined, 25)).toBe(30);
    expect(activeDeadlineRemaining(boundPod("q"), { startTime: "2026-01-01T00:00:10Z" }, 25)).toBeUndefined();
  });

  it("fails a running pod when its time is up: phase Failed, reason DeadlineExceeded, containers stopped, an event", () => {
    let s = settle(createPod(clusterWithNodes(), withDeadline("p", 30))).state;
    // The deadline does not hold settle open: the cluster is quiet until time reaches it.
    expect(s.clock.now).toBe(0);
    expect(apiPod(s, "p")!.status.phase).toBe("Running");
    s = advance(s, 29).state;
    expect(apiPod(s, "p")!.status.phase).toBe("Running");
    s = advance(s, 1).state;
    const pod = apiPod(s, "p")!;
    expect(pod.status).toMatchObject({ phase: "Failed", ...DEADLINE_EXCEEDED });
    expect(sandboxOf(s, "n1", "p")!.containers.map((c) => c.state)).toEqual(["terminated"]);
    const events = (must(s, { verb: "list", resource: "events", namespace: "default" }).obj as any).items.filter((e: any) => e.reason === "DeadlineExceeded");
    expect(events.map((e: any) => [e.involvedObject.name, e.type, e.message])).toEqual([["p", "Normal", DEADLINE_EXCEEDED.message]]);
    // Terminal: later syncs leave it Failed.
    expect(apiPod(advance(s, 60).state, "p")!.status).toMatchObject({ phase: "Failed", reason: "DeadlineExceeded" });
  });

  it("leaves pods without a deadline running", () => {
    const s = advance(settle(createPod(clusterWithNodes(), boundPod("p"))).state, 120).state;
    expect(apiPod(s, "p")!.status.phase).toBe("Running");
  });
});
