import { describe, expect, it } from "vitest";
import type { KObject } from "../objects/types.ts";
import { admitPhaseChange, isTerminalPhase, phaseTransition } from "./phases.ts";
import { nextPodPhase, nextPodState } from "./pod.ts";
import { namespaceChartState, nodeReadyChartState, deploymentRolloutChartState, podChartState, podGuardContext, pvChartState } from "./object-states.ts";

const pod = (status: any, spec: any = {}, metadata: any = {}): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", ...metadata },
  spec: { containers: [{ name: "app", image: "nginx" }], ...spec },
  status,
});
const cond = (type: string, status: string) => ({ type, status });

describe("phaseTransition / admitPhaseChange", () => {
  it("says which phase changes are edges of the chart", () => {
    expect(phaseTransition("pod", "Pending", "Running")).toBe(true);
    expect(phaseTransition("pod", "Running", "Pending")).toBe(true);
    expect(phaseTransition("pod", "Succeeded", "Running")).toBe(false);
    expect(phaseTransition("pod", "Failed", "Succeeded")).toBe(false);
    expect(phaseTransition("pod", "Pending", "Pending")).toBe(false);
    expect(phaseTransition("pod", "Running", "gone")).toBe(true);
    expect(phaseTransition("persistentvolume", "Released", "Available")).toBe(true);
    expect(phaseTransition("persistentvolume", "Bound", "Pending")).toBe(false);
    expect(phaseTransition("persistentvolume", "Failed", "Available")).toBe(true);
    expect(phaseTransition("namespace", "Terminating", "Active")).toBe(false);
    expect(isTerminalPhase("pod", "Succeeded")).toBe(true);
    expect(isTerminalPhase("pod", "Unknown")).toBe(false);
    expect(isTerminalPhase("persistentvolume", "Failed")).toBe(false);
  });

  it("admits a proposed phase only along an edge (the kubelet's terminal-phase rule, generalised)", () => {
    expect(admitPhaseChange("pod", "Pending", "Running")).toBe("Running");
    expect(admitPhaseChange("pod", "Succeeded", "Running")).toBe("Succeeded");
    expect(admitPhaseChange("pod", "Failed", "Pending")).toBe("Failed");
    expect(admitPhaseChange("pod", "Running", "Running")).toBe("Running");
    expect(admitPhaseChange("pod", undefined, "Pending")).toBe("Pending");
  });
});

describe("chart state of API objects", () => {
  it("reads a pod's substate from nodeName, conditions, container states and deletionTimestamp", () => {
    expect(podChartState(pod({ phase: "Pending" }))).toBe("Pending.unscheduled");
    expect(podChartState(pod({ phase: "Pending" }, { nodeName: "n1" }))).toBe("Pending.scheduled.creatingSandbox");
    expect(podChartState(pod({ phase: "Pending", conditions: [cond("PodReadyToStartContainers", "True")] }, { nodeName: "n1" }))).toBe("Pending.scheduled.creatingContainers");
    expect(podChartState(pod({ phase: "Pending", conditions: [cond("PodReadyToStartContainers", "True"), cond("Initialized", "False")] }, { nodeName: "n1", initContainers: [{ name: "i" }] }))).toBe("Pending.scheduled.initializing");
    expect(podChartState(pod({ phase: "Running", conditions: [cond("Ready", "True")] }, { nodeName: "n1" }))).toBe("Running.ready");
    expect(podChartState(pod({ phase: "Running", conditions: [cond("Ready", "False")] }, { nodeName: "n1" }))).toBe("Running.notReady");
    expect(podChartState(pod({ phase: "Running", containerStatuses: [{ name: "app", state: { waiting: { reason: "CrashLoopBackOff" } } }] }, { nodeName: "n1" }))).toBe("Running.crashLoopBackOff");
    expect(podChartState(pod({ phase: "Running" }, { nodeName: "n1" }, { deletionTimestamp: "2024-01-01T00:00:00Z" }))).toBe("Running.terminating");
    expect(podChartState(pod({ phase: "Succeeded" }, {}, { deletionTimestamp: "2024-01-01T00:00:00Z" }))).toBe("Succeeded");
  });

  it("reads guard inputs from the pod spec: restart policy, regular init containers, static pods", () => {
    expect(podGuardContext(pod({}))).toEqual({ restartPolicy: "Always", hasInitContainers: false, staticPod: false });
    expect(podGuardContext(pod({}, { restartPolicy: "Never", initContainers: [{ name: "sidecar", restartPolicy: "Always" }] }))).toEqual({ restartPolicy: "Never", hasInitContainers: false, staticPod: false });
    expect(podGuardContext(pod({}, { initContainers: [{ name: "init" }] }, { annotations: { "kubernetes.io/config.mirror": "abc" } }))).toEqual({ restartPolicy: "Always", hasInitContainers: true, staticPod: true });
  });

  it("reads PV, Namespace, Node and Deployment chart states", () => {
    const pv = (phase: string, policy?: string): KObject => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "v" }, spec: policy ? { persistentVolumeReclaimPolicy: policy } : {}, status: { phase } });
    expect(pvChartState(pv("Released"))).toBe("Released.retained");
    expect(pvChartState(pv("Released", "Delete"))).toBe("Released.deleting");
    expect(pvChartState(pv("Released", "Recycle"))).toBe("Released.recycling");
    expect(pvChartState(pv("Bound"))).toBe("Bound");
    const ns = (phase: string, finalizers: string[]): KObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a" }, spec: { finalizers }, status: { phase } });
    expect(namespaceChartState(ns("Active", ["kubernetes"]))).toBe("Active");
    expect(namespaceChartState(ns("Terminating", ["kubernetes"]))).toBe("Terminating.deletingContent");
    expect(namespaceChartState(ns("Terminating", []))).toBe("Terminating.finalizing");
    expect(nodeReadyChartState({ apiVersion: "v1", kind: "Node", metadata: { name: "n" } })).toBe("Unknown");
    expect(nodeReadyChartState({ apiVersion: "v1", kind: "Node", metadata: { name: "n" }, status: { conditions: [cond("Ready", "False")] } })).toBe("False");
    const dep = (reason?: string): KObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, status: reason ? { conditions: [{ type: "Progressing", status: "True", reason }] } : {} });
    expect([dep(), dep("ReplicaSetUpdated"), dep("NewReplicaSetAvailable"), dep("ProgressDeadlineExceeded")].map(deploymentRolloutChartState)).toEqual(["progressing", "progressing", "complete", "failed"]);
  });
});

describe("nextPodPhase / nextPodState", () => {
  const running = (restartPolicy: string) => pod({ phase: "Running", conditions: [cond("Ready", "True")] }, { nodeName: "n1", restartPolicy });
  const exit1 = { type: "ContainerDied", exitCode: 1, lastRunning: true, allSucceeded: false } as const;

  it("takes the pod's state and restart policy from the object", () => {
    expect(nextPodPhase(running("Never"), exit1)).toBe("Failed");
    expect(nextPodPhase(running("OnFailure"), exit1)).toBe("Running");
    expect(nextPodState(running("OnFailure"), exit1)).toBe("Running.crashLoopBackOff");
    expect(nextPodPhase(running("Always"), { type: "Scheduled" })).toBeUndefined();
    expect(nextPodPhase(pod({ phase: "Pending" }), { type: "Delete" })).toBe("gone");
    expect(nextPodPhase(pod({ phase: "Pending" }, { nodeName: "n1" }), { type: "Delete" })).toBe("Pending");
  });

  it("takes a chart state with explicit guard inputs", () => {
    expect(nextPodPhase("Running.ready", exit1, { restartPolicy: "Never", hasInitContainers: false, staticPod: false })).toBe("Failed");
    expect(nextPodPhase("Pending.scheduled.creatingContainers", { type: "ContainerStarted" })).toBe("Running");
    expect(nextPodState("Succeeded", { type: "ContainerStarted" })).toBe("Succeeded");
  });
});
