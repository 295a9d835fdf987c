/**
 * Per-kind create and update preparation (the REST strategies' PrepareForCreate / PrepareForUpdate).
 * Follows pkg/registry/core/pod/strategy.go, pkg/registry/core/namespace/strategy.go,
 * pkg/registry/apps/deployment/strategy.go and friends: a new object's status is reset, a main-resource update
 * keeps the old status, a status update keeps the old spec.
 */
import type { KObject } from "../objects/types.ts";
import { podQOSClass } from "../objects/qos.ts";
import type { ResourceInfo } from "./resources.ts";
import { timestamp } from "../clock.ts";

export function prepareForCreate(info: ResourceInfo, obj: KObject, now = 0): KObject {
  switch (info.kind) {
    case "CustomResourceDefinition":
      return info.group === "apiextensions.k8s.io" ? establishedCrd(obj, now) : withoutStatus(info, obj);
    case "Pod":
      return { ...obj, status: { phase: "Pending", qosClass: podQOSClass(obj.spec) } };
    case "Namespace": {
      // follows pkg/registry/core/namespace/strategy.go (PrepareForCreate): phase Active, and the "kubernetes"
      // finalizer appended to whatever finalizers the creator set.
      const finalizers: string[] = [...(obj.spec?.finalizers ?? [])];
      if (!finalizers.includes("kubernetes")) finalizers.push("kubernetes");
      return { ...obj, spec: { ...(obj.spec ?? {}), finalizers }, status: { phase: "Active" } };
    }
    case "PersistentVolume":
      // pkg/registry/core/persistentvolume/strategy.go (PrepareForCreate): PersistentVolumeLastPhaseTransitionTime
      // is GA since v1.31, so a new volume is Pending as of now.
      return { ...obj, status: { phase: "Pending", lastPhaseTransitionTime: timestamp(now) } };
    case "Service":
      // pkg/registry/core/service/strategy.go (PrepareForCreate): the status is reset to an empty ServiceStatus,
      // which serializes as loadBalancer: {} (a struct, not omitted) until a load balancer controller fills it.
      return { ...obj, status: { loadBalancer: {} } };
    case "PersistentVolumeClaim":
      return { ...obj, status: { phase: "Pending" } };
    case "Node":
      return obj;
    default:
      return withoutStatus(info, obj);
  }
}

/** Workloads start with an empty status that their controller fills in. */
function withoutStatus(info: ResourceInfo, obj: KObject): KObject {
  if (!info.hasStatus) return obj;
  const { status: _s, ...rest } = obj;
  return rest as KObject;
}

/**
 * A new CRD's status. PrepareForCreate (apiextensions-apiserver pkg/registry/customresourcedefinition/strategy.go)
 * records the storage version in status.storedVersions; then, within moments, the naming controller
 * (pkg/controller/status/naming_controller.go) accepts the names (NamesAccepted, "NoConflicts") and the establishing
 * controller (pkg/controller/establish/establishing_controller.go) marks it Established ("InitialNamesAccepted").
 * The model serves a CRD's resource from its creation on, so it writes what those two controllers would have at
 * once: `kubectl wait --for=condition=Established` and clients that look for the condition see it. (A name
 * conflict between CRDs, which would leave NamesAccepted False, is not modelled.)
 */
function establishedCrd(obj: KObject, now: number): KObject {
  const versions: any[] = obj.spec?.versions ?? [];
  const storage = versions.find((v) => v?.storage)?.name ?? versions[0]?.name;
  const at = timestamp(now);
  return {
    ...obj,
    status: {
      conditions: [
        { type: "NamesAccepted", status: "True", lastTransitionTime: at, reason: "NoConflicts", message: "no conflicts found" },
        { type: "Established", status: "True", lastTransitionTime: at, reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
      ],
      // The names as defaulted (apiextensions v1 defaults.go SetDefaults_CustomResourceDefinitionSpec).
      acceptedNames: { singular: String(obj.spec?.names?.kind ?? "").toLowerCase(), listKind: `${obj.spec?.names?.kind ?? ""}List`, ...(obj.spec?.names ?? {}) },
      storedVersions: storage ? [storage] : [],
    },
  };
}

/** A main-resource update keeps the old status (for resources with a status subresource). */
export function prepareForUpdate(info: ResourceInfo, next: KObject, old: KObject): KObject {
  if (!info.hasStatus || info.kind === "Node") return next;
  if (info.kind === "Namespace") return { ...next, status: old.status };
  return old.status === undefined ? (({ status: _s, ...rest }) => rest as KObject)(next) : { ...next, status: old.status };
}

/**
 * A status update changes only the status (and keeps spec and metadata of the stored object). A PersistentVolume's
 * lastPhaseTransitionTime is kept while the phase stays and set to `now` when the phase changes and the writer did
 * not set a new one. Follows pkg/registry/core/persistentvolume/strategy.go (persistentvolumeStatusStrategy
 * PrepareForUpdate).
 */
export function prepareForStatusUpdate(next: KObject, old: KObject, now = 0): KObject {
  if (old.kind === "PersistentVolume") return { ...old, status: withPhaseTransitionTime(next.status ?? {}, old.status ?? {}, now) };
  // pkg/registry/apps/deployment/strategy.go (deploymentStatusStrategy.PrepareForUpdate): spec and labels are
  // reset; annotations pass through (the deployment controller records its revision with UpdateStatus).
  if (old.kind === "Deployment") {
    const { annotations: _a, ...meta } = old.metadata;
    const annotations = next.metadata?.annotations;
    return { ...old, metadata: annotations ? { ...meta, annotations } : meta, status: next.status };
  }
  return { ...old, status: next.status };
}

/** The PV status with lastPhaseTransitionTime as the PV status strategy leaves it (see prepareForStatusUpdate). */
function withPhaseTransitionTime(status: Record<string, any>, oldStatus: Record<string, any>, now: number): Record<string, any> {
  const given = status.lastPhaseTransitionTime;
  if (oldStatus.phase === status.phase) {
    if (given !== undefined && given !== null) return status;
    if (oldStatus.lastPhaseTransitionTime === undefined) return status;
    return { ...status, lastPhaseTransitionTime: oldStatus.lastPhaseTransitionTime };
  }
  if (given === undefined || given === null || given === oldStatus.lastPhaseTransitionTime) return { ...status, lastPhaseTransitionTime: timestamp(now) };
  return status;
}
