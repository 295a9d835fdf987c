import { describe, expect, it } from "vitest";
import { bootstrap } from "../model/bootstrap.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";
import { pvAvailableUnclaimed, pvBindingsSymmetric, pvBoundOnce, pvClaimKeepsVolume } from "./storage.ts";

function req(s: State, r: ApiRequest): { state: State; obj: KObject } {
  const out = handle(s, r);
  if (isStatus(out.result)) throw new Error(out.result.message);
  return { state: out.state, obj: out.result };
}

const volume = (name: string): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", gcePersistentDisk: { pdName: name } },
});
const claim = (name: string, volumeName?: string): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...(volumeName ? { volumeName } : {}) },
});

/** Sets a volume's claimRef (to a claim object, by name only, or none) and its phase, in two writes. */
function setVolume(s: State, name: string, ref: KObject | { name: string } | null, phase: string): State {
  const cur = req(s, { verb: "get", resource: "persistentvolumes", name }).obj;
  const claimRef = ref === null ? undefined : "metadata" in ref ? { namespace: "default", name: ref.metadata.name, uid: ref.metadata.uid } : { namespace: "default", name: ref.name };
  const { claimRef: _old, ...spec } = cur.spec;
  s = req(s, { verb: "update", resource: "persistentvolumes", name, object: { ...cur, spec: claimRef ? { ...spec, claimRef } : spec } }).state;
  const now = req(s, { verb: "get", resource: "persistentvolumes", name }).obj;
  return req(s, { verb: "update", resource: "persistentvolumes", name, subresource: "status", object: { ...now, status: { phase } } }).state;
}

function setClaimPhase(s: State, name: string, phase: string): State {
  const cur = req(s, { verb: "get", resource: "persistentvolumeclaims", namespace: "default", name }).obj;
  return req(s, { verb: "update", resource: "persistentvolumeclaims", namespace: "default", name, subresource: "status", object: { ...cur, status: { phase } } }).state;
}

/**
 * The cluster without the StorageObjectInUseProtection admission plug-in: a delete removes a claim or a volume at
 * once (as a force-removal of the protection finalizer does), which is what these checks are about.
 */
function unprotected(): State {
  const s = bootstrap();
  return { ...s, config: { ...s.config, admission: s.config.admission.filter((a) => a.name !== "StorageObjectInUseProtection") } };
}

/** A cluster with volume v and claim a bound to each other (both Bound); also returns the claim. */
function boundPair(): { s: State; a: KObject } {
  let s = req(unprotected(), { verb: "create", resource: "persistentvolumes", object: volume("v") }).state;
  const created = req(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("a", "v") });
  s = setVolume(created.state, "v", created.obj, "Bound");
  s = setClaimPhase(s, "a", "Bound");
  return { s, a: created.obj };
}

describe("pv-bound-to-one-claim", () => {
  it("holds for a volume and a claim bound to each other", () => {
    const { s } = boundPair();
    expect(pvBoundOnce.check(s)).toEqual([]);
  });

  it("flags a second Bound claim on one volume", () => {
    const { s } = boundPair();
    const t = setClaimPhase(req(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("b", "v") }).state, "b", "Bound");
    const uid = req(s, { verb: "get", resource: "persistentvolumes", name: "v" }).obj.spec.claimRef.uid;
    expect(pvBoundOnce.check(t, s).map((v) => v.message)).toEqual([
      `claim default/b is Bound to v but the volume's claimRef points to default/a (uid ${uid})`,
      "volume v is bound to 2 claims: default/a, default/b",
    ]);
  });

  it("allows a Bound claim whose volume has no claimRef (being re-bound), and only checks steps that bind", () => {
    const { s } = boundPair();
    const t = setVolume(s, "v", null, "Available");
    expect(pvBoundOnce.check(t, s)).toEqual([]);
    const u = req(t, { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } } }).state;
    expect(pvBoundOnce.check(u, t)).toEqual([]);
  });
});

describe("pv-bound-claim-keeps-volume", () => {
  it("flags a volume Released while its claim exists and names it, and a Bound claim whose volume is deleted", () => {
    const { s } = boundPair();
    const released = setVolume(s, "v", req(s, { verb: "get", resource: "persistentvolumeclaims", namespace: "default", name: "a" }).obj, "Released");
    expect(pvClaimKeepsVolume.check(released, s).map((v) => v.message)).toEqual(["volume v is Released but its claim default/a (Bound) still exists and is bound to it"]);
    const deleted = req(s, { verb: "delete", resource: "persistentvolumes", name: "v" }).state;
    expect(pvClaimKeepsVolume.check(deleted, s).map((v) => v.message)).toEqual(["volume v is deleted but its claim default/a (Bound) still exists and is bound to it"]);
  });

  it("holds when the claim is gone before its volume is released, or another claim took its name", () => {
    const { s, a } = boundPair();
    const gone = req(s, { verb: "delete", resource: "persistentvolumeclaims", namespace: "default", name: "a" }).state;
    const released = setVolume(gone, "v", a, "Released");
    expect(pvClaimKeepsVolume.check(released, gone)).toEqual([]);
    const again = req(gone, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("a", "v") }).state;
    const released2 = setVolume(again, "v", a, "Released");
    expect(pvClaimKeepsVolume.check(released2, again)).toEqual([]);
  });
});

describe("pv-bindings-symmetric", () => {
  it("holds for a bound pair", () => {
    expect(pvBindingsSymmetric.check(boundPair().s)).toEqual([]);
  });

  it("flags a Bound volume whose claim is Pending and a Bound claim whose volume is not Bound", () => {
    const { s } = boundPair();
    const pending = setClaimPhase(s, "a", "Pending");
    expect(pvBindingsSymmetric.check(pending).map((v) => v.message)).toEqual(['volume v is Bound but its claim default/a is Pending with volumeName "v"']);
    const a = req(s, { verb: "get", resource: "persistentvolumeclaims", namespace: "default", name: "a" }).obj;
    const available = setVolume(s, "v", a, "Available");
    expect(pvBindingsSymmetric.check(available).map((v) => v.message)).toEqual(['claim default/a is Bound to "v" but the volume is Available']);
  });
});

describe("pv-available-unclaimed", () => {
  it("flags an Available volume with a claim uid, not one reserved for a claim name", () => {
    const { s, a } = boundPair();
    expect(pvAvailableUnclaimed.check(setVolume(s, "v", a, "Available")).map((v) => v.message)).toEqual([`volume v is Available but bound to claim default/a (uid ${a.metadata.uid})`]);
    expect(pvAvailableUnclaimed.check(setVolume(s, "v", { name: "a" }, "Available"))).toEqual([]);
    expect(pvAvailableUnclaimed.check(s)).toEqual([]);
  });
});
