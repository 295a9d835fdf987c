/**
 * An HTTP request on a resource path as a model request: the verb from the method and the path
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go: GET on a collection is list, with watch=true watch;
 * DELETE on a collection is deletecollection), the query's options (metav1.ListOptions, DeleteOptions,
 * CreateOptions), the body decoded. What the model's API server does not serve is answered here with the Status
 * upstream gives for it.
 */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { ApiRequest, FieldValidation, PropagationPolicy } from "../model/apiserver/request.ts";
import type { ResourceInfo } from "../model/apiserver/resources.ts";
import type { Status } from "../model/apiserver/status.ts";
import { resolveResource } from "../model/apiserver/lookup.ts";
import { resourceId } from "../model/apiserver/resources.ts";
import { badRequest, invalidStatus, pathNotFound } from "../model/apiserver/status.ts";
import { notSupported } from "../model/validation/field-error.ts";
import type { RequestInfo } from "./request-info.ts";
import { badParameter, methodNotAllowed, unsupportedMediaType } from "./statuses.ts";
import { metadataShapeProblem } from "./object-shape.ts";

type ResourceRequestInfo = Extract<RequestInfo, { isResource: true }>;

/** What a resource request asks the model for. */
export type Planned =
  | { readonly kind: "api"; readonly request: ApiRequest; readonly dryRun: boolean }
  | { readonly kind: "watch"; readonly watch: WatchRequest }
  | { readonly kind: "deletecollection"; readonly list: ApiRequest & { verb: "list" }; readonly options: DeleteOptions; readonly dryRun: boolean }
  | { readonly kind: "error"; readonly status: Status };

export interface WatchRequest {
  readonly info: ResourceInfo;
  readonly resource: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** "" or "0": start with the current objects as ADDED events (upstream's watch from "any" revision). */
  readonly resourceVersion: string;
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: PropagationPolicy;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/** Subresources the model serves, per verb. */
const SUBRESOURCES: Readonly<Record<string, readonly string[]>> = {
  get: ["status", "scale", "proxy"],
  update: ["status", "scale", "finalize"],
  patch: ["status", "scale"],
  create: ["binding"],
};

const PATCH_TYPES: Readonly<Record<string, "merge" | "strategic" | "json" | "apply">> = {
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/json-patch+json": "json",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

export const PATCH_CONTENT_TYPES = Object.keys(PATCH_TYPES);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function int(q: URLSearchParams, name: string): number | undefined | Status {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) return badParameter(name, v, "must be an integer");
  // Upstream's int64 fields refuse what strconv.ParseInt cannot hold; past 2^53 a JS number is no longer exact.
  if (!Number.isSafeInteger(Number(v))) return badParameter(name, v, "value out of range");
  return Number(v);
}

const PROPAGATION = ["Orphan", "Background", "Foreground"];

/** DeleteOptions from the body (metav1.DeleteOptions) and the query, the query winning as upstream's decoder does. */
function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions | Status {
  const b = isObj(body) ? body : {};
  const grace = int(q, "gracePeriodSeconds");
  if (typeof grace === "object") return grace;
  const gracePeriodSeconds = grace ?? (typeof b.gracePeriodSeconds === "number" ? b.gracePeriodSeconds : undefined);
  let policy = q.get("propagationPolicy") ?? (typeof b.propagationPolicy === "string" ? b.propagationPolicy : undefined);
  // orphanDependents (deprecated) maps to a policy (pkg/registry/rest/delete.go).
  const orphan = q.get("orphanDependents") ?? (typeof b.orphanDependents === "boolean" ? String(b.orphanDependents) : null);
  if (policy === undefined && orphan !== null) policy = orphan === "true" ? "Orphan" : "Background";
  if (policy !== undefined && !PROPAGATION.includes(policy)) {
    return badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const pre = isObj(b.preconditions) ? b.preconditions : undefined;
  return {
    ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
    ...(policy !== undefined ? { propagationPolicy: policy as PropagationPolicy } : {}),
    ...(pre ? { preconditions: { ...(typeof pre.uid === "string" ? { uid: pre.uid } : {}), ...(typeof pre.resourceVersion === "string" ? { resourceVersion: pre.resourceVersion } : {}) } } : {}),
  };
}

const FIELD_VALIDATION_VALUES = ["", "Ignore", "Strict", "Warn"];
const OPTIONS_KIND: Readonly<Record<string, string>> = { create: "CreateOptions", update: "UpdateOptions", patch: "PatchOptions" };

/**
 * The fieldValidation query parameter of a create, update or patch (absent or "": none, which the model reads as
 * Warn, as handlers/rest.go does), or the 422 of a value metav1 does not know (apimachinery/pkg/apis/meta/v1/validation ValidateFieldValidation,
 * answered by handlers/create.go as NewInvalid(CreateOptions.meta.k8s.io, "", errs)).
 */
function fieldValidationOf(q: URLSearchParams, verb: string): { fieldValidation?: FieldValidation } | Status {
  const v = q.get("fieldValidation");
  if (v === null || v === "") return {};
  if (!FIELD_VALIDATION_VALUES.includes(v)) {
    return invalidStatus("meta.k8s.io", OPTIONS_KIND[verb] ?? "CreateOptions", "", [notSupported("fieldValidation", v, FIELD_VALIDATION_VALUES)]);
  }
  return { fieldValidation: v as FieldValidation };
}

/**
 * Plans one resource request. `body` is the decoded body (undefined when there is none); `contentType` its media
 * type without parameters; `duplicates` the paths of keys a JSON body gave twice (json-duplicates.ts), passed to
 * the model's create, update and (merge or strategic) patch.
 */
export function planRequest(
  state: State,
  info: ResourceRequestInfo,
  method: string,
  q: URLSearchParams,
  body: unknown,
  contentType: string,
  duplicates: readonly string[] = [],
): Planned {
  const id = resourceId({ group: info.group, plural: info.resource });
  const res = resolveResource(state, id);
  // A resource must be served at the path's version (a CRD's served version), and a cluster-scoped one has no
  // namespace segment: otherwise the path names nothing.
  if (!res || res.version !== info.version || (info.namespace !== undefined && !res.namespaced)) return { kind: "error", status: pathNotFound() };
  const ns = res.namespaced ? info.namespace : undefined;
  const nsField = ns !== undefined ? { namespace: ns } : {};
  const dryRun = q.getAll("dryRun").includes("All");
  if (q.getAll("dryRun").some((d) => d !== "All")) return { kind: "error", status: badRequest(`Invalid dry run value: ${q.getAll("dryRun").join(",")}; the only supported value is "All"`) };
  const sub = info.subresource;
  const verbOf = (): string => {
    switch (method) {
      case "GET":
      case "HEAD":
        return info.name === undefined ? (isTrue(q.get("watch")) ? "watch" : "list") : isTrue(q.get("watch")) ? "watch" : "get";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      case "PATCH":
        return "patch";
      case "DELETE":
        return info.name === undefined ? "deletecollection" : "delete";
      default:
        return method.toLowerCase();
    }
  };
  const verb = verbOf();
  if (sub !== undefined && !(SUBRESOURCES[verb] ?? []).includes(sub)) return { kind: "error", status: pathNotFound() };
  const selectors = {
    ...(q.get("labelSelector") ? { labelSelector: q.get("labelSelector")! } : {}),
    ...(q.get("fieldSelector") ? { fieldSelector: q.get("fieldSelector")! } : {}),
  };
  // The model reads get and list at the current revision whatever resourceVersion asks, but one that is not a
  // revision at all is refused as a watch's is (watch-hub.ts), not silently read as "any".
  const rv = q.get("resourceVersion");
  if ((verb === "get" || verb === "list") && rv !== null && rv !== "" && !/^\d+$/.test(rv)) {
    return { kind: "error", status: badParameter("resourceVersion", rv, "must be a non-negative integer") };
  }
  const fvOrStatus = verb === "create" || verb === "update" || verb === "patch" ? fieldValidationOf(q, verb) : {};
  if ("code" in fvOrStatus) return { kind: "error", status: fvOrStatus as Status };
  const fv = { ...fvOrStatus, ...(duplicates.length > 0 && PATCH_TYPES[contentType] !== "json" ? { duplicateFields: duplicates } : {}) };
  if ((verb === "create" || verb === "update") && isObj(body)) {
    const shape = metadataShapeProblem(body);
    if (shape) return { kind: "error", status: shape };
  }
  switch (verb) {
    case "get": {
      if (sub === "proxy") {
        return { kind: "api", request: { verb: "get", resource: id, ...nsField, name: info.name!, subresource: "proxy", path: "/" + info.rest.join("/") }, dryRun: false };
      }
      return { kind: "api", request: { verb: "get", resource: id, ...nsField, name: info.name!, ...(sub ? { subresource: sub } : {}) } as ApiRequest, dryRun: false };
    }
    case "list": {
      const limit = int(q, "limit");
      if (typeof limit === "object") return { kind: "error", status: limit };
      const paging = {
        ...(limit !== undefined && limit > 0 ? { limit } : {}),
        ...(q.get("continue") ? { continue: q.get("continue")! } : {}),
        ...(q.get("resourceVersion") !== null ? { resourceVersion: q.get("resourceVersion")! } : {}),
        ...(q.get("resourceVersionMatch") ? { resourceVersionMatch: q.get("resourceVersionMatch")! } : {}),
      };
      return { kind: "api", request: { verb: "list", resource: id, ...nsField, ...selectors, ...paging } as ApiRequest, dryRun: false };
    }
    case "watch": {
      const timeout = int(q, "timeoutSeconds");
      if (typeof timeout === "object") return { kind: "error", status: timeout };
      // A watch of one object (GET .../pods/web?watch=true) is a watch with a name field selector, as upstream
      // rewrites it (handlers/get.go).
      const byName = info.name !== undefined ? `metadata.name=${info.name}` : undefined;
      const fieldSelector = [byName, selectors.fieldSelector].filter((s) => s).join(",");
      return {
        kind: "watch",
        watch: {
          info: res,
          resource: id,
          ...nsField,
          ...(selectors.labelSelector ? { labelSelector: selectors.labelSelector } : {}),
          ...(fieldSelector ? { fieldSelector } : {}),
          resourceVersion: q.get("resourceVersion") ?? "",
          ...(timeout !== undefined && timeout > 0 ? { timeoutSeconds: timeout } : {}),
          allowWatchBookmarks: isTrue(q.get("allowWatchBookmarks")),
        },
      };
    }
    case "create": {
      if (!isObj(body)) return { kind: "error", status: badRequest("the body of the request must be an object") };
      if (sub === "binding") {
        return { kind: "api", request: { verb: "create", resource: id, ...nsField, name: info.name!, subresource: "binding", object: body as unknown as KObject }, dryRun };
      }
      if (info.name !== undefined) return { kind: "error", status: methodNotAllowed(method, id) };
      const obj = body as unknown as KObject;
      const bodyNs = (obj.metadata as { namespace?: string } | undefined)?.namespace;
      // handlers/create.go: the namespace of the object must match the request's (rest.EnsureObjectNamespaceMatchesRequestNamespace).
      if (ns !== undefined && bodyNs !== undefined && bodyNs !== "" && bodyNs !== ns) {
        return { kind: "error", status: badRequest("the namespace of the provided object does not match the namespace sent on the request") };
      }
      return { kind: "api", request: { verb: "create", resource: id, ...nsField, object: obj, ...fv }, dryRun };
    }
    case "update": {
      if (!isObj(body)) return { kind: "error", status: badRequest("the body of the request must be an object") };
      const obj = body as unknown as KObject;
      const bodyName = (obj.metadata as { name?: string } | undefined)?.name;
      // handlers/update.go / rest.BeforeUpdate: the name in the body must be the path's.
      if (sub === undefined && bodyName !== undefined && bodyName !== info.name) {
        return { kind: "error", status: badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${info.name})`) };
      }
      return { kind: "api", request: { verb: "update", resource: id, ...nsField, name: info.name!, object: obj, ...(sub ? { subresource: sub } : {}), ...fv } as ApiRequest, dryRun };
    }
    case "patch": {
      const patchType = PATCH_TYPES[contentType];
      if (patchType === undefined) {
        return { kind: "error", status: unsupportedMediaType(contentType, PATCH_CONTENT_TYPES) };
      }
      if (patchType === "json" ? !Array.isArray(body) : !isObj(body)) {
        return { kind: "error", status: badRequest(patchType === "json" ? "the JSON patch must be an array of operations" : "the patch must be a JSON object") };
      }
      return {
        kind: "api",
        request: { verb: "patch", resource: id, ...nsField, name: info.name!, patch: body, ...(patchType !== "merge" ? { patchType } : {}), ...(sub ? { subresource: sub } : {}), ...fv } as unknown as ApiRequest,
        dryRun,
      };
    }
    case "delete": {
      const o = deleteOptions(q, body);
      if ("code" in o) return { kind: "error", status: o as Status };
      return { kind: "api", request: { verb: "delete", resource: id, ...nsField, name: info.name!, ...o }, dryRun };
    }
    case "deletecollection": {
      const o = deleteOptions(q, body);
      if ("code" in o) return { kind: "error", status: o as Status };
      return { kind: "deletecollection", list: { verb: "list", resource: id, ...nsField, ...selectors }, options: o, dryRun };
    }
    default:
      return { kind: "error", status: methodNotAllowed(method, id) };
  }
}

const isTrue = (v: string | null): boolean => v === "true" || v === "1";
