/**
 * The PV protection controller (pkg/controller/volume/pvprotection/pv_protection_controller.go): the Go test's
 * table (pv_protection_controller_test.go TestPVProtectionController; the two "fails -> controller retries" rows,
 * which need failing update reactors, are left out), then a Bound volume deleted in a full cluster.
 */
import { describe, expect, it } from "vitest";
import type { KObject } from "../../../objects/types.ts";
import type { State } from "../../../state.ts";
import { EffectLog } from "../../../effects.ts";
import { componentAt } from "../../../state.ts";
import { bootstrap } from "../../../bootstrap.ts";
import { settle } from "../../../settle.ts";
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from "../../../objects/storage-protection.ts";
import { pvProtectionController, PV_PROTECTION_ID } from "./controller.ts";
import { claim, clusterWithoutProtectionAdmission, getObject, must, run } from "../pvcprotection/protection.test-support.ts";

const volume = (finalizers?: readonly string[]): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pv1", ...(finalizers ? { finalizers } : {}) },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", nfs: { server: "nfs.example.com", path: "/pv1" } },
});

const TABLE = [
  { row: 0, name: "PV without finalizer -> finalizer is added", finalizer: false, deleted: false, bound: false, expected: [[PV_PROTECTION_FINALIZER]] },
  { row: 1, name: "PVC with finalizer -> no action", finalizer: true, deleted: false, bound: false, expected: [] },
  { row: 3, name: "deleted PV with finalizer -> finalizer is removed", finalizer: true, deleted: true, bound: false, expected: [[]] },
  { row: 5, name: "deleted PVC with finalizer + PV is bound -> finalizer is not removed", finalizer: true, deleted: true, bound: true, expected: [] },
] as const;

describe("PV protection controller (TestPVProtectionController)", () => {
  for (const t of TABLE) {
    it(`${t.name} [${t.row}]`, () => {
      let s: State = clusterWithoutProtectionAdmission();
      s = must(s, { verb: "create", resource: "persistentvolumes", object: volume(t.finalizer ? [PV_PROTECTION_FINALIZER] : undefined) }).state;
      if (t.bound) {
        const pv = getObject(s, "persistentvolumes", "pv1")!;
        s = must(s, { verb: "update", resource: "persistentvolumes", name: "pv1", subresource: "status", object: { ...pv, status: { phase: "Bound" } } }).state;
      }
      if (t.deleted) s = must(s, { verb: "delete", resource: "persistentvolumes", name: "pv1" }).state;
      s = run(s, { type: "informer.sync", component: PV_PROTECTION_ID, resource: "persistentvolumes" });
      const c = componentAt<null>(s, PV_PROTECTION_ID)!;
      const keys = pvProtectionController.keysFor("persistentvolumes", { type: "MODIFIED", object: getObject(s, "persistentvolumes", "pv1")! }, c);
      const log = new EffectLog();
      for (const key of keys) s = pvProtectionController.reconcile(s, componentAt<null>(s, PV_PROTECTION_ID)!, key, log).state;
      const updates = log.effects.filter((e) => e.kind === "request" && e.client === PV_PROTECTION_ID);
      expect(updates.map((e) => e.kind === "request" && [e.verb, e.resource, e.code])).toEqual(t.expected.map(() => ["update", "persistentvolumes", 200]));
      const after = getObject(s, "persistentvolumes", "pv1");
      if (t.deleted && t.expected.length > 0) expect(after).toBeUndefined();
      else expect(after!.metadata.finalizers).toEqual(t.expected.length > 0 ? t.expected[0] : t.finalizer ? [PV_PROTECTION_FINALIZER] : undefined);
    });
  }
});

describe("PV protection in a cluster", () => {
  const settled = (s: State) => settle(s).state;

  it("a deleted Bound volume stays (Bound, Terminating) until its claim is gone and it is released", () => {
    // The volume first, settled, then the claim (a claim that finds no volume waits for the binder's 15 s resync).
    let s = settled(must(bootstrap(), { verb: "create", resource: "persistentvolumes", object: volume() }).state);
    s = settled(must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("c") }).state);
    expect(getObject(s, "persistentvolumes", "pv1")!.status.phase).toBe("Bound");
    s = settled(must(s, { verb: "delete", resource: "persistentvolumes", name: "pv1" }).state);
    const held = getObject(s, "persistentvolumes", "pv1")!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toEqual([PV_PROTECTION_FINALIZER]);
    expect(held.status.phase).toBe("Bound");
    // The claim (no pod uses it) goes; the binder releases the volume; pv-protection lets it go.
    s = settled(must(s, { verb: "delete", resource: "persistentvolumeclaims", namespace: "default", name: "c" }).state);
    expect(getObject(s, "persistentvolumeclaims", "c", "default")).toBeUndefined();
    expect(getObject(s, "persistentvolumes", "pv1")).toBeUndefined();
  });

  it("a volume and a claim created without the plug-in get their finalizers from the controllers", () => {
    let s = clusterWithoutProtectionAdmission();
    s = must(s, { verb: "create", resource: "persistentvolumes", object: volume() }).state;
    s = must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("c") }).state;
    expect(getObject(s, "persistentvolumes", "pv1")!.metadata.finalizers).toBeUndefined();
    s = settled(s);
    expect(getObject(s, "persistentvolumes", "pv1")!.metadata.finalizers).toEqual([PV_PROTECTION_FINALIZER]);
    expect(getObject(s, "persistentvolumeclaims", "c", "default")!.metadata.finalizers).toEqual([PVC_PROTECTION_FINALIZER]);
  });
});
