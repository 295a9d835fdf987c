import { describe, expect, it } from "vitest";
import { settle } from "../../../settle.ts";
import { advance } from "../../../advance.ts";
import { cluster, createPv, createPvc, deletePvc, eventReasons, getPv, getPvc, must, pv, pvc } from "./pv.test-support.ts";

const bound = (s: ReturnType<typeof cluster>, claim: string) => getPvc(s, claim)?.spec?.volumeName;
/** Settles past one periodic sync: claims listed before their volumes became Available bind at the 15 s sync. */
const converge = (s: ReturnType<typeof cluster>) => advance(s, 20).state;

describe("PV controller: static binding", () => {
  it("binds a claim to the smallest volume that fits, both ways, with the binding annotations", () => {
    let s = cluster();
    for (const [n, size] of [["pv-1g", "1Gi"], ["pv-10g", "10Gi"], ["pv-5g", "5Gi"]] as const) s = createPv(s, pv(n, { size }));
    s = createPvc(s, pvc("data", { size: "2Gi" }));
    s = converge(s);
    const claim = getPvc(s, "data")!;
    const vol = getPv(s, "pv-5g")!;
    expect(claim.spec.volumeName).toBe("pv-5g");
    expect(claim.status).toEqual({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "5Gi" } });
    expect(claim.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(vol.status.phase).toBe("Bound");
    expect(vol.spec.claimRef).toMatchObject({ kind: "PersistentVolumeClaim", namespace: "default", name: "data", uid: claim.metadata.uid });
    expect(vol.metadata.annotations).toEqual({ "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(getPv(s, "pv-1g")!.status.phase).toBe("Available");
    expect(getPv(s, "pv-10g")!.status.phase).toBe("Available");
  });

  it("prefers the volumes with the fewest access modes that include the requested ones, then the smallest", () => {
    let s = cluster();
    s = createPv(s, pv("rwo", { size: "1Gi" }));
    s = createPv(s, pv("rwx-big", { size: "10Gi", modes: ["ReadWriteOnce", "ReadWriteMany"] }));
    s = createPv(s, pv("all-small", { size: "2Gi", modes: ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"] }));
    s = createPvc(s, pvc("shared", { size: "1Gi", modes: ["ReadWriteMany"] }));
    s = converge(s);
    expect(bound(s, "shared")).toBe("rwx-big");
  });

  it("matches storageClassName exactly; a class nothing offers cannot be provisioned", () => {
    let s = cluster();
    s = createPv(s, pv("slow", { size: "1Gi" }));
    s = createPv(s, pv("fast", { size: "5Gi", class: "fast" }));
    s = createPvc(s, pvc("a", { size: "1Gi", class: "fast" }));
    s = createPvc(s, pvc("b", { size: "1Gi", class: "gold" }));
    s = converge(s);
    expect(bound(s, "a")).toBe("fast");
    expect(getPvc(s, "b")!.status.phase).toBe("Pending");
    expect(eventReasons(s, "b")).toEqual(["ProvisioningFailed"]);
  });

  it("leaves a claim nothing fits Pending, and binds it at the periodic sync after a volume appears", () => {
    let s = cluster();
    s = createPv(s, pv("small", { size: "1Gi" }));
    s = createPvc(s, pvc("big", { size: "100Gi" }));
    s = converge(s);
    expect(getPvc(s, "big")!.status.phase).toBe("Pending");
    expect(eventReasons(s, "big")).toEqual(["FailedBinding"]);
    s = createPv(s, pv("huge", { size: "200Gi" }));
    s = settle(s).state;
    // A new volume does not wake the claims: the claim waits for the 15 s sync.
    expect(getPvc(s, "big")!.status.phase).toBe("Pending");
    s = advance(s, 16).state;
    expect(bound(s, "big")).toBe("huge");
    expect(getPv(s, "huge")!.status.phase).toBe("Bound");
  });

  it("binds a pre-bound claim to the volume it names, and refuses one that does not satisfy it", () => {
    let s = cluster();
    s = createPv(s, pv("small", { size: "1Gi" }));
    s = createPv(s, pv("named", { size: "8Gi" }));
    s = createPv(s, pv("tiny", { size: "100Mi" }));
    s = createPvc(s, pvc("mine", { size: "1Gi", volumeName: "named" }));
    s = createPvc(s, pvc("toobig", { size: "1Gi", volumeName: "tiny" }));
    s = converge(s);
    expect(getPvc(s, "mine")!.status.phase).toBe("Bound");
    expect(getPv(s, "named")!.spec.claimRef.name).toBe("mine");
    // The user bound it: no bound-by-controller annotation on the claim.
    expect(getPvc(s, "mine")!.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes" });
    expect(getPvc(s, "toobig")!.status.phase).toBe("Pending");
    expect(eventReasons(s, "toobig")).toEqual(["VolumeMismatch"]);
    expect(getPv(s, "tiny")!.status.phase).toBe("Available");
  });

  it("keeps a volume pre-bound to a claim name Available for that claim only", () => {
    let s = cluster();
    s = createPv(s, pv("reserved", { size: "1Gi", claimRef: { namespace: "default", name: "owner" } }));
    s = createPvc(s, pvc("other", { size: "1Gi" }));
    s = converge(s);
    expect(getPv(s, "reserved")!.status.phase).toBe("Available");
    expect(getPvc(s, "other")!.status.phase).toBe("Pending");
    s = createPvc(s, pvc("owner", { size: "1Gi" }));
    s = converge(s);
    expect(bound(s, "owner")).toBe("reserved");
    // A user's pre-binding: the volume gets the uid but not the bound-by-controller annotation.
    expect(getPv(s, "reserved")!.metadata.annotations).toBeUndefined();
    expect(getPv(s, "reserved")!.spec.claimRef.uid).toBe(getPvc(s, "owner")!.metadata.uid);
  });

  it("marks a claim Lost when its volume is deleted (past the pv-protection finalizer, which an administrator removed)", () => {
    let s = cluster();
    s = createPv(s, pv("v", { size: "1Gi" }));
    s = createPvc(s, pvc("c", { size: "1Gi" }));
    s = converge(s);
    s = must(s, { verb: "delete", resource: "persistentvolumes", name: "v" });
    s = converge(s);
    // pv-protection holds the Bound volume: the claim keeps it.
    expect(getPvc(s, "c")!.status.phase).toBe("Bound");
    expect(getPv(s, "v")!.metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
    const held = getPv(s, "v")!;
    const { finalizers: _f, ...meta } = held.metadata;
    s = must(s, { verb: "update", resource: "persistentvolumes", name: "v", object: { ...held, metadata: meta } });
    s = converge(s);
    expect(getPv(s, "v")).toBeUndefined();
    expect(getPvc(s, "c")!.status.phase).toBe("Lost");
    expect(eventReasons(s, "c")).toContain("ClaimLost");
  });
});

describe("PV controller: reclaim policies", () => {
  const boundPair = (policy: "Retain" | "Delete" | "Recycle", source: "nfs" | "gce" | "iscsi" | `hostPath:${string}` = "gce") => {
    let s = cluster();
    s = createPv(s, pv("v", { size: "1Gi", policy, source }));
    s = createPvc(s, pvc("c", { size: "1Gi" }));
    s = converge(s);
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
    return converge(deletePvc(s, "c"));
  };

  it("Retain: the volume is Released and keeps its claimRef and data", () => {
    const s = boundPair("Retain");
    expect(getPv(s, "v")!.status.phase).toBe("Released");
    expect(getPv(s, "v")!.spec.claimRef.name).toBe("c");
    // A new claim with the same name does not get the old volume back.
    const t = converge(createPvc(s, pvc("c", { size: "1Gi" })));
    expect(getPvc(t, "c")!.status.phase).toBe("Pending");
    expect(getPv(t, "v")!.status.phase).toBe("Released");
  });

  it("Retain: re-bound by hand to a new claim (claimRef with its uid, the claim naming the volume), the Released volume is Bound again", () => {
    let s = boundPair("Retain");
    s = converge(createPvc(s, pvc("d", { size: "1Gi", volumeName: "v" })));
    // v still points to the deleted claim c: d waits (syncUnboundClaim: "already bound to a different claim").
    expect(getPvc(s, "d")!.status.phase).toBe("Pending");
    expect(getPv(s, "v")!.status.phase).toBe("Released");
    const v = getPv(s, "v")!;
    const ref = { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "default", name: "d", uid: getPvc(s, "d")!.metadata.uid };
    s = settle(must(s, { verb: "update", resource: "persistentvolumes", name: "v", object: { ...v, spec: { ...v.spec, claimRef: ref } } })).state;
    // syncVolume finds d in its cache naming v ("all is bound"): Released → Bound. It does not queue the claim:
    // d's side is finished by its next periodic sync (syncUnboundClaim → bind).
    expect(getPv(s, "v")!.status.phase).toBe("Bound");
    expect(getPvc(s, "d")!.status.phase).toBe("Pending");
    s = converge(s);
    expect(getPvc(s, "d")!.status.phase).toBe("Bound");
    expect(bound(s, "d")).toBe("v");
  });

  it("Delete: the volume's deleter runs and the PV is deleted", () => {
    const s = boundPair("Delete");
    expect(getPv(s, "v")).toBeUndefined();
  });

  it("Delete on a volume without a deleter (nfs, hostPath outside /tmp): Failed", () => {
    for (const src of ["nfs", "hostPath:/data/v"] as const) {
      const s = boundPair("Delete", src);
      expect(getPv(s, "v")!.status.phase).toBe("Failed");
      expect(eventReasons(s, "v")).toContain("VolumeFailedDelete");
    }
    expect(getPv(boundPair("Delete", "hostPath:/tmp/v"), "v")).toBeUndefined();
  });

  it("Recycle: the recycler scrubs the volume after a while and it is Available again, for a new claim", () => {
    let s = boundPair("Recycle", "nfs");
    expect(getPv(s, "v")!.status.phase).toBe("Available");
    expect(getPv(s, "v")!.spec.claimRef).toBeUndefined();
    expect(eventReasons(s, "v")).toContain("VolumeRecycled");
    s = converge(createPvc(s, pvc("again", { size: "1Gi" })));
    expect(bound(s, "again")).toBe("v");
  });

  it("Recycle on a volume with no recycler plugin: Failed", () => {
    const s = boundPair("Recycle", "gce");
    expect(getPv(s, "v")!.status.phase).toBe("Failed");
    expect(eventReasons(s, "v")).toContain("VolumeFailedRecycle");
  });
});
