/**
 * A user controller's client calls (client-node 2.x KubernetesObjectApi: create, read, patch, replace, delete,
 * list, with their positional arguments) as the model's API requests, and the API server's answers as what the
 * client resolves or rejects with. Follows client-node's object.ts: a namespaced object without a namespace goes
 * to the default namespace ("default"); patch's default Content-Type is strategic merge patch.
 */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { ApiRequest, PropagationPolicy } from "../model/apiserver/request.ts";
import { resourceForKind } from "../model/apiserver/lookup.ts";
import { resourceId } from "../model/apiserver/resources.ts";
import { badRequest, isStatus, pathNotFound, status, type Status } from "../model/apiserver/status.ts";
import type { Answer } from "./run-log.ts";
import { PatchStrategy } from "./types.ts";

const DEFAULT_NAMESPACE = "default";
type Spec = Partial<KObject> & { metadata?: { name?: string; namespace?: string } };

const hasArray = (x: unknown): boolean => Array.isArray(x) || (typeof x === "object" && x !== null && Object.values(x).some(hasArray));

/** The request a client call makes, or the Status the client would get without one reaching storage. */
export function requestOf(state: State, method: string, args: readonly unknown[]): ApiRequest | Status {
  if (method === "list") {
    const [apiVersion, kind, namespace, , , , fieldSelector, labelSelector] = args as [string, string, string?, unknown?, unknown?, unknown?, string?, string?];
    const info = resourceForKind(state, apiVersion, kind);
    if (!info) return pathNotFound();
    return {
      verb: "list",
      resource: resourceId(info),
      ...(info.namespaced && namespace ? { namespace } : {}),
      ...(fieldSelector ? { fieldSelector } : {}),
      ...(labelSelector ? { labelSelector } : {}),
    };
  }
  const spec = (args[0] ?? {}) as Spec;
  if (typeof spec.apiVersion !== "string" || typeof spec.kind !== "string") return badRequest("the object has no apiVersion or kind");
  const info = resourceForKind(state, spec.apiVersion, spec.kind);
  if (!info) return pathNotFound();
  const resource = resourceId(info);
  const ns = info.namespaced ? { namespace: spec.metadata?.namespace ?? DEFAULT_NAMESPACE } : {};
  const name = spec.metadata?.name ?? "";
  const object = { ...spec, metadata: { ...spec.metadata, ...ns } } as KObject;
  switch (method) {
    case "create":
      if (args[2] !== undefined) return badRequest("kubeprop: dryRun is not modelled");
      return { verb: "create", resource, ...ns, object };
    case "read":
      return { verb: "get", resource, ...ns, name };
    case "replace":
      if (args[2] !== undefined) return badRequest("kubeprop: dryRun is not modelled");
      return { verb: "update", resource, ...ns, name, object };
    case "patch": {
      const strategy = (args[5] as string | undefined) ?? PatchStrategy.StrategicMergePatch;
      // client-node sends the spec as the patch body, in the strategy's content type: a merge patch, or a strategic
      // merge patch, which the model's API server applies as upstream (model/apiserver/patch/; a custom resource
      // answers 415, as apiextensions does). A JSON patch is a list of operations, which a spec object is not;
      // server-side apply is 415 in the model.
      if (strategy === PatchStrategy.MergePatch) return { verb: "patch", resource, ...ns, name, patch: spec as Record<string, unknown> };
      if (strategy === PatchStrategy.StrategicMergePatch) return { verb: "patch", resource, ...ns, name, patch: spec as Record<string, unknown>, patchType: "strategic" };
      if (strategy === PatchStrategy.ServerSideApply) return { verb: "patch", resource, ...ns, name, patch: spec as Record<string, unknown>, patchType: "apply" };
      return status(415, "UnsupportedMediaType", `kubeprop: ${strategy} with an object body is not a JSON patch (a JSON patch is a list of operations)`);
    }
    case "delete": {
      const [, , dryRun, gracePeriodSeconds, , propagationPolicy] = args as [unknown, unknown, unknown, number?, unknown?, string?];
      if (dryRun !== undefined) return badRequest("kubeprop: dryRun is not modelled");
      return {
        verb: "delete",
        resource,
        ...ns,
        name,
        ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
        ...(propagationPolicy !== undefined ? { propagationPolicy: propagationPolicy as PropagationPolicy } : {}),
      };
    }
    default:
      return badRequest(`kubeprop: the client has no method ${method}`);
  }
}

/** The client's answer: what its promise resolves with, or the ApiException's code and body. */
export function answerOf(result: unknown): Answer {
  if (isStatus(result)) return { error: { code: result.code, body: result } };
  return { ok: result };
}
