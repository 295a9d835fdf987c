import { describe, expect, it } from "vitest";
import type { KObject } from "../objects/types.ts";
import { NAMESPACE_CHART, POD_CHART, PV_CHART } from "./catalog.ts";
import { attributeWrite, feasibleTransitions } from "./attribution.ts";
import { podEvidence } from "./evidence.ts";

const ids = (ts: readonly { id: string }[]) => ts.map((t) => t.id);
const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });
const running = (name: string, restartCount = 0, ready = true) => ({ name, ready, restartCount, state: { running: { startedAt: "t0" } } });
const exited = (name: string, exitCode: number, restartCount = 0) => ({ name, ready: false, restartCount, state: { terminated: { exitCode, finishedAt: "t1" } } });
const backingOff = (name: string, exitCode: number, restartCount = 0) => ({ name, ready: false, restartCount, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode, finishedAt: "t1" } } });

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", ...meta }, spec: { nodeName: "n1", containers: [{ name: "a" }, { name: "b" }], ...spec }, status };
}
const attr = (prev: KObject, next: KObject | undefined) =>
  ids(attributeWrite(POD_CHART, POD_CHART.stateOf(prev), next ? POD_CHART.stateOf(next) : "gone", prev, next));

describe("attributing a write to a chart transition", () => {
  it("takes the guard inputs into account: only transitions the object's spec allows fit", () => {
    expect(ids(feasibleTransitions(POD_CHART, "Running.ready", { restartPolicy: "Always", hasInitContainers: false, staticPod: false })).filter((t) => t.includes("ContainerDied"))).toEqual([
      "Running#ContainerDied#0",
    ]);
    // Removing a pod being deleted is the kubelet's final step only for a static pod's mirror; otherwise a force delete.
    const terminating = pod({ phase: "Pending" }, {}, { deletionTimestamp: "t" });
    expect(attr(terminating, undefined)).toEqual(["Pending#ForceDelete#0"]);
    const mirror = pod({ phase: "Pending" }, {}, { deletionTimestamp: "t", annotations: { "kubernetes.io/config.mirror": "h" } });
    expect(attr(mirror, undefined)).toEqual(["Pending.scheduled.terminating#SyncTerminatedPod#0"]);
  });

  it("reads the event's payload from the write: the exit code decides between guarded alternatives", () => {
    // OnFailure, container b waits in back-off; a exits: with 0 it is done (#4), with 1 it restarts too (#0).
    const spec = { restartPolicy: "OnFailure" };
    const prev = pod({ phase: "Running", containerStatuses: [running("a"), backingOff("b", 1, 1)] }, spec);
    const after = (code: number) => pod({ phase: "Running", containerStatuses: [exited("a", code), backingOff("b", 1, 1)] }, spec);
    expect(POD_CHART.stateOf(prev)).toBe("Running.crashLoopBackOff");
    expect(attr(prev, after(0))).toEqual(["Running#ContainerDied#4"]);
    expect(attr(prev, after(1))).toEqual(["Running#ContainerDied#0"]);
  });

  it("leaves a write of several steps unattributed when two different events fit", () => {
    // The API never saw b start, and sees a exited: ContainerStarted and ContainerDied both lead to notReady.
    const spec = { restartPolicy: "OnFailure" };
    const prev = pod({ phase: "Pending", conditions: [cond("PodReadyToStartContainers", "True")], containerStatuses: [] }, spec);
    const next = pod({ phase: "Running", conditions: [cond("PodReadyToStartContainers", "True"), cond("Ready", "False")], containerStatuses: [exited("a", 0), running("b", 0, false)] }, spec);
    expect(POD_CHART.stateOf(prev)).toBe("Pending.scheduled.creatingContainers");
    expect(podEvidence(prev, next).map((e) => e.type).sort()).toEqual(["ContainerDied", "ContainerStarted"]);
    expect(attr(prev, next)).toEqual([]);
  });

  it("sees self-loops only on evidence, each event once", () => {
    const ns = (conditions: unknown[]): KObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "t", deletionTimestamp: "t" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Terminating", conditions } });
    const before = ns([]);
    const after = ns([cond("NamespaceContentRemaining", "True", "SomeResourcesRemain"), cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain")]);
    const s = "Terminating.deletingContent";
    expect(ids(attributeWrite(NAMESPACE_CHART, s, s, before, after))).toEqual(["Terminating.deletingContent#SomeResourcesRemain#0", "Terminating.deletingContent#SomeFinalizersRemain#0"]);
    // The same conditions written again show nothing new.
    expect(ids(attributeWrite(NAMESPACE_CHART, s, s, after, after))).toEqual([]);
  });

  it("falls back to the chart's shape for a chart without an evidence reader (PersistentVolume)", () => {
    const pv = (phase: string, policy = "Retain"): KObject => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "v" }, spec: { persistentVolumeReclaimPolicy: policy }, status: { phase } });
    expect(ids(attributeWrite(PV_CHART, "Bound", "Released.retained", pv("Bound"), pv("Released")))).toEqual(["Bound#ClaimDeleted#0"]);
    expect(ids(attributeWrite(PV_CHART, "Bound", "Released.deleting", pv("Bound", "Delete"), pv("Released", "Delete")))).toEqual(["Bound#ClaimDeleted#2"]);
    expect(ids(attributeWrite(PV_CHART, "Bound", "Bound", pv("Bound"), pv("Bound")))).toEqual([]);
  });
});
