/**
 * Validation of the core kinds besides pods and workloads. Follows pkg/apis/core/validation/validation.go
 * (ValidateService, ValidateNamespace, ValidateNode, ValidatePersistentVolume(Claim), ValidateSecret, ...).
 */
import type { KObject } from "../../objects/types.ts";
import { isDNS1123Label, isValidPortName, isValidPortNum } from "../../validation/names.ts";
import { FIELD_IMMUTABLE_ERROR_MSG } from "../../validation/metadata.ts";
import { invalid, required, notSupported, forbidden, type FieldError } from "../../validation/field-error.ts";
import { jsonEqual } from "../common.ts";
import { parseQuantity } from "../../quantity/index.ts";

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/** follows validation.go (ValidateService), the parts the model uses. */
export function validateService(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (!SERVICE_TYPES.includes(s.type)) errs.push(notSupported("spec.type", s.type, SERVICE_TYPES));
  const headless = s.clusterIP === "None";
  const ports: any[] = s.ports ?? [];
  if (ports.length === 0 && !headless && s.type !== "ExternalName") errs.push(required("spec.ports"));
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
    if (p.name) {
      // validateServicePort checks a service port name as a DNS-1123 label, not as an IANA service name (a
      // container port name): kubectl create service names ports "80-8080".
      for (const m of isDNS1123Label(p.name)) errs.push(invalid(`${path}.name`, p.name, m));
      if (names.has(p.name)) errs.push({ type: "FieldValueDuplicate", field: `${path}.name`, badValue: p.name, detail: "" });
      names.add(p.name);
    }
    for (const m of isValidPortNum(p.port)) errs.push(invalid(`${path}.port`, p.port, m));
    if (typeof p.targetPort === "number") for (const m of isValidPortNum(p.targetPort)) errs.push(invalid(`${path}.targetPort`, p.targetPort, m));
    else if (typeof p.targetPort === "string") for (const m of isValidPortName(p.targetPort)) errs.push(invalid(`${path}.targetPort`, p.targetPort, m));
    if (p.nodePort !== undefined) {
      if (s.type === "ClusterIP") errs.push({ type: "FieldValueForbidden", field: `${path}.nodePort`, detail: "may not be used when `type` is 'ClusterIP'" });
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push({ type: "FieldValueDuplicate", field: `${path}.nodePort`, badValue: p.nodePort, detail: "" });
      nodePorts.add(key);
    }
  });
  if (!["None", "ClientIP"].includes(s.sessionAffinity)) errs.push(notSupported("spec.sessionAffinity", s.sessionAffinity, ["ClientIP", "None"]));
  const timeout = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (s.sessionAffinity === "ClientIP" && typeof timeout === "number" && (timeout <= 0 || timeout > 86400)) {
    errs.push(invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400"));
  }
  return errs;
}

/** spec.clusterIP is immutable once set (ValidateServiceUpdate). */
export function validateServiceUpdate(n: KObject, o: KObject): FieldError[] {
  const errs = validateService(n);
  if (o.spec?.clusterIP && n.spec?.clusterIP !== o.spec.clusterIP && o.spec.type !== "ExternalName" && n.spec?.type !== "ExternalName") {
    errs.push(invalid("spec.clusterIP", n.spec?.clusterIP, FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}

const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
const RECLAIM = ["Delete", "Recycle", "Retain"];

export function validatePersistentVolume(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (!s.capacity?.storage) errs.push(required("spec.capacity"));
  const modes: string[] = s.accessModes ?? [];
  if (modes.length === 0) errs.push(required("spec.accessModes"));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported("spec.accessModes", m, ACCESS_MODES));
  if (!RECLAIM.includes(s.persistentVolumeReclaimPolicy)) errs.push(notSupported("spec.persistentVolumeReclaimPolicy", s.persistentVolumeReclaimPolicy, RECLAIM));
  return errs;
}

export function validatePersistentVolumeClaim(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  const modes: string[] = s.accessModes ?? [];
  if (modes.length === 0) errs.push(required("spec.accessModes", "at least 1 access mode is required"));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported("spec.accessModes", m, ACCESS_MODES));
  if (!s.resources?.requests?.storage) errs.push(required("spec.resources.requests[storage]"));
  return errs;
}

/** A claim's storage request, parsed (undefined when absent or not a quantity). */
function storageRequest(o: KObject) {
  const q = o.spec?.resources?.requests?.storage;
  if (q === undefined) return undefined;
  try {
    return parseQuantity(String(q));
  } catch {
    return undefined;
  }
}

/**
 * A claim's spec is immutable once created (quota and limits are enforced on it), with two exceptions: the PV
 * controller sets spec.volumeName once, when it is empty, and a Bound claim's storage request may grow
 * (expansion), never shrink. follows validation.go (ValidatePersistentVolumeClaimUpdate), without the
 * beta storage-class annotation upgrade and volumeAttributesClassName, which the model does not have.
 */
export function validatePersistentVolumeClaimUpdate(n: KObject, o: KObject): FieldError[] {
  const errs = validatePersistentVolumeClaim(n);
  const oldSpec: Record<string, any> = { ...(o.spec ?? {}) };
  const newSpec: Record<string, any> = { ...(n.spec ?? {}) };
  // "PVController needs to update PVC.Spec w/ VolumeName ... volumeName changes are allowed once."
  if (!o.spec?.volumeName) oldSpec.volumeName = newSpec.volumeName;
  const oldSize = storageRequest(o);
  const newSize = storageRequest(n);
  // A Bound claim's request may change (checked below); otherwise only its notation may ("1Gi" is "1024Mi", as
  // Semantic.DeepEqual compares quantities).
  const sameSize = oldSize !== undefined && newSize !== undefined && oldSize.cmp(newSize) === 0;
  if (newSpec.resources?.requests && (n.status?.phase === "Bound" || sameSize)) {
    newSpec.resources = { ...newSpec.resources, requests: { ...newSpec.resources.requests, storage: o.spec?.resources?.requests?.storage } };
  }
  if (!jsonEqual(newSpec, oldSpec)) errs.push(forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
  if (oldSize && newSize && newSize.cmp(oldSize) < 0) errs.push(forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
  return errs;
}

export function validateNamespaceSpec(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of o.spec?.finalizers ?? []) if (typeof f !== "string" || f === "") errs.push(invalid("spec.finalizers", f, "must be a qualified name"));
  return errs;
}
