/**
 * Validation of the core kinds besides pods and workloads. Follows pkg/apis/core/validation/validation.go
 * (ValidateService, ValidateNamespace, ValidateNode, ValidatePersistentVolume(Claim), ValidateSecret, ...).
 */
import type { KObject } from "../../objects/types.ts";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from "../../validation/names.ts";
import { FIELD_IMMUTABLE_ERROR_MSG, validateLabels } from "../../validation/metadata.ts";
import { invalid, required, notSupported, forbidden, duplicate, type FieldError } from "../../validation/field-error.ts";
import { validatePortNumOrName } from "./container.ts";
import { jsonEqual } from "../common.ts";
import { parseQuantity } from "../../quantity/index.ts";

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];

/** Go's %#v of the core.ServicePort key ValidateService reports a duplicate port with. */
const servicePortKeyText = (protocol: string, port: number) =>
  `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

/** follows validation.go (validateServicePort). */
function validateServicePort(p: any, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p?.name) errs.push(required(`${path}.name`));
  else if (p?.name) {
    for (const m of isDNS1123Label(p.name)) errs.push(invalid(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p?.port)) errs.push(invalid(`${path}.port`, p?.port ?? 0, m));
  if (!p?.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p?.targetPort, `${path}.targetPort`));
  if (typeof p?.appProtocol === "string") for (const m of isQualifiedName(p.appProtocol)) errs.push(invalid(`${path}.appProtocol`, p.appProtocol, m));
  return errs;
}

/**
 * follows validation.go (ValidateService), in its order, without the dual-stack ClusterIPs rules. Fields the
 * API server defaults before validating (allocateLoadBalancerNodePorts, externalTrafficPolicy for externally
 * reachable services, healthCheckNodePort, which the allocator sets after) are not required here.
 */
export function validateService(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  const headless = s.clusterIP === "None";
  const ports: any[] = Array.isArray(s.ports) ? s.ports : [];
  if (ports.length === 0 && !headless && s.type !== "ExternalName") errs.push(required("spec.ports"));
  if ((s.type === "LoadBalancer" || s.type === "NodePort") && headless) {
    errs.push(invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${s.type} services`));
  }
  if (s.type === "ExternalName") {
    if (s.clusterIP || (s.clusterIPs?.length ?? 0) > 0) errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if ((s.ipFamilies?.length ?? 0) > 0) errs.push(forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (s.ipFamilyPolicy) errs.push(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    // the CNAME may end in a dot (fully qualified)
    const cname = String(s.externalName ?? "").replace(/\.$/, "");
    if (cname.length > 0) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid("spec.externalName", cname, m));
    else errs.push(required("spec.externalName"));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (s.selector) errs.push(...validateLabels(s.selector, "spec.selector"));
  if (!s.sessionAffinity) errs.push(required("spec.sessionAffinity"));
  else if (!["ClientIP", "None"].includes(s.sessionAffinity)) errs.push(notSupported("spec.sessionAffinity", s.sessionAffinity, ["ClientIP", "None"]));
  if (s.sessionAffinity === "ClientIP") {
    const timeout = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (typeof timeout === "number" && (timeout <= 0 || timeout > 86400)) {
      errs.push(invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400"));
    }
  } else if (s.sessionAffinity === "None" && s.sessionAffinityConfig) {
    errs.push(forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  if (!s.type) errs.push(required("spec.type"));
  else if (!SERVICE_TYPES.includes(s.type)) errs.push(notSupported("spec.type", s.type, SERVICE_TYPES));
  if (s.type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p?.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p?.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p?.protocol}/${p?.port}`;
    if (portKeys.has(key)) errs.push({ ...duplicate(`spec.ports[${i}]`, key), badValueText: servicePortKeyText(p?.protocol ?? "", p?.port ?? 0) });
    portKeys.add(key);
  });
  if ((s.loadBalancerSourceRanges?.length ?? 0) > 0 && s.type !== "LoadBalancer") {
    errs.push(forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && s.allocateLoadBalancerNodePorts !== null && s.type !== "LoadBalancer") {
    errs.push(forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  // validateServiceExternalTrafficPolicy (apiservice.ExternallyAccessible / NeedsHealthCheck)
  const accessible = s.type === "LoadBalancer" || s.type === "NodePort" || (s.type === "ClusterIP" && (s.externalIPs?.length ?? 0) > 0);
  if (!accessible) {
    if (s.externalTrafficPolicy) errs.push(invalid("spec.externalTrafficPolicy", s.externalTrafficPolicy, "may only be set for externally-accessible services"));
  } else if (s.externalTrafficPolicy && !TRAFFIC_POLICIES.includes(s.externalTrafficPolicy)) {
    errs.push(notSupported("spec.externalTrafficPolicy", s.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  const needsHealthCheck = s.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";
  if (!needsHealthCheck && s.healthCheckNodePort) {
    errs.push(invalid("spec.healthCheckNodePort", s.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (needsHealthCheck && s.healthCheckNodePort) {
    for (const m of isValidPortNum(s.healthCheckNodePort)) errs.push(invalid("spec.healthCheckNodePort", s.healthCheckNodePort, m));
  }
  if (s.internalTrafficPolicy && !TRAFFIC_POLICIES.includes(s.internalTrafficPolicy)) {
    errs.push(notSupported("spec.internalTrafficPolicy", s.internalTrafficPolicy, TRAFFIC_POLICIES));
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
/** A claim's spec.resources.requests.storage, parsed; undefined when unset or not a quantity. */
export function storageRequest(o: KObject) {
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
