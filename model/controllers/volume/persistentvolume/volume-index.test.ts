import { describe, expect, it } from "vitest";
import type { KObject } from "../../../objects/types.ts";
import { emptyPvControllerMemory, storeVolumeUpdate, deleteVolumeFromStore, type PvControllerMemory } from "./local-store.ts";
import { allPossibleMatchingAccessModes, findBestMatchForClaim } from "./volume-index.ts";
import { pv, pvc, type PvInput } from "./pv.test-support.ts";

let rv = 10;
/** A cached volume with a phase (Available unless said otherwise). */
const vol = (name: string, o: PvInput, phase = "Available", extra: Partial<KObject["metadata"]> = {}): KObject => {
  const base = pv(name, o);
  return { ...base, metadata: { ...base.metadata, resourceVersion: String(rv++), ...extra }, status: { phase } };
};
const memoryOf = (...vs: KObject[]): PvControllerMemory => vs.reduce((m, v) => storeVolumeUpdate(m, v).memory, emptyPvControllerMemory());
const claim = (o: Parameters<typeof pvc>[1], uid = "uid-c"): KObject => {
  const c = pvc("c", o);
  return { ...c, metadata: { ...c.metadata, uid } };
};
const best = (m: PvControllerMemory, c: KObject) => findBestMatchForClaim(m, c)?.metadata.name;

describe("findBestMatchForClaim (index.go, FindMatchingVolume)", () => {
  it("takes the smallest Available volume that is big enough, ties broken by name", () => {
    const m = memoryOf(vol("b-5g", { size: "5Gi" }), vol("a-5g", { size: "5Gi" }), vol("x-1g", { size: "1Gi" }), vol("y-20g", { size: "20Gi" }));
    expect(best(m, claim({ size: "2Gi" }))).toBe("a-5g");
    expect(best(m, claim({ size: "1Gi" }))).toBe("x-1g");
    expect(best(m, claim({ size: "1Mi" }))).toBe("x-1g");
    expect(best(m, claim({ size: "30Gi" }))).toBeUndefined();
  });

  it("compares quantities, not strings: 1500Mi fits in 2Gi but not in 1Gi", () => {
    const m = memoryOf(vol("one", { size: "1Gi" }), vol("two", { size: "2Gi" }), vol("milli", { size: "1600M" }));
    expect(best(m, claim({ size: "1500Mi" }))).toBe("milli");
  });

  it("skips volumes that are not Available, claimed, being deleted, of another class or volume mode, or outside the selector", () => {
    const blockVol = vol("block", { size: "1Gi" });
    const m = memoryOf(
      vol("pending", { size: "1Gi" }, "Pending"),
      vol("claimed", { size: "1Gi", claimRef: { namespace: "default", name: "other" } }),
      vol("deleting", { size: "1Gi" }, "Available", { deletionTimestamp: "2026-01-01T00:00:00Z" }),
      vol("fast", { size: "1Gi", class: "fast" }),
      { ...blockVol, spec: { ...blockVol.spec, volumeMode: "Block" } },
      vol("labelled", { size: "2Gi", labels: { tier: "gold" } }),
      vol("plain", { size: "3Gi" }),
    );
    expect(best(m, claim({ size: "1Gi" }))).toBe("labelled");
    expect(best(m, claim({ size: "1Gi", selector: { matchLabels: { tier: "gold" } } }))).toBe("labelled");
    expect(best(m, claim({ size: "1Gi", selector: { matchLabels: { tier: "silver" } } }))).toBeUndefined();
    expect(best(m, claim({ size: "1Gi", class: "fast" }))).toBe("fast");
  });

  it("prefers a volume pre-bound to the claim (by name, or by name and uid) over a smaller free one", () => {
    const m = memoryOf(vol("small", { size: "1Gi" }), vol("mine", { size: "10Gi", claimRef: { namespace: "default", name: "c" } }, "Pending"));
    expect(best(m, claim({ size: "1Gi" }))).toBe("mine");
    const withUid = (uid: string) => {
      const v = vol("mine", { size: "10Gi" }, "Bound");
      return { ...v, spec: { ...v.spec, claimRef: { namespace: "default", name: "c", uid } } };
    };
    expect(best(memoryOf(vol("small", { size: "1Gi" }), withUid("uid-c")), claim({ size: "1Gi" }))).toBe("mine");
    // Bound to another claim of the same name (another uid): not this claim's.
    expect(best(memoryOf(vol("small", { size: "1Gi" }), withUid("uid-old")), claim({ size: "1Gi" }))).toBe("small");
    // Too small a pre-bound volume is passed over.
    expect(best(memoryOf(vol("small", { size: "1Gi" }), vol("mine", { size: "1Mi", claimRef: { namespace: "default", name: "c" } })), claim({ size: "1Gi" }))).toBe("small");
  });

  it("tries access-mode sets with the fewest modes first, and only sets that contain every requested mode", () => {
    const m = memoryOf(
      vol("rwo", { size: "1Gi" }),
      vol("rwo-rox", { size: "10Gi", modes: ["ReadWriteOnce", "ReadOnlyMany"] }),
      vol("all", { size: "1Gi", modes: ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"] }),
    );
    expect(allPossibleMatchingAccessModes(m, ["ReadOnlyMany"])).toEqual(["RWO,ROX", "RWO,ROX,RWX"]);
    expect(best(m, claim({ size: "1Gi", modes: ["ReadOnlyMany"] }))).toBe("rwo-rox");
    expect(best(m, claim({ size: "1Gi", modes: ["ReadWriteMany"] }))).toBe("all");
    expect(best(m, claim({ size: "20Gi", modes: ["ReadOnlyMany"] }))).toBeUndefined();
  });

  it("keeps its indexes in step with updates and deletions", () => {
    let m = memoryOf(vol("v", { size: "1Gi" }));
    expect(best(m, claim({ size: "1Gi" }))).toBe("v");
    const bound = vol("v", { size: "1Gi", claimRef: { namespace: "default", name: "x" } }, "Bound");
    m = storeVolumeUpdate(m, bound).memory;
    expect(best(m, claim({ size: "1Gi" }))).toBeUndefined();
    // An older version (a late watch event) does not replace what the controller wrote.
    const stale = { ...vol("v", { size: "1Gi" }), metadata: { name: "v", resourceVersion: "1" } };
    expect(storeVolumeUpdate(m, stale).stored).toBe(false);
    m = deleteVolumeFromStore(m, "v");
    expect(m.volumes.size).toBe(0);
    expect(m.byClaim.size).toBe(0);
    expect(m.modeSets).toEqual({});
  });
});
