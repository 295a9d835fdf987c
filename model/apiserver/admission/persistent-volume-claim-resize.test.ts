/**
 * PersistentVolumeClaimResize admission (plugin/pkg/admission/storage/persistentvolume/resize/admission.go,
 * Validate). The cases of admission_test.go TestPVCResizeAdmission that do not need a StorageClass read the same
 * here; those whose class allows expansion cannot arise (no StorageClass is served), and read as its "class not
 * found" case: Forbidden.
 */
import { describe, expect, it } from "vitest";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { persistentVolumeClaimResizeAdmission } from "./persistent-volume-claim-resize.ts";

const PVCS = BUILTIN_BY_ID.get("persistentvolumeclaims")!;
const PODS = BUILTIN_BY_ID.get("pods")!;
const claim = (storage: string, phase?: string, storageClassName?: string): KObject =>
  ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data", namespace: "default" },
    spec: { accessModes: ["ReadWriteOnce"], volumeName: "pv-1", resources: { requests: { storage } }, ...(storageClassName ? { storageClassName } : {}) },
    ...(phase ? { status: { phase } } : {}),
  }) as KObject;

describe("PersistentVolumeClaimResize admission", () => {
  const s = bootstrap();
  const validate = (old: KObject, next: KObject, opts: { operation?: "CREATE" | "UPDATE"; subresource?: string; resource?: typeof PVCS } = {}) =>
    persistentVolumeClaimResizeAdmission.validate!(s, {
      operation: opts.operation ?? "UPDATE",
      resource: opts.resource ?? PVCS,
      namespace: "default",
      name: "data",
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
      object: next,
      oldObject: old,
    });

  it("lets a request stay the same, shrink (validation speaks to that) or change notation", () => {
    expect(validate(claim("1Gi", "Bound"), claim("1Gi", "Bound"))).toBeUndefined();
    expect(validate(claim("2Gi", "Bound"), claim("1Gi", "Bound"))).toBeUndefined();
    expect(validate(claim("1Gi", "Bound"), claim("1024Mi", "Bound"))).toBeUndefined();
  });

  it("refuses growing a claim that is not Bound: 403 'Only bound persistent volume claims can be expanded'", () => {
    for (const phase of [undefined, "Pending", "Lost"]) {
      expect(validate(claim("1Gi", phase), claim("2Gi", phase))).toMatchObject({
        code: 403,
        reason: "Forbidden",
        message: 'persistentvolumeclaims "data" is forbidden: Only bound persistent volume claims can be expanded',
      });
    }
  });

  it("refuses growing a Bound claim: its StorageClass (none is served) does not allow expansion", () => {
    for (const cls of [undefined, "standard"]) {
      expect(validate(claim("1Gi", "Bound", cls), claim("2Gi", "Bound", cls))).toMatchObject({
        code: 403,
        message: 'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
      });
    }
  });

  it("looks at updates of the claim itself only: not creates, subresources or other resources", () => {
    expect(validate(claim("1Gi", "Bound"), claim("2Gi", "Bound"), { operation: "CREATE" })).toBeUndefined();
    expect(validate(claim("1Gi", "Bound"), claim("2Gi", "Bound"), { subresource: "status" })).toBeUndefined();
    expect(validate(claim("1Gi", "Bound"), claim("2Gi", "Bound"), { resource: PODS })).toBeUndefined();
  });
});
