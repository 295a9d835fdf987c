/**
 * A user's requests as actions, from an object (apiVersion, kind, metadata.name/namespace). The resource is named
 * by kind ("@apiVersion/Kind") and resolved when offered (project-operations.ts resolveOperation), so a custom
 * resource's request can be written before its CRD serves it.
 */
import type { Action } from "../model/actions.ts";
import type { KObject } from "../model/objects/types.ts";

export type ObjectRef = Pick<KObject, "apiVersion" | "kind" | "metadata">;
const resourceOf = (obj: ObjectRef) => `@${obj.apiVersion}/${obj.kind}`;
const namespaceOf = (obj: ObjectRef) => (obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {});

export const userRequests = {
  create: (obj: KObject): Action => ({ type: "api", client: "user", request: { verb: "create", resource: resourceOf(obj), ...namespaceOf(obj), object: obj } }),
  delete: (obj: ObjectRef): Action => ({ type: "api", client: "user", request: { verb: "delete", resource: resourceOf(obj), ...namespaceOf(obj), name: obj.metadata.name! } }),
  /** A JSON merge patch (application/merge-patch+json). */
  patch: (obj: ObjectRef, patch: Record<string, unknown>): Action => ({ type: "api", client: "user", request: { verb: "patch", resource: resourceOf(obj), ...namespaceOf(obj), name: obj.metadata.name!, patch } }),
};
