/**
 * StorageObjectInUseProtection admission (plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go),
 * driven by the Go test's table (admission_test.go TestAdmit) and through the API server's create path.
 */
import { describe, expect, it } from "vitest";
import cases from "../../../test/fixtures/fidelity/storage-object-in-use-protection.json" with { type: "json" };
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../config.ts";
import { handle } from "../handle.ts";
import { isStatus } from "../status.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { admissionChainOf } from "./chain.ts";
import { storageObjectInUseProtectionAdmission } from "./storage-object-in-use-protection.ts";

const PVCS = BUILTIN_BY_ID.get("persistentvolumeclaims")!;
const PVS = BUILTIN_BY_ID.get("persistentvolumes")!;
const PODS = BUILTIN_BY_ID.get("pods")!;
const claim: KObject = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
const volume: KObject = { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "v" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], nfs: { server: "nfs.example.com", path: "/v" } } };

describe("StorageObjectInUseProtection admission", () => {
  const s = bootstrap();
  const admit = (operation: "CREATE" | "UPDATE" | "DELETE", object: KObject, resource = PVCS, subresource?: string) =>
    storageObjectInUseProtectionAdmission.admit!(s, { operation, resource, namespace: object.metadata.namespace ?? "", name: object.metadata.name!, subresource, object });

  for (const c of cases) {
    it(`${c.description} (${c.resource}, ${c.source.split("#")[1]})`, () => {
      const r = admit("CREATE", c.object as KObject, BUILTIN_BY_ID.get(c.resource)!);
      expect(isStatus(r)).toBe(false);
      // undefined: the plug-in leaves the object as it is.
      const got = (r === undefined ? (c.object as KObject) : (r as KObject)).metadata.finalizers;
      expect(got).toEqual(c.expectedFinalizers);
    });
  }

  it("appends after the finalizers already there", () => {
    const r = admit("CREATE", { ...claim, metadata: { ...claim.metadata, finalizers: ["example.com/keep"] } }) as KObject;
    expect(r.metadata.finalizers).toEqual(["example.com/keep", "kubernetes.io/pvc-protection"]);
  });

  it("handles CREATE only (admission.NewHandler(admission.Create)), not subresources nor other resources", () => {
    expect(admit("UPDATE", claim)).toBeUndefined();
    expect(admit("CREATE", claim, PVCS, "status")).toBeUndefined();
    expect(admit("CREATE", volume, PVS, "status")).toBeUndefined();
    expect(admit("CREATE", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" } }, PODS)).toBeUndefined();
  });

  it("runs in the default chain after DefaultTolerationSeconds and before ResourceQuota (AllOrderedPlugins)", () => {
    expect(admissionChainOf(DEFAULT_CLUSTER_CONFIG).map((p) => p.name)).toEqual(["NamespaceLifecycle", "ServiceAccount", "Priority", "DefaultTolerationSeconds", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota"]);
  });

  it("a created claim and volume carry their finalizers; an update that drops one is not undone", () => {
    let st = bootstrap();
    const c = handle(st, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim });
    if (isStatus(c.result)) throw new Error(c.result.message);
    expect(c.result.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    const v = handle(c.state, { verb: "create", resource: "persistentvolumes", object: volume });
    if (isStatus(v.result)) throw new Error(v.result.message);
    expect(v.result.metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
    st = v.state;
    const { finalizers: _f, ...meta } = c.result.metadata;
    const u = handle(st, { verb: "update", resource: "persistentvolumeclaims", namespace: "default", name: "c", object: { ...c.result, metadata: meta } });
    if (isStatus(u.result)) throw new Error(u.result.message);
    expect(u.result.metadata.finalizers).toBeUndefined();
  });

  it("without the plug-in in the chain, a claim is created bare", () => {
    const base = bootstrap();
    const st = { ...base, config: { ...base.config, admission: base.config.admission.filter((a) => a.name !== "StorageObjectInUseProtection") } };
    const c = handle(st, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim });
    if (isStatus(c.result)) throw new Error(c.result.message);
    expect(c.result.metadata.finalizers).toBeUndefined();
  });
});
