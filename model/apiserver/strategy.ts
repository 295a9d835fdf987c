/**
 * Per-kind create and update preparation (the REST strategies' PrepareForCreate / PrepareForUpdate).
 * Follows pkg/registry/core/pod/strategy.go, pkg/registry/core/namespace/strategy.go,
 * pkg/registry/apps/deployment/strategy.go and friends: a new object's status is reset, a main-resource update
 * keeps the old status, a status update keeps the old spec.
 */
import type { KObject } from "../objects/types.ts";
import { podQOSClass } from "../objects/qos.ts";
import type { ResourceInfo } from "./resources.ts";

export function prepareForCreate(info: ResourceInfo, obj: KObject): KObject {
  switch (info.kind) {
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
      return { ...obj, status: { phase: "Pending" } };
    case "PersistentVolumeClaim":
      return { ...obj, status: { phase: "Pending" } };
    case "Node":
      return obj;
    default:
      if (!info.hasStatus) return obj;
      // Workloads start with an empty status that their controller fills in.
      const { status: _s, ...rest } = obj;
      return rest as KObject;
  }
}

/** A main-resource update keeps the old status (for resources with a status subresource). */
export function prepareForUpdate(info: ResourceInfo, next: KObject, old: KObject): KObject {
  if (!info.hasStatus || info.kind === "Node") return next;
  if (info.kind === "Namespace") return { ...next, status: old.status };
  return old.status === undefined ? (({ status: _s, ...rest }) => rest as KObject)(next) : { ...next, status: old.status };
}

/** A status update changes only the status (and keeps spec and metadata of the stored object). */
export function prepareForStatusUpdate(next: KObject, old: KObject): KObject {
  // pkg/registry/apps/deployment/strategy.go (deploymentStatusStrategy.PrepareForUpdate): spec and labels are
  // reset; annotations pass through (the deployment controller records its revision with UpdateStatus).
  if (old.kind === "Deployment") {
    const { annotations: _a, ...meta } = old.metadata;
    const annotations = next.metadata?.annotations;
    return { ...old, metadata: annotations ? { ...meta, annotations } : meta, status: next.status };
  }
  return { ...old, status: next.status };
}
