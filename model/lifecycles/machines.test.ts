import { describe, expect, it } from "vitest";
import { POD_CHART, PV_CHART, NAMESPACE_CHART, NODE_READY_CHART, DEPLOYMENT_ROLLOUT_CHART, LIFECYCLE_CHARTS } from "./catalog.ts";
import { allStates } from "./definition.ts";
import { phaseGraph } from "./phases.ts";
import { DEFAULT_POD_CONTEXT, type PodGuardContext, type PodLifecycleEvent, type RestartPolicy } from "./pod.machine.ts";
import type { PvGuardContext, PvLifecycleEvent } from "./pv.machine.ts";
import { LIFECYCLE_MACHINE_IDS } from "./types.ts";

const pod = (restartPolicy: RestartPolicy, extra: Partial<PodGuardContext> = {}): PodGuardContext => ({ ...DEFAULT_POD_CONTEXT, restartPolicy, ...extra });
const podNext = (leaf: string, e: PodLifecycleEvent, ctx: PodGuardContext = DEFAULT_POD_CONTEXT) => POD_CHART.compiled.next(leaf, e, ctx);
const died = (exitCode: number, lastRunning = true, allSucceeded = exitCode === 0): PodLifecycleEvent => ({ type: "ContainerDied", exitCode, lastRunning, allSucceeded });
const pvNext = (leaf: string, e: PvLifecycleEvent, ctx: PvGuardContext) => PV_CHART.compiled.next(leaf, e, ctx);

describe("lifecycle charts: structure", () => {
  it("lists the five machines in LIFECYCLE_MACHINE_IDS order", () => {
    expect(LIFECYCLE_CHARTS.map((c) => c.id)).toEqual(LIFECYCLE_MACHINE_IDS);
  });

  it("pins the states and transition counts of every chart", () => {
    const shape = (c: (typeof LIFECYCLE_CHARTS)[number]) => ({
      states: allStates(c.compiled.definition).map((s) => `${s.path}:${s.type}`),
      transitions: c.compiled.definition.transitions.length,
      initial: c.compiled.initialLeaf,
    });
    expect(shape(POD_CHART)).toEqual({
      states: [
        "Pending:compound",
        "Pending.unscheduled:atomic",
        "Pending.scheduled:compound",
        "Pending.scheduled.creatingSandbox:atomic",
        "Pending.scheduled.initializing:atomic",
        "Pending.scheduled.creatingContainers:atomic",
        "Pending.scheduled.terminating:atomic",
        "Running:compound",
        "Running.notReady:atomic",
        "Running.ready:atomic",
        "Running.crashLoopBackOff:atomic",
        "Running.terminating:atomic",
        "Succeeded:final",
        "Failed:final",
        "Unknown:atomic",
        "gone:final",
      ],
      transitions: 49,
      initial: "Pending.unscheduled",
    });
    expect(shape(PV_CHART)).toEqual({
      states: [
        "Pending:atomic",
        "Available:atomic",
        "Bound:atomic",
        "Released:compound",
        "Released.retained:atomic",
        "Released.recycling:atomic",
        "Released.deleting:atomic",
        "Failed:atomic",
        "gone:final",
      ],
      transitions: 28,
      initial: "Pending",
    });
    expect(shape(NAMESPACE_CHART)).toEqual({
      states: ["Active:atomic", "Terminating:compound", "Terminating.deletingContent:atomic", "Terminating.finalizing:atomic", "gone:final"],
      transitions: 7,
      initial: "Active",
    });
    expect(shape(NODE_READY_CHART)).toEqual({ states: ["Unknown:atomic", "True:atomic", "False:atomic"], transitions: 6, initial: "Unknown" });
    expect(shape(DEPLOYMENT_ROLLOUT_CHART)).toEqual({ states: ["progressing:atomic", "complete:atomic", "failed:atomic"], transitions: 7, initial: "progressing" });
  });

  it("gives transition ids that are unique in each chart", () => {
    for (const c of LIFECYCLE_CHARTS) {
      const ids = c.compiled.definition.transitions.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("makes Succeeded, Failed and gone final: no event leaves them, under any guard input", () => {
    for (const c of LIFECYCLE_CHARTS) {
      for (const leaf of c.compiled.leaves.filter((l) => c.compiled.isFinal(l))) {
        for (const ctx of c.inputSamples) for (const e of c.eventSamples) expect(c.compiled.lookup(leaf, e, ctx)).toBeUndefined();
      }
    }
    expect(POD_CHART.compiled.leaves.filter((l) => POD_CHART.compiled.isFinal(l))).toEqual(["Succeeded", "Failed", "gone"]);
    expect(PV_CHART.compiled.leaves.filter((l) => PV_CHART.compiled.isFinal(l))).toEqual(["gone"]);
    expect(phaseGraph("pod").terminal).toEqual(["Succeeded", "Failed"]);
    expect(phaseGraph("persistentvolume").terminal).toEqual([]);
  });

  it("pins the phase edges of the Pod, PV and Namespace charts", () => {
    const edges = (id: Parameters<typeof phaseGraph>[0]) => phaseGraph(id).edges.map((e) => `${e.from}>${e.to}`);
    expect(edges("pod")).toEqual([
      "Pending>gone", "Pending>Failed", "Pending>Unknown", "Pending>Running", "Pending>Succeeded",
      "Running>Succeeded", "Running>Failed", "Running>Pending", "Running>gone", "Running>Unknown",
      "Unknown>Pending", "Unknown>Running", "Unknown>Succeeded", "Unknown>Failed", "Unknown>gone",
    ]);
    expect(edges("persistentvolume")).toEqual([
      "Pending>Available", "Pending>Bound", "Pending>Released", "Pending>gone",
      "Available>Bound", "Available>Released", "Available>gone",
      "Bound>Available", "Bound>Released",
      "Released>Bound", "Released>Available", "Released>gone", "Released>Failed",
      "Failed>Available", "Failed>gone", "Failed>Bound",
    ]);
    expect(edges("namespace")).toEqual(["Active>Terminating", "Terminating>gone"]);
  });
});

describe("Pod chart", () => {
  it("walks the happy path: unscheduled, scheduled, creating containers, Running notReady, ready", () => {
    let s = POD_CHART.compiled.initialLeaf;
    for (const [e, want] of [
      [{ type: "FailedScheduling" }, "Pending.unscheduled"],
      [{ type: "Scheduled" }, "Pending.scheduled.creatingSandbox"],
      [{ type: "PodReadyToStartContainers" }, "Pending.scheduled.creatingContainers"],
      [{ type: "ContainerStarted" }, "Running.notReady"],
      [{ type: "ContainersReady" }, "Running.ready"],
      [{ type: "Unhealthy" }, "Running.notReady"],
    ] as [PodLifecycleEvent, string][]) {
      s = podNext(s, e);
      expect(s).toBe(want);
    }
  });

  it("runs init containers first when the pod has them; Never fails the pod on an init failure, others retry", () => {
    expect(podNext("Pending.scheduled.creatingSandbox", { type: "PodReadyToStartContainers" }, pod("Always", { hasInitContainers: true }))).toBe("Pending.scheduled.initializing");
    expect(podNext("Pending.scheduled.initializing", { type: "InitContainerDied", exitCode: 1 }, pod("Never"))).toBe("Failed");
    expect(podNext("Pending.scheduled.initializing", { type: "InitContainerDied", exitCode: 0 }, pod("Never"))).toBe("Pending.scheduled.initializing");
    expect(podNext("Pending.scheduled.initializing", { type: "InitContainerDied", exitCode: 1 }, pod("OnFailure"))).toBe("Pending.scheduled.initializing");
    expect(podNext("Pending.scheduled.initializing", { type: "InitContainerDied", exitCode: 1 }, pod("Always"))).toBe("Pending.scheduled.initializing");
    expect(podNext("Pending.scheduled.initializing", { type: "Initialized" })).toBe("Pending.scheduled.creatingContainers");
  });

  it("applies the restart policy when the last running container exits (getPhase, ShouldContainerBeRestarted)", () => {
    // Always: every exit restarts; the pod stays Running in CrashLoopBackOff.
    expect(podNext("Running.ready", died(0), pod("Always"))).toBe("Running.crashLoopBackOff");
    expect(podNext("Running.ready", died(1), pod("Always"))).toBe("Running.crashLoopBackOff");
    // OnFailure: a failure restarts; success of every container ends the pod.
    expect(podNext("Running.ready", died(1), pod("OnFailure"))).toBe("Running.crashLoopBackOff");
    expect(podNext("Running.ready", died(0), pod("OnFailure"))).toBe("Succeeded");
    // ... but while another container failed and is restarting, it is still Running.
    expect(podNext("Running.ready", died(0, true, false), pod("OnFailure"))).toBe("Running.crashLoopBackOff");
    // Never: nothing restarts; any failure fails the pod.
    expect(podNext("Running.ready", died(0), pod("Never"))).toBe("Succeeded");
    expect(podNext("Running.ready", died(1, true, false), pod("Never"))).toBe("Failed");
    expect(podNext("Running.ready", died(0, true, false), pod("Never"))).toBe("Failed");
    // Other containers still run: Running, not ready.
    expect(podNext("Running.ready", died(1, false, false), pod("Never"))).toBe("Running.notReady");
    // A crash-looping container that starts again.
    expect(podNext("Running.crashLoopBackOff", { type: "ContainerStarted" })).toBe("Running.notReady");
  });

  it("goes back to Pending on a sandbox change only when init containers must run again (kubernetes#126650)", () => {
    expect(podNext("Running.ready", { type: "SandboxChanged" }, pod("Always", { hasInitContainers: true }))).toBe("Pending.scheduled.initializing");
    expect(podNext("Running.ready", { type: "SandboxChanged" }, pod("Always"))).toBe("Running.notReady");
    expect(podNext("Running.ready", { type: "SandboxChanged" }, pod("Never", { hasInitContainers: true }))).toBe("Running.notReady");
  });

  it("deletes: an unscheduled pod at once, a scheduled one through terminating to a terminal phase", () => {
    expect(podNext("Pending.unscheduled", { type: "Delete" })).toBe("gone");
    expect(podNext("Pending.scheduled.creatingSandbox", { type: "Delete" })).toBe("Pending.scheduled.terminating");
    expect(podNext("Pending.scheduled.terminating", { type: "SyncTerminatedPod", allSucceeded: false })).toBe("Failed");
    expect(podNext("Running.ready", { type: "Delete" })).toBe("Running.terminating");
    // Containers dying while terminating neither restart nor change the phase.
    expect(podNext("Running.terminating", died(1), pod("Always"))).toBe("Running.terminating");
    expect(podNext("Running.terminating", { type: "SyncTerminatedPod", allSucceeded: true })).toBe("Succeeded");
    expect(podNext("Running.terminating", { type: "SyncTerminatedPod", allSucceeded: false })).toBe("Failed");
    // Static pods never get a terminal phase: their mirror pod is removed.
    expect(podNext("Running.terminating", { type: "SyncTerminatedPod", allSucceeded: false }, pod("Always", { staticPod: true }))).toBe("gone");
    expect(podNext("Running.notReady", { type: "ForceDelete" })).toBe("gone");
  });

  it("loses the node (Unknown) and comes back with the phase the kubelet reports", () => {
    expect(podNext("Running.ready", { type: "NodeLost" })).toBe("Unknown");
    expect(podNext("Pending.scheduled.creatingSandbox", { type: "NodeLost" })).toBe("Unknown");
    expect(podNext("Unknown", { type: "NodeReady", phase: "Running" })).toBe("Running.notReady");
    expect(podNext("Unknown", { type: "NodeReady", phase: "Pending" })).toBe("Pending.scheduled.creatingSandbox");
    expect(podNext("Unknown", { type: "NodeReady", phase: "Succeeded" })).toBe("Succeeded");
    expect(podNext("Unknown", { type: "NodeReady", phase: "Failed" })).toBe("Failed");
    expect(podNext("Unknown", { type: "Delete" })).toBe("Unknown");
  });

  it("fails on eviction, deadline and kubelet admission rejection", () => {
    expect(podNext("Running.ready", { type: "Evicted" })).toBe("Failed");
    expect(podNext("Pending.scheduled.creatingContainers", { type: "DeadlineExceeded" })).toBe("Failed");
    expect(podNext("Pending.scheduled.creatingSandbox", { type: "Rejected" })).toBe("Failed");
    expect(podNext("Pending.unscheduled", { type: "Rejected" })).toBe("Pending.unscheduled");
  });

  it("leaves an unscheduled pod alone on kubelet events: no node evicts it, times it out or loses it", () => {
    for (const type of ["Evicted", "DeadlineExceeded", "NodeLost", "ContainerStarted", "SyncTerminatedPod"] as const) {
      expect(POD_CHART.compiled.lookup("Pending.unscheduled", { type } as PodLifecycleEvent, DEFAULT_POD_CONTEXT)).toBeUndefined();
    }
  });
});

describe("PersistentVolume chart", () => {
  const retain: PvGuardContext = { reclaimPolicy: "Retain" };
  const del: PvGuardContext = { reclaimPolicy: "Delete" };
  const recycle: PvGuardContext = { reclaimPolicy: "Recycle" };

  it("binds an available volume and releases it when its claim is deleted", () => {
    expect(pvNext("Pending", { type: "VolumeUnused" }, retain)).toBe("Available");
    expect(pvNext("Available", { type: "Bind" }, retain)).toBe("Bound");
    expect(pvNext("Bound", { type: "Unbind" }, retain)).toBe("Available");
    expect(pvNext("Bound", { type: "ClaimDeleted" }, retain)).toBe("Released.retained");
  });

  it("Retain stays Released until claimRef is cleared (or its claim turns out to exist); nothing reclaims it", () => {
    for (const e of PV_CHART.eventSamples.filter((x) => x.type !== "VolumeUnused" && x.type !== "Delete" && x.type !== "Bind")) {
      expect(pvNext("Released.retained", e, retain)).toBe("Released.retained");
    }
    expect(pvNext("Released.retained", { type: "VolumeUnused" }, retain)).toBe("Available");
  });

  it("undoes a release or a failed reclaim when the claim is found bound to the volume after all (syncVolume: all is bound)", () => {
    for (const ctx of [retain, del, recycle]) {
      for (const leaf of ["Released.retained", "Released.recycling", "Released.deleting", "Failed"]) expect(pvNext(leaf, { type: "Bind" }, ctx)).toBe("Bound");
    }
  });

  it("Delete removes it, Recycle scrubs it back to Available, a failed reclaim is Failed and retried", () => {
    expect(pvNext("Bound", { type: "ClaimDeleted" }, del)).toBe("Released.deleting");
    expect(pvNext("Released.deleting", { type: "VolumeDeleted" }, del)).toBe("gone");
    expect(pvNext("Released.deleting", { type: "VolumeFailedDelete" }, del)).toBe("Failed");
    expect(pvNext("Failed", { type: "VolumeDeleted" }, del)).toBe("gone");
    expect(pvNext("Bound", { type: "ClaimDeleted" }, recycle)).toBe("Released.recycling");
    expect(pvNext("Released.recycling", { type: "VolumeRecycled" }, recycle)).toBe("Available");
    expect(pvNext("Released.recycling", { type: "VolumeFailedRecycle" }, recycle)).toBe("Failed");
    expect(pvNext("Failed", { type: "VolumeRecycled" }, recycle)).toBe("Available");
    // A retry only succeeds the way the policy says.
    expect(pvNext("Failed", { type: "VolumeDeleted" }, recycle)).toBe("Failed");
  });

  it("cannot remove a Bound volume (pv-protection)", () => {
    expect(pvNext("Bound", { type: "Delete" }, del)).toBe("Bound");
    expect(pvNext("Available", { type: "Delete" }, del)).toBe("gone");
  });
});

describe("Namespace chart", () => {
  it("terminates: content deleted (requeued while some remains), then finalized, then gone; never Active again", () => {
    const next = (leaf: string, type: string) => NAMESPACE_CHART.compiled.next(leaf, { type } as never, undefined);
    let s = next("Active", "Delete");
    expect(s).toBe("Terminating.deletingContent");
    for (const t of ["SomeResourcesRemain", "SomeFinalizersRemain", "ContentDeletionFailed", "DiscoveryFailed"]) expect(next(s, t)).toBe(s);
    expect(next(s, "Finalized")).toBe(s);
    s = next(s, "ContentRemoved");
    expect(s).toBe("Terminating.finalizing");
    expect(next(s, "Finalized")).toBe("gone");
    for (const leaf of ["Terminating.deletingContent", "Terminating.finalizing"]) {
      for (const e of NAMESPACE_CHART.eventSamples) expect(NAMESPACE_CHART.compiled.next(leaf, e, undefined)).not.toBe("Active");
    }
  });
});
