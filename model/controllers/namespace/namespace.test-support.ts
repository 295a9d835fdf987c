/** Test clusters for the namespace controller and the CRD cascade: behaviours registered, components started. */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import type { ApiResult } from "../../apiserver/create.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { existing } from "../../apiserver/common.ts";
import { resolveResource } from "../../apiserver/lookup.ts";
import { isStatus } from "../../apiserver/status.ts";
import { notFound } from "../../apiserver/status.ts";
import { BUILTIN_CLUSTER } from "../../cluster.ts";
import { NAMESPACE_CONTROLLER_ID, NAMESPACE_CONTROLLER_KIND } from "./controller.ts";
import { CRD_CLEANUP_ID, CRD_CLEANUP_KIND } from "./crd-cleanup.ts";
import { markCustomResourceDefinitionForDeletion } from "../../apiserver/crd-finalizer.ts";

/** bootstrap() plus the namespace controller and (unless left out) the CRD finalizer controller. */
export function nsCluster(opts: { crdCleanup?: boolean; namespaceController?: boolean } = {}): State {
  // bootstrap starts both controllers now that they are wired; leave them out, then add those asked for.
  let s = bootstrap({ without: [NAMESPACE_CONTROLLER_KIND, CRD_CLEANUP_KIND] });
  if (opts.namespaceController !== false) s = BUILTIN_CLUSTER.addComponent(s, NAMESPACE_CONTROLLER_ID, NAMESPACE_CONTROLLER_KIND);
  if (opts.crdCleanup !== false) s = BUILTIN_CLUSTER.addComponent(s, CRD_CLEANUP_ID, CRD_CLEANUP_KIND);
  return s;
}

/** A request that must succeed. */
export function must(state: State, req: ApiRequest): State {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

export const crd = (plural: string, kind: string, scope: "Namespaced" | "Cluster" = "Namespaced"): KObject => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${plural}.example.com` },
  spec: { group: "example.com", scope, names: { plural, singular: kind.toLowerCase(), kind }, versions: [{ name: "v1", served: true, storage: true }] },
});

export const widget = (name: string, extra: Partial<KObject["metadata"]> = {}): KObject => ({
  apiVersion: "example.com/v1",
  kind: "Widget",
  metadata: { name, ...extra },
  spec: { size: 1 },
});

export const configMap = (name: string, extra: Partial<KObject["metadata"]> = {}): KObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...extra },
  data: { k: "v" },
});

/** Whether an object exists (through a get). */
export function exists(state: State, resource: string, namespace: string | undefined, name: string): boolean {
  return !isStatus(handle(state, { verb: "get", resource, ...(namespace ? { namespace } : {}), name }).result);
}

/**
 * A CRD delete as the API server does it once del() is wired to the CRD registry's Delete: the first delete
 * marks the CRD (finalizer, Terminating condition); a later one takes the ordinary path.
 */
export function deleteCrd(state: State, name: string): ApiResult {
  const info = resolveResource(state, "customresourcedefinitions.apiextensions.k8s.io")!;
  const kv = existing(state, info, "", name);
  if (!kv) return { state, result: notFound({ group: info.group, resource: info.plural }, name) };
  if (kv.value.metadata.deletionTimestamp) return handle(state, { verb: "delete", resource: "customresourcedefinitions.apiextensions.k8s.io", name });
  return markCustomResourceDefinitionForDeletion(state, info, kv.value, kv.modRevision);
}
