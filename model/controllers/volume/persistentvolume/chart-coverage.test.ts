/**
 * Coverage of the PersistentVolume chart (model/lifecycles/pv.machine.ts) by the PV controller in the full model:
 * for each transition of the chart, a run that makes the model take it, seen by the lifecycle edge recorder
 * (invariants/lifecycles.ts) in the store's events. Transitions the recorder cannot tell apart (two events of the
 * same state lead to the same state, and no status.reason says which) are checked at state level and listed as
 * not attributable; transitions the model cannot produce are listed with the reason. Together they are exactly
 * the chart's transitions.
 */
import { describe, expect, it } from "vitest";
import type { State } from "../../../state.ts";
import type { Action } from "../../../actions.ts";
import type { KObject } from "../../../objects/types.ts";
import { settle } from "../../../settle.ts";
import { advance } from "../../../advance.ts";
import { step } from "../../../step.ts";
import { PV_CONTROLLER_ID } from "./constants.ts";
import { PV_CHART } from "../../../lifecycles/catalog.ts";
import { eventsSince } from "../../../../invariants/objects.ts";
import { lifecycleChanges } from "../../../../invariants/lifecycles.ts";
import { cluster, withPvOptions, createPv, createPvc, deletePvc, deletePvThroughProtection, deletePvcThroughProtection, getPv, getPvc, must, pv, pvc, type PvInput } from "./pv.test-support.ts";

type Policy = "Retain" | "Delete" | "Recycle";
const converge = (s: State) => advance(s, 20).state;
// A user's delete goes through the pv-protection finalizer: the volume is gone once that controller has synced it
// (run alone here, so that the PV controller does not move the volume on in between).
const deletePv = (s: State) => deletePvThroughProtection(s, "v");

/** A user (an administrator) replaces the volume's claimRef (undefined: removes it). */
function setClaimRef(s: State, ref: Record<string, unknown> | undefined): State {
  const cur = getPv(s, "v")!;
  const { claimRef: _old, ...spec } = cur.spec;
  return must(s, { verb: "update", resource: "persistentvolumes", name: "v", object: { ...cur, spec: ref ? { ...spec, claimRef: ref } : spec } });
}

const GONE_CLAIM = { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "default", name: "c", uid: "00000000-0000-4000-8000-deadbeef0000" };

/** Volume v bound to claim c by the controller. */
function bound(policy: Policy, source: PvInput["source"] = "gce"): State {
  return converge(createPvc(createPv(cluster(), pv("v", { size: "1Gi", policy, source })), pvc("c", { size: "1Gi" })));
}

/** Volume v bound to claim c, then c deleted: Released, and its reclaim policy run. */
const released = (policy: Policy, source: PvInput["source"] = "gce") => converge(deletePvc(bound(policy, source), "c"));

/** Volume v, Available (no claim). */
const available = (policy: Policy = "Retain") => converge(createPv(cluster(), pv("v", { size: "1Gi", policy })));

/** Volume v created with a claimRef (uid included) to a claim that does not exist; the controller has not synced it. */
const pendingForGoneClaim = (policy: Policy) => createPv(cluster(), { ...pv("v", { size: "1Gi", policy }), spec: { ...pv("v", { size: "1Gi", policy }).spec, claimRef: GONE_CLAIM } });

const sync = (resource: "persistentvolumes" | "persistentvolumeclaims"): Action => ({ type: "informer.sync", component: PV_CONTROLLER_ID, resource });
const reconcile: Action = { type: "reconcile", component: PV_CONTROLLER_ID };
const restart: Action = { type: "component.restart", component: PV_CONTROLLER_ID };
const run = (s: State, ...actions: Action[]) => actions.reduce(step, s);

/**
 * Volume v (Retain) bound to claim c, then the controller restarted as the 2016 controller of kubernetes#27757
 * (its initializeCaches failed, and syncVolume trusted its claim cache alone): after its informers list, v is
 * synced first, while c has not reached the claim cache yet — v is Released with c alive. Today's syncVolume
 * double-checks the informer and the API server before releasing, so it needs such a stale view.
 */
function releasedOnStaleClaimCache(): State {
  const s = withPvOptions(bound("Retain"), { initializeCaches: false, doubleCheckClaim: false });
  return run(s, restart, sync("persistentvolumes"), sync("persistentvolumeclaims"), reconcile);
}

/** How the model takes each transition: the run, from its start. */
const DRIVES: Record<string, () => { start: State; end: State }> = {
  "Pending#VolumeUnused#0": () => {
    const start = createPv(cluster(), pv("v", { size: "1Gi" }));
    return { start, end: settle(start).state };
  },
  // A volume pre-bound to a claim name, both created before the controller's first sync: the claim is synced first
  // and binds the volume while it is still Pending.
  "Pending#Bind#0": () => {
    const start = createPv(createPvc(cluster(), pvc("c", { size: "1Gi" })), pv("v", { size: "1Gi", claimRef: { namespace: "default", name: "c" } }));
    return { start, end: settle(start).state };
  },
  ...Object.fromEntries(
    (["Retain", "Recycle", "Delete"] as const).map((p, i) => [
      `Pending#ClaimDeleted#${i}`,
      () => {
        const start = pendingForGoneClaim(p);
        return { start, end: settle(start).state };
      },
    ]),
  ),
  "Pending#Delete#0": () => {
    const start = createPv(cluster(), pv("v", { size: "1Gi" }));
    return { start, end: deletePv(start) };
  },
  "Available#Bind#0": () => {
    const start = available();
    return { start, end: converge(createPvc(start, pvc("c", { size: "1Gi" }))) };
  },
  // An administrator writes a claimRef (with uid) of a claim that no longer exists into an Available volume.
  ...Object.fromEntries(
    (["Retain", "Recycle", "Delete"] as const).map((p, i) => [
      `Available#ClaimDeleted#${i}`,
      () => {
        const start = available(p);
        return { start, end: settle(setClaimRef(start, GONE_CLAIM)).state };
      },
    ]),
  ),
  "Available#Delete#0": () => {
    const start = available();
    return { start, end: deletePv(start) };
  },
  // The claim v's claimRef points to is bound to another volume: the controller rolls its own binding of v back
  // (syncVolume, "the claim was fulfilled by another volume. We did this; fix it": unbindVolume). A claim's
  // volumeName cannot be re-pointed once set (ValidatePersistentVolumeClaimUpdate), so c is re-created
  // pre-bound to w, and an administrator points v's claimRef (still bound by the controller) at the new c.
  "Bound#Unbind#0": () => {
    // The old c goes (its pvc-protection finalizer removed) before the PV controller syncs v again.
    const before = deletePvcThroughProtection(createPv(bound("Retain"), pv("w", { size: "1Gi" })), "c");
    const again = createPvc(before, { ...pvc("c", { size: "1Gi" }), spec: { ...pvc("c", { size: "1Gi" }).spec, volumeName: "w" } });
    const c = getPvc(again, "c")!;
    const start = setClaimRef(again, { ...getPv(again, "v")!.spec.claimRef, uid: c.metadata.uid });
    const end = converge(start);
    expect(getPvc(end, "c")?.status?.phase).toBe("Bound");
    expect(getPv(end, "w")?.spec.claimRef?.uid).toBe(c.metadata.uid);
    return { start, end };
  },
  // An administrator removes the claimRef of a Bound volume.
  "Bound#VolumeUnused#0": () => {
    const start = bound("Retain");
    return { start, end: settle(setClaimRef(start, undefined)).state };
  },
  ...Object.fromEntries(
    (["Retain", "Recycle", "Delete"] as const).map((p, i) => [
      `Bound#ClaimDeleted#${i}`,
      () => {
        const start = bound(p, p === "Recycle" ? "nfs" : "gce");
        return { start, end: converge(deletePvc(start, "c")) };
      },
    ]),
  ),
  // Retain's manual reclaim: an administrator removes the claimRef of a Released volume.
  "Released#VolumeUnused#0": () => {
    const start = released("Retain");
    return { start, end: settle(setClaimRef(start, undefined)).state };
  },
  // The claim reaches the controller's cache (its informer lists; syncBoundClaim → bind()): the release made on
  // the stale cache is undone (pv_controller.go: bind → updateVolumePhase(VolumeBound); syncVolume "all is bound").
  "Released#Bind#0": () => {
    const start = releasedOnStaleClaimCache();
    expect(getPv(start, "v")!.status.phase).toBe("Released");
    const end = converge(start);
    expect([getPv(end, "v")!.status.phase, getPvc(end, "c")!.status.phase, getPvc(end, "c")!.spec.volumeName]).toEqual(["Bound", "Bound", "v"]);
    return { start, end };
  },
  "Released#Delete#0": () => {
    const start = released("Retain");
    return { start, end: deletePv(start) };
  },
  "Released.recycling#VolumeRecycled#0": () => {
    const start = bound("Recycle", "nfs");
    return { start, end: converge(deletePvc(start, "c")) };
  },
  "Released.recycling#VolumeFailedRecycle#0": () => {
    const start = bound("Recycle", "gce");
    return { start, end: converge(deletePvc(start, "c")) };
  },
  "Released.deleting#VolumeDeleted#0": () => {
    const start = bound("Delete", "gce");
    return { start, end: converge(deletePvc(start, "c")) };
  },
  "Released.deleting#VolumeFailedDelete#0": () => {
    const start = bound("Delete", "nfs");
    return { start, end: converge(deletePvc(start, "c")) };
  },
  // An administrator removes the claimRef of a volume whose recycling failed.
  "Failed#VolumeUnused#0": () => {
    const start = released("Recycle", "gce");
    return { start, end: settle(setClaimRef(start, undefined)).state };
  },
  // An administrator re-binds a volume whose deletion failed by hand: claim d asks for v by name (it stays
  // Pending: v points to the deleted c), then v's claimRef is pointed at d, uid included. syncVolume finds d in
  // its cache naming v ("all is bound") and sets Bound. (The stale cache of Released#Bind#0 does not reach
  // Failed here: the model's one queue holds the claim's key, from the claim informer's list, before the deletion
  // the release queues, so the claim binds the volume first; Go's claim worker and deletion goroutine race.)
  "Failed#Bind#0": () => {
    const start = released("Delete", "nfs");
    expect(getPv(start, "v")!.status.phase).toBe("Failed");
    const s = converge(createPvc(start, pvc("d", { size: "1Gi", volumeName: "v" })));
    expect(getPvc(s, "d")!.status.phase).toBe("Pending");
    const d = getPvc(s, "d")!;
    const end = converge(setClaimRef(s, { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "default", name: "d", uid: d.metadata.uid }));
    expect([getPv(end, "v")!.status.phase, getPvc(end, "d")!.status.phase]).toEqual(["Bound", "Bound"]);
    return { start, end };
  },
  "Failed#Delete#0": () => {
    const start = released("Recycle", "gce");
    return { start, end: deletePv(start) };
  },
};

/** Transitions the recorder cannot attribute: the same state change is another transition too. */
const NOT_ATTRIBUTABLE: Record<string, string> = {
  "Bound#Unbind#0": "Bound → Available is also Bound#VolumeUnused (no claimRef); the write sets no status.reason",
  "Bound#VolumeUnused#0": "Bound → Available is also Bound#Unbind (unbindVolume); the write sets no status.reason",
  "Failed#VolumeUnused#0": "Failed → Available is also Failed#VolumeRecycled for a chart that ignores the guard",
};

/** Transitions the model does not produce. */
const UNREACHABLE: Record<string, string> = {
  "Failed#VolumeRecycled#0":
    "a recycle that failed succeeding on a later sync: the model's recycler succeeds or fails by volume type (nfs and hostPath have a recycler plugin), and a volume's source is immutable, so a volume whose recycle failed fails again",
  "Failed#VolumeDeleted#0":
    "a deletion that failed succeeding on a later sync: the model's deleter succeeds or fails by volume type and path, which are immutable, and has no transient errors (Kubernetes retries a cloud API error)",
};

/** The recorded state changes of volume v between start and end. */
const changesOfV = (start: State, end: State) => lifecycleChanges(eventsSince(end, start)).filter((c) => c.machine === "persistentvolume" && c.object === "PersistentVolume v");

describe("PV chart coverage by the PV controller", () => {
  const transitions = PV_CHART.compiled.definition.transitions;

  it("drives or lists every transition of the chart, and no other", () => {
    const ids = transitions.map((t) => t.id).sort();
    expect([...Object.keys(DRIVES), ...Object.keys(UNREACHABLE)].sort()).toEqual(ids);
    expect(Object.keys(DRIVES).filter((k) => k in UNREACHABLE)).toEqual([]);
    for (const k of Object.keys(NOT_ATTRIBUTABLE)) expect(DRIVES).toHaveProperty([k]);
  });

  for (const t of transitions) {
    const drive = DRIVES[t.id];
    if (!drive) continue;
    it(`${t.id}: ${t.source} → ${t.targetLeaf} on ${t.event}`, () => {
      const { start, end } = drive();
      const changes = changesOfV(start, end);
      const hit = changes.find((c) => (c.fromState === t.source || c.fromState.startsWith(`${t.source}.`)) && c.toState === t.targetLeaf);
      expect(hit, JSON.stringify(changes.map((c) => `${c.fromState}→${c.toState}`))).toBeDefined();
      if (t.id in NOT_ATTRIBUTABLE) expect(hit!.transition).toBeUndefined();
      else expect(hit!.transition?.id).toBe(t.id);
    });
  }

  it("keeps the chart's phases in the API: the volume is where the chart says", () => {
    const s = released("Recycle", "nfs");
    expect(getPv(s, "v")!.status.phase).toBe("Available");
    expect((getPv(released("Delete", "nfs"), "v") as KObject).status.phase).toBe("Failed");
  });
});
