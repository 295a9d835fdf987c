/**
 * The HPA's scale target: what the scale subresource (autoscaling/v1 Scale) of spec.scaleTargetRef says —
 * spec.replicas, status.replicas and status.selector — and how the controller writes a new size.
 *
 * Follows pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler: ParseGroupVersion, RESTMappings,
 * scaleForResourceMappings) and the scale subresources of pkg/registry/apps/deployment/storage/storage.go,
 * pkg/registry/apps/replicaset/storage/storage.go and pkg/registry/core/replicationcontroller/storage/storage.go
 * (scaleFromDeployment, scaleFromReplicaSet, scaleFromRC: the selector is the label selector's String()).
 *
 * Model difference: Kubernetes GETs the scale subresource from the API server on every reconcile; the model reads
 * the target from the controller's own informer cache (so a lagging cache can make the HPA compute from an old
 * size). The write is a merge patch of spec.replicas, which is what a scale update does to the object.
 */
import type { ComponentState } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { cacheGet } from "../../informers/cache.ts";
import { labelSelectorAsSelectorCached, selectorFromSet } from "../../labels/index.ts";

/** The resources the model can scale, by group and kind (the RESTMapper's answer for scalable kinds). */
const SCALABLE: readonly { readonly group: string; readonly kind: string; readonly resource: string }[] = [
  { group: "apps", kind: "Deployment", resource: "deployments.apps" },
  { group: "apps", kind: "ReplicaSet", resource: "replicasets.apps" },
  { group: "", kind: "ReplicationController", resource: "replicationcontrollers" },
];

/** The resource ids of every scalable kind (the controller watches them all). */
export const SCALABLE_RESOURCES: readonly string[] = SCALABLE.map((s) => s.resource);

/** The scale of a target, as the scale subresource reports it. */
export interface TargetScale {
  /** Resource id of the target, e.g. "deployments.apps". */
  readonly resource: string;
  readonly name: string;
  /** scale.spec.replicas. */
  readonly specReplicas: number;
  /** scale.status.replicas (the pods the workload has now, surge included). */
  readonly statusReplicas: number;
  /** scale.status.selector: the label selector as text; "" when the target has none. */
  readonly selector: string;
}

/** A scale or why it could not be had (the FailedGetScale message). */
export type ScaleLookup = { readonly ok: true; readonly scale: TargetScale } | { readonly ok: false; readonly error: string };

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). Follows schema.ParseGroupVersion. */
function groupOf(apiVersion: string): { group: string } | { error: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "" };
  if (parts.length === 2) return { group: parts[0]! };
  return { error: `unexpected GroupVersion string: ${apiVersion}` };
}

/** The selector text of a target (Selector.String()), or an error when its selector does not parse. */
function selectorText(resource: string, obj: KObject): { text: string } | { error: string } {
  try {
    if (resource === "replicationcontrollers") return { text: selectorFromSet(obj.spec?.selector ?? {}).toString() };
    return { text: labelSelectorAsSelectorCached(obj.spec?.selector).toString() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Reads the scale of the HPA's target from the controller's caches. */
export function getScale(c: ComponentState, hpa: KObject): ScaleLookup {
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const kind: string = ref.kind ?? "";
  const name: string = ref.name ?? "";
  const gv = groupOf(ref.apiVersion ?? "");
  if ("error" in gv) return { ok: false, error: gv.error };
  const mapping = SCALABLE.find((s) => s.group === gv.group && s.kind === kind);
  if (!mapping) return { ok: false, error: `no matches for kind "${kind}" in group "${gv.group}"` };
  const obj = cacheGet(c, mapping.resource, `${hpa.metadata.namespace}/${name}`);
  if (!obj) return { ok: false, error: `${mapping.resource} "${name}" not found` };
  const sel = selectorText(mapping.resource, obj);
  if ("error" in sel) return { ok: false, error: sel.error };
  return {
    ok: true,
    scale: {
      resource: mapping.resource,
      name,
      specReplicas: typeof obj.spec?.replicas === "number" ? obj.spec.replicas : 1,
      statusReplicas: typeof obj.status?.replicas === "number" ? obj.status.replicas : 0,
      selector: sel.text,
    },
  };
}
