import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { apiPod, boundPod, clusterWithNodes, conditionOf, createPod, statusOf } from "./kubelet.test-support.ts";

const probed = boundPod("web", {
  containers: [
    { name: "app", image: "nginx:1.25", readinessProbe: { httpGet: { path: "/healthz", port: 80 } } },
    { name: "sidecar", image: "envoy:1.30" },
  ],
});

describe("kubelet: readiness", () => {
  it("a container with a readiness probe is not ready until the probe succeeds; the action flips Ready", () => {
    // The world says the app's probe fails from the start (probe.set by name applies to the pod once it runs).
    const failing = step(clusterWithNodes(), { type: "probe.set", namespace: "default", pod: "web", container: "app", probe: "readiness", result: "failure" });
    let s = settle(createPod(failing, probed)).state;
    let pod = apiPod(s, "web")!;
    expect(pod.status.phase).toBe("Running");
    expect(statusOf(pod, "app")).toMatchObject({ ready: false, started: true });
    expect(statusOf(pod, "sidecar")).toMatchObject({ ready: true });
    expect(pod.status.conditions.find((c: any) => c.type === "ContainersReady")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [app]" });
    expect(conditionOf(pod, "Ready")).toBe("False");

    s = settle(step(s, { type: "pod.readiness", namespace: "default", pod: "web", container: "app", ready: true })).state;
    pod = apiPod(s, "web")!;
    expect(statusOf(pod, "app").ready).toBe(true);
    expect(conditionOf(pod, "Ready")).toBe("True");
    const readyAt = pod.status.conditions.find((c: any) => c.type === "Ready").lastTransitionTime;

    s = settle(step(s, { type: "pod.readiness", namespace: "default", pod: "web", ready: false })).state;
    pod = apiPod(s, "web")!;
    expect([statusOf(pod, "app").ready, statusOf(pod, "sidecar").ready]).toEqual([false, false]);
    expect(conditionOf(pod, "Ready")).toBe("False");
    expect(readyAt).toBe("2026-01-01T00:00:00Z");
  });

  it("Ready keeps its lastTransitionTime while it does not change", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const before = apiPod(s, "web")!.status.conditions;
    s = settle(step(step(s, { type: "clock.advance", seconds: 30 }), { type: "pod.readiness", namespace: "default", pod: "web", ready: true })).state;
    expect(apiPod(s, "web")!.status.conditions).toEqual(before);
  });

  it("a restarted container with a probe is not ready again until its probe succeeds again", () => {
    let s = settle(createPod(clusterWithNodes(), probed)).state;
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("True");
    // Before any timer fires: the new instance runs, its readiness worker starts over (initial Failure).
    s = settle(step(s, { type: "container.crash", namespace: "default", pod: "web", container: "app", exitCode: 1 }), { noTimers: true }).state;
    expect(statusOf(apiPod(s, "web"), "app")).toMatchObject({ restartCount: 1, ready: false, state: { running: {} } });
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("False");
    s = settle(s).state;
    expect(statusOf(apiPod(s, "web"), "app")).toMatchObject({ restartCount: 1, ready: true });
  });
});
