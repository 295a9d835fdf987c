/** The API server's front door: one request in, the new state and a response (an object, a list or a Status) out. */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { create, type ApiResult } from "./create.ts";
import { del } from "./delete.ts";
import { get, list } from "./read.ts";
import type { ApiRequest } from "./request.ts";
import { badRequest, isStatus, status } from "./status.ts";
import { jsonPatch } from "./patch/json-patch.ts";
import { update } from "./update.ts";
import { patch } from "./patch/patch.ts";
import { existing, target } from "./common.ts";
import { bind } from "./binding.ts";
import { isProxyRequest, proxyGet, type ProxyRequest } from "./proxy.ts";
import { getScale, patchScale, updateScale } from "./scale.ts";

/**
 * Answers one request. A `get` with subresource "proxy" (pods/proxy, services/proxy) is forwarded by the API
 * server's proxy (proxy.ts); the scale subresource is scale.ts's.
 */
export function handle(state: State, req: ApiRequest | ProxyRequest): ApiResult {
  if (isProxyRequest(req)) return proxyGet(state, req);
  switch (req.verb) {
    case "create":
      if (req.subresource === "binding") return bind(state, req.namespace, req.name ?? req.object?.metadata?.name ?? "", req.object);
      return create(state, req.resource, req.namespace, req.object, req.fieldValidation, req.duplicateFields);
    case "get":
      if (req.subresource === "scale") return getScale(state, req.resource, req.namespace, req.name);
      return get(state, req.resource, req.namespace, req.name);
    case "list":
      return list(state, req.resource, req.namespace, req.labelSelector, req.fieldSelector, req);
    case "update":
      if (req.subresource === "scale") return updateScale(state, req.resource, req.namespace, req.name, req.object);
      return update(state, req.resource, req.namespace, req.name, req.object, req.subresource, req.fieldValidation, req.duplicateFields);
    case "patch":
      if (req.subresource === "scale") return patchScaleAs(state, req);
      return patch(state, req.resource, req.namespace, req.name, req.patch, req.subresource, req.patchType ?? "merge", req.fieldValidation, req.duplicateFields);
    case "delete":
      return del(state, req.resource, req.namespace, req.name, req);
    case "apply":
      return apply(state, req.resource, req.namespace, req.object);
    case "set-image":
      return setImage(state, req.resource, req.namespace, req.name, req.image, req.container);
    default:
      return { state, result: badRequest(`unknown verb ${(req as { verb: unknown }).verb}`) };
  }
}

/**
 * kubectl apply, simplified: create when absent; otherwise replace labels, annotations and every top-level field
 * but status of the live object with the manifest's, as the last-applied configuration would converge to.
 */
export function apply(state: State, resource: string, namespace: string | undefined, obj: KObject): ApiResult {
  const ns = namespace ?? obj?.metadata?.namespace;
  const t = target(state, resource, ns);
  if (isStatus(t)) return { state, result: t };
  const name = obj?.metadata?.name;
  if (!name) return create(state, resource, ns, obj);
  const kv = existing(state, t.info, t.namespace, name);
  if (!kv) return create(state, resource, ns, obj);
  const live = kv.value;
  const { status: _s, metadata, ...rest } = obj;
  const next: KObject = {
    ...rest,
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: {
      ...live.metadata,
      labels: metadata.labels,
      annotations: metadata.annotations,
      ...(metadata.finalizers ? { finalizers: metadata.finalizers } : {}),
      ...(metadata.ownerReferences ? { ownerReferences: metadata.ownerReferences } : {}),
    },
    ...(live.status !== undefined ? { status: live.status } : {}),
  };
  if (next.metadata.labels === undefined) delete (next.metadata as any).labels;
  if (next.metadata.annotations === undefined) delete (next.metadata as any).annotations;
  return update(state, resource, ns, name, next);
}

/** kubectl set image: read the live object, change container images in its pod template (or pod spec), update. */
export function setImage(
  state: State,
  resource: string,
  namespace: string | undefined,
  name: string,
  image: string,
  container?: string,
): ApiResult {
  const got = get(state, resource, namespace, name);
  if (isStatus(got.result)) return got;
  const live = got.result;
  const onTemplate = live.spec?.template?.spec !== undefined;
  const podSpec = onTemplate ? live.spec.template.spec : live.spec;
  const containers: any[] = podSpec?.containers ?? [];
  if (container !== undefined && !containers.some((c) => c.name === container)) {
    return { state, result: badRequest(`unable to find container named "${container}"`) };
  }
  const nextContainers = containers.map((c) => (container === undefined || c.name === container ? { ...c, image } : c));
  const spec = onTemplate
    ? { ...live.spec, template: { ...live.spec.template, spec: { ...podSpec, containers: nextContainers } } }
    : { ...live.spec, containers: nextContainers };
  return update(state, resource, namespace, name, { ...live, spec });
}

/**
 * A patch of the scale subresource: a merge or strategic patch (a Scale has no lists, so the two agree) is a merge
 * patch of the Scale; a JSON patch is applied to the Scale the server reads, then written as an update of it.
 * Server-side apply is 415 as everywhere.
 */
function patchScaleAs(state: State, req: Extract<ApiRequest, { verb: "patch" }>): ApiResult {
  if (req.patchType === "apply") return patch(state, req.resource, req.namespace, req.name, req.patch, undefined, "apply");
  if (req.patchType !== "json") return patchScale(state, req.resource, req.namespace, req.name, req.patch);
  const cur = getScale(state, req.resource, req.namespace, req.name);
  if (isStatus(cur.result)) return cur;
  const r = jsonPatch(cur.result, req.patch);
  if (!r.ok) return { state, result: r.code === 400 ? badRequest(r.message) : status(422, "Invalid", r.message) };
  return updateScale(state, req.resource, req.namespace, req.name, r.document as KObject);
}
