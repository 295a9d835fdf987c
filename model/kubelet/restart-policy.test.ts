import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { apiPod, boundPod, clusterWithNodes, conditionOf, createPod, sandboxOf, statusOf } from "./kubelet.test-support.ts";
import type { State } from "../state.ts";

const crash = (s: State, pod: string, exitCode: number, container = "app") =>
  step(s, { type: "container.crash", namespace: "default", pod, container, exitCode });

function running(policy: "Always" | "OnFailure" | "Never"): State {
  return settle(createPod(clusterWithNodes(), boundPod("job", { restartPolicy: policy }))).state;
}

describe("kubelet: restart policies", () => {
  it("Never: a non-zero exit fails the pod, and it is not restarted", () => {
    const s = settle(crash(running("Never"), "job", 1)).state;
    const pod = apiPod(s, "job")!;
    expect(pod.status.phase).toBe("Failed");
    expect(statusOf(pod)).toMatchObject({ restartCount: 0, ready: false, started: false, state: { terminated: { exitCode: 1, reason: "Error" } } });
    expect(pod.status.conditions.find((c: any) => c.type === "Ready")).toMatchObject({ status: "False", reason: "PodFailed" });
    // The sandbox is stopped and its address released; the pod is not run again.
    expect(sandboxOf(s, "n1", "job")).toMatchObject({ sandboxRunning: false });
    expect(pod.status.podIP).toBe("10.244.0.2");
  });

  it("Never: exit 0 makes the pod Succeeded", () => {
    const s = settle(crash(running("Never"), "job", 0)).state;
    const pod = apiPod(s, "job")!;
    expect(pod.status.phase).toBe("Succeeded");
    expect(statusOf(pod).state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(pod.status.conditions.find((c: any) => c.type === "ContainersReady")).toMatchObject({ status: "False", reason: "PodCompleted" });
  });

  it("OnFailure: a non-zero exit restarts the container; exit 0 completes the pod", () => {
    let s = settle(crash(running("OnFailure"), "job", 3)).state;
    let pod = apiPod(s, "job")!;
    expect(pod.status.phase).toBe("Running");
    expect(statusOf(pod)).toMatchObject({ restartCount: 1, ready: true, state: { running: {} }, lastState: { terminated: { exitCode: 3, reason: "Error" } } });
    s = settle(crash(s, "job", 0)).state;
    pod = apiPod(s, "job")!;
    expect(pod.status.phase).toBe("Succeeded");
    expect(statusOf(pod)).toMatchObject({ restartCount: 1, state: { terminated: { exitCode: 0 } } });
    expect(conditionOf(pod, "Ready")).toBe("False");
  });

  it("Always: even exit 0 restarts the container, and the pod stays Running", () => {
    const s = settle(crash(running("Always"), "job", 0)).state;
    const pod = apiPod(s, "job")!;
    expect(pod.status.phase).toBe("Running");
    expect(statusOf(pod)).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 0, reason: "Completed" } } });
  });

  it("a crash between two kubelet syncs shows as terminated, then running again after the sync", () => {
    const s0 = crash(running("Always"), "job", 1);
    expect(sandboxOf(s0, "n1", "job")!.containers[0]).toMatchObject({ state: "terminated", exitCode: 1, ready: false });
    // The API does not know yet: the kubelet has not synced.
    expect(statusOf(apiPod(s0, "job")).state.running).toBeDefined();
    const s1 = settle(s0).state;
    expect(sandboxOf(s1, "n1", "job")!.containers[0]).toMatchObject({ state: "running", restartCount: 1, lastExitCode: 1 });
  });
});
