import { describe, expect, it } from "vitest";
import { step } from "../../../step.ts";
import type { State } from "../../../state.ts";
import type { Action } from "../../../actions.ts";
import type { Options } from "../../../config.ts";
import { PV_CONTROLLER_ID } from "./constants.ts";
import { cluster, withPvOptions, createPv, createPvc, getPv, getPvc, pv, pvc, pvMemory } from "./pv.test-support.ts";

const sync = (resource: "persistentvolumes" | "persistentvolumeclaims"): Action => ({ type: "informer.sync", component: PV_CONTROLLER_ID, resource });
const reconcile: Action = { type: "reconcile", component: PV_CONTROLLER_ID };
const restart: Action = { type: "component.restart", component: PV_CONTROLLER_ID };
const run = (s: State, ...actions: Action[]) => actions.reduce(step, s);
const boundClaims = (s: State, volume: string) => ["a", "b"].filter((c) => getPvc(s, c)?.status?.phase === "Bound" && getPvc(s, c)?.spec?.volumeName === volume);

/** One volume and two claims that both fit it, with the controller's informers synced volumes first. */
function oneVolumeTwoClaims(options: Options = {}): State {
  let s = withPvOptions(cluster(), options);
  s = createPv(s, pv("v", { size: "1Gi", policy: "Delete" }));
  s = createPvc(s, pvc("a", { size: "1Gi" }));
  s = createPvc(s, pvc("b", { size: "1Gi" }));
  // Queue: pv/v, pvc/a, pvc/b.
  return run(s, sync("persistentvolumes"), sync("persistentvolumeclaims"), reconcile);
}

describe("PV controller: acting on stale caches", () => {
  it("does not give one volume to two claims while its informer lags: the local cache holds what it wrote", () => {
    let s = run(oneVolumeTwoClaims(), reconcile);
    expect(boundClaims(s, "v")).toEqual(["a"]);
    // The volume informer has not seen the binding; the local cache has.
    expect(pvMemory(s).volumes.size).toBe(1);
    s = run(s, reconcile);
    expect(boundClaims(s, "v")).toEqual(["a"]);
    expect(getPvc(s, "b")!.status.phase).toBe("Pending");
    expect(getPv(s, "v")!.spec.claimRef.name).toBe("a");
  });

  it("keeps a bound volume across a restart that relists volumes before claims (initializeCaches)", () => {
    let s = run(oneVolumeTwoClaims(), reconcile, reconcile);
    s = run(s, restart, sync("persistentvolumes"), sync("persistentvolumeclaims"), reconcile);
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
    expect(getPvc(s, "a")!.status.phase).toBe("Bound");
  });

  it("keeps it too without initializeCaches, when syncVolume double-checks the claim in the informer and the API server", () => {
    let s = run(oneVolumeTwoClaims({ initializeCaches: false }), reconcile, reconcile);
    s = run(s, restart, sync("persistentvolumes"), sync("persistentvolumeclaims"), reconcile);
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
  });
});

describe("PV controller: bug-zoo variants", () => {
  it("bindVolumeFirst: false (before PR #16432) binds the claim from its index and gives the volume to both claims", () => {
    const s = run(oneVolumeTwoClaims({ bindVolumeFirst: false }), reconcile, reconcile);
    expect(boundClaims(s, "v")).toEqual(["a", "b"]);
    // The volume's claimRef has not been written yet: the claims' next syncs race for it.
    expect(getPv(s, "v")!.spec.claimRef).toBeUndefined();
  });

  it("initializeCaches and doubleCheckClaim off (kubernetes#27757): a restart releases a bound volume", () => {
    let s = run(oneVolumeTwoClaims({ initializeCaches: false, doubleCheckClaim: false }), reconcile, reconcile);
    s = run(s, restart, sync("persistentvolumes"), sync("persistentvolumeclaims"), reconcile);
    // Released while its claim is Bound: with policy Delete the deletion is queued (an external deleter would
    // act on the Released phase alone).
    expect(getPv(s, "v")!.status.phase).toBe("Released");
    expect(getPvc(s, "a")!.status.phase).toBe("Bound");
    // The claim reaches the local cache before the queued deletion runs: syncBoundClaim's bind() sets the volume
    // Bound again (pv_controller.go: bind → updateVolumePhase(VolumeBound), the chart's Released → Bound), and the
    // deletion then finds the volume not released (isVolumeReleased) and does nothing.
    s = run(s, reconcile);
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
    s = run(s, reconcile, reconcile);
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
    expect(boundClaims(s, "v")).toEqual(["a"]);
  });
});
