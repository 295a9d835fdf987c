/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload's replica count, for kubectl scale and the
 * HorizontalPodAutoscaler. Follows pkg/registry/apps/deployment/storage/storage.go and
 * pkg/registry/apps/replicaset/storage/storage.go (ScaleREST, scaleFromDeployment / scaleFromReplicaSet,
 * scaleUpdatedObjectInfo), pkg/registry/core/replicationcontroller/storage/storage.go (scaleFromRC) and
 * staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/etcd.go (ScaleREST,
 * scaleFromCustomResource) with customresource/validator.go (ValidateScaleSpec) for a CRD's resource.
 *
 * A get answers the Scale of the stored object; an update or a merge patch of the Scale changes only the
 * object's spec.replicas (by the object's own update path: update.ts), a resourceVersion in the Scale being the
 * update's precondition. The model's admission sees that write as an update of the object itself (upstream's
 * admission sees the Scale, subresource "scale").
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { labelSelectorAsSelector, selectorFromSet } from "../labels/index.ts";
import { invalid } from "../validation/field-error.ts";
import { validateObjectMeta, nameIsDNSSubdomain } from "../validation/metadata.ts";
import { existing, qualified, target } from "./common.ts";
import type { ApiResult } from "./create.ts";
import { mergePatch } from "./merge-patch.ts";
import { BUILTIN_BY_ID, resourceId, type ResourceInfo } from "./resources.ts";
import { badRequest, conflict, internalError, invalidStatus, isStatus, notFound, pathNotFound, type Status } from "./status.ts";
import { update } from "./update.ts";

/** An autoscaling/v1 Scale. */
export interface Scale extends KObject {
  readonly apiVersion: "autoscaling/v1";
  readonly kind: "Scale";
  readonly spec: { readonly replicas?: number };
  readonly status: { readonly replicas: number; readonly selector?: string };
}

/** How a resource maps to a Scale: a built-in's registry, or a CRD's subresources.scale paths. */
type ScaleMapping =
  | { readonly type: "builtin"; readonly selector: (o: KObject) => string }
  | { readonly type: "crd"; readonly specReplicasPath: string; readonly statusReplicasPath: string; readonly labelSelectorPath?: string };

/** The built-ins serving /scale (the model has no StatefulSets), with how each formats its selector. */
const BUILTIN_SCALE: Readonly<Partial<Record<string, (o: KObject) => string>>> = {
  // scaleFromDeployment / scaleFromReplicaSet: metav1.LabelSelectorAsSelector(spec.selector).String()
  "deployments.apps": (o) => labelSelectorAsSelector(o.spec?.selector).toString(),
  "replicasets.apps": (o) => labelSelectorAsSelector(o.spec?.selector).toString(),
  // scaleFromRC: labels.SelectorFromSet(rc.Spec.Selector).String()
  replicationcontrollers: (o) => selectorFromSet(o.spec?.selector).toString(),
};

/** The int32 sentinel a CRD's old Scale carries when its spec replicas field is missing (etcd.go). */
const INVALID_SPEC_REPLICAS = -2147483648;

/**
 * The scale mapping of a resource, or the 404 of a resource without /scale: a built-in without it is a path the
 * server does not serve; a CRD's resource without subresources.scale is customresource_handler's NotFound of
 * the object (`widgets.example.com "w" not found`).
 */
function scaleMapping(state: State, info: ResourceInfo, name: string): ScaleMapping | Status {
  if (info.crd === undefined) {
    const selector = BUILTIN_SCALE[resourceId(info)];
    return selector ? { type: "builtin", selector } : pathNotFound();
  }
  const crdInfo = BUILTIN_BY_ID.get("customresourcedefinitions.apiextensions.k8s.io")!;
  const crd = existing(state, crdInfo, "", info.crd)?.value;
  const version = (crd?.spec?.versions ?? []).find((v: { name?: string }) => v.name === info.version);
  const scale = version?.subresources?.scale;
  if (!scale || typeof scale.specReplicasPath !== "string" || typeof scale.statusReplicasPath !== "string") {
    return notFound(qualified(info), name);
  }
  return {
    type: "crd",
    specReplicasPath: scale.specReplicasPath,
    statusReplicasPath: scale.statusReplicasPath,
    ...(typeof scale.labelSelectorPath === "string" && scale.labelSelectorPath !== "" ? { labelSelectorPath: scale.labelSelectorPath } : {}),
  };
}

/** splitReplicasPath: ".spec.replicas" → ["spec", "replicas"] (a leading period ignored). */
const splitPath = (p: string): string[] => (p.startsWith(".") ? p.slice(1) : p).split(".");

/** unstructured.NestedFieldNoCopy: the value at a path of maps, or undefined. */
function nested(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** unstructured.SetNestedField on a copy: intermediate maps are made as needed. */
function setNested(obj: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [k, ...rest] = path;
  if (k === undefined) return obj;
  if (rest.length === 0) return { ...obj, [k]: value };
  const child = obj[k];
  const base = typeof child === "object" && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...obj, [k]: setNested(base, rest, value) };
}

/** unstructured.NestedInt64's error for a value of the wrong type. */
function int64At(obj: unknown, path: string): { found: boolean; value: number } | string {
  const v = nested(obj, splitPath(path));
  if (v === undefined || v === null) return { found: false, value: 0 };
  if (typeof v !== "number" || !Number.isInteger(v)) return `${splitPath(path).join(".")} accessor error: ${JSON.stringify(v)} is of the type ${typeof v === "string" ? "string" : typeof v}, expected int64`;
  return { found: true, value: v };
}

/** The Scale of an object (scaleFromDeployment and friends; a CRD's scaleFromCustomResource), or its error. */
function scaleOf(m: ScaleMapping, obj: KObject): { scale: Scale; replicasFound: boolean } | Status {
  const md = obj.metadata;
  const metadata: Record<string, unknown> = { name: md.name };
  if (md.namespace) metadata.namespace = md.namespace;
  if (md.uid) metadata.uid = md.uid;
  if (md.resourceVersion) metadata.resourceVersion = md.resourceVersion;
  metadata.creationTimestamp = md.creationTimestamp ?? null;
  let specReplicas: number;
  let statusReplicas: number;
  let selector: string;
  let replicasFound = true;
  if (m.type === "builtin") {
    try {
      selector = m.selector(obj);
    } catch (e) {
      // ScaleREST.Get: an unconvertible selector is a BadRequest with the conversion's error.
      return badRequest((e as Error).message);
    }
    specReplicas = obj.spec?.replicas ?? 0;
    statusReplicas = obj.status?.replicas ?? 0;
  } else {
    const spec = int64At(obj, m.specReplicasPath);
    if (typeof spec === "string") return internalError(spec);
    const status = int64At(obj, m.statusReplicasPath);
    if (typeof status === "string") return internalError(status);
    const sel = m.labelSelectorPath !== undefined ? nested(obj, splitPath(m.labelSelectorPath)) : undefined;
    if (sel !== undefined && sel !== null && typeof sel !== "string") {
      return internalError(`${splitPath(m.labelSelectorPath!).join(".")} accessor error: ${JSON.stringify(sel)} is of the type ${typeof sel}, expected string`);
    }
    specReplicas = spec.value;
    statusReplicas = status.value;
    selector = typeof sel === "string" ? sel : "";
    replicasFound = spec.found;
  }
  // autoscaling/v1 JSON: spec.replicas and status.selector are omitempty, status.replicas is not.
  const scale: Scale = {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: metadata as KObject["metadata"],
    spec: specReplicas !== 0 ? { replicas: specReplicas } : {},
    status: selector !== "" ? { replicas: statusReplicas, selector } : { replicas: statusReplicas },
  };
  return { scale, replicasFound };
}

/** The resource, its scale mapping and the stored object a scale request names, or the Status refusing it. */
function resolve(state: State, resource: string, namespace: string | undefined, name: string) {
  const t = target(state, resource, namespace);
  if (isStatus(t)) return t;
  const m = scaleMapping(state, t.info, name);
  if (isStatus(m)) return m;
  const kv = existing(state, t.info, t.namespace, name);
  if (!kv) return notFound(qualified(t.info), name);
  return { info: t.info, namespace: t.namespace, mapping: m, object: kv.value };
}

/** GET .../{name}/scale. */
export function getScale(state: State, resource: string, namespace: string | undefined, name: string): ApiResult {
  const r = resolve(state, resource, namespace, name);
  if (isStatus(r)) return { state, result: r };
  const s = scaleOf(r.mapping, r.object);
  if (isStatus(s)) return { state, result: s };
  if (r.mapping.type === "crd" && !s.replicasFound) {
    return { state, result: internalError(`the spec replicas field ${JSON.stringify(r.mapping.specReplicasPath)} does not exist`) };
  }
  return { state, result: s.scale };
}

/** PUT .../{name}/scale: the body is the new Scale. */
export function updateScale(state: State, resource: string, namespace: string | undefined, name: string, body: KObject): ApiResult {
  const r = resolve(state, resource, namespace, name);
  if (isStatus(r)) return { state, result: r };
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { state, result: badRequest("the object has no metadata") };
  const bodyName = body.metadata?.name;
  if (bodyName && bodyName !== name) {
    return { state, result: badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`) };
  }
  return writeScale(state, r, body as unknown as Record<string, unknown>);
}

/** PATCH .../{name}/scale with a JSON merge patch of the Scale (kubectl scale: {"spec":{"replicas":3}}). */
export function patchScale(state: State, resource: string, namespace: string | undefined, name: string, patch: Record<string, unknown>): ApiResult {
  const r = resolve(state, resource, namespace, name);
  if (isStatus(r)) return { state, result: r };
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return { state, result: badRequest("the patch must be a JSON object") };
  const old = scaleOf(r.mapping, r.object);
  if (isStatus(old)) return { state, result: old };
  // A CRD object without its replicas field patches a Scale whose replicas is the "not set" sentinel (etcd.go).
  const oldScale = r.mapping.type === "crd" && !old.replicasFound ? { ...old.scale, spec: { replicas: INVALID_SPEC_REPLICAS } } : old.scale;
  return writeScale(state, r, mergePatch(oldScale, patch) as Record<string, unknown>);
}

type Resolved = { info: ResourceInfo; namespace: string; mapping: ScaleMapping; object: KObject };

/** scaleUpdatedObjectInfo.UpdatedObject then the object's update: the new Scale's replicas onto the stored object. */
function writeScale(state: State, r: Resolved, next: Record<string, unknown>): ApiResult {
  const { info, mapping, object } = r;
  const name = object.metadata.name!;
  const meta = (typeof next.metadata === "object" && next.metadata !== null ? next.metadata : {}) as Record<string, unknown>;
  const spec = (typeof next.spec === "object" && next.spec !== null ? next.spec : {}) as Record<string, unknown>;
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== "number" || !Number.isInteger(replicas)) {
    // The body decodes into an autoscaling/v1 Scale, whose spec.replicas is an int32.
    return { state, result: badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`) };
  }
  const rv = typeof meta.resourceVersion === "string" ? meta.resourceVersion : "";
  let nextObject: KObject;
  if (mapping.type === "builtin") {
    // ValidateScale: the Scale's metadata (name and namespace as the parent's when the body leaves them out) and
    // a non-negative spec.replicas; NewInvalid(autoscaling.Kind("Scale"), <parent name>, errs).
    const scaleMeta = { ...meta, name: meta.name || name, namespace: meta.namespace || object.metadata.namespace };
    const errs = [
      ...validateObjectMeta(scaleMeta as any, { namespaced: true, nameFn: nameIsDNSSubdomain }, "metadata"),
      ...(replicas < 0 ? [invalid("spec.replicas", replicas, "must be greater than or equal to 0")] : []),
    ];
    if (errs.length > 0) return { state, result: invalidStatus("autoscaling", "Scale", name, errs) };
    const uid = typeof meta.uid === "string" ? meta.uid : "";
    if (uid !== "" && uid !== object.metadata.uid) {
      // a UID precondition: NewConflict(apps.Resource("deployments/scale"), ...)
      const why = `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid ?? ""}`;
      return { state, result: conflict({ group: info.group, resource: `${info.plural}/scale` }, name, why) };
    }
    // deployment.Spec.Replicas = scale.Spec.Replicas; deployment.ResourceVersion = scale.ResourceVersion
    nextObject = { ...object, spec: { ...(object.spec ?? {}), replicas }, metadata: { ...object.metadata, resourceVersion: rv } };
  } else {
    if (replicas === INVALID_SPEC_REPLICAS) {
      return { state, result: badRequest(`the spec replicas field ${JSON.stringify(mapping.specReplicasPath)} cannot be empty`) };
    }
    // The custom resource strategy's ValidateScaleSpec on the updated object.
    if (replicas < 0) {
      return { state, result: invalidStatus(info.group, info.kind, name, [invalid(mapping.specReplicasPath, replicas, "should be a non-negative integer")]) };
    }
    if (replicas > 2147483647) {
      return { state, result: invalidStatus(info.group, info.kind, name, [invalid(mapping.specReplicasPath, replicas, "should be less than or equal to 2147483647")]) };
    }
    const withReplicas = setNested(object as unknown as Record<string, unknown>, splitPath(mapping.specReplicasPath), replicas) as unknown as KObject;
    // Only a resourceVersion the client gave is a precondition (etcd.go keeps the stored one otherwise).
    nextObject = rv !== "" ? { ...withReplicas, metadata: { ...withReplicas.metadata, resourceVersion: rv } } : withReplicas;
  }
  const u = update(state, resourceId(info), r.namespace || undefined, name, nextObject);
  if (isStatus(u.result)) return u;
  const s = scaleOf(mapping, u.result);
  // Update's answer: a Scale that cannot be made from the written object is a BadRequest (ScaleREST.Update).
  if (isStatus(s)) return { state: u.state, result: badRequest(s.message) };
  return { state: u.state, result: s.scale };
}
