/**
 * The get and list verbs. Lists are served from etcd at the current revision (a consistent list), filtered by a
 * label selector and a field selector of the fields the kind supports (400 BadRequest for an unsupported field,
 * as the field label conversion funcs answer).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { parseSelector } from "../labels/index.ts";
import { objectFields, parseFieldSelector, supportedFieldLabels } from "../fields/selector.ts";
import { storeGet, storeRangePrefix, type KeyValue } from "../store/store.ts";
import { nodeOfFieldSelector, podKeysOnNode } from "./pod-node-index.ts";
import { existing, qualified, target, unknownResource } from "./common.ts";
import { resolveResource } from "./lookup.ts";
import type { ApiResult } from "./create.ts";
import { apiVersionOf, storagePrefix } from "./resources.ts";
import { namedObjectKey } from "./field-selector-name.ts";
import { badRequest, isStatus, notFound, type Status } from "./status.ts";

export function get(state: State, resource: string, namespace: string | undefined, name: string): ApiResult {
  const t = target(state, resource, namespace);
  if (isStatus(t)) return { state, result: t };
  const kv = existing(state, t.info, t.namespace, name);
  return { state, result: kv ? kv.value : notFound(qualified(t.info), name) };
}

/** A compiled label + field filter, or the 400 that refuses it. */
export function compileFilter(
  kind: string,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): ((o: KObject) => boolean) | Status {
  let ls: ReturnType<typeof parseSelector> | undefined;
  let fs: ReturnType<typeof parseFieldSelector> | undefined;
  try {
    if (labelSelector) ls = parseSelector(labelSelector);
  } catch (e) {
    return badRequest(`unable to parse requirement: ${(e as Error).message}`);
  }
  try {
    if (fieldSelector) fs = parseFieldSelector(fieldSelector);
  } catch (e) {
    return badRequest((e as Error).message);
  }
  if (fs) {
    const supported = supportedFieldLabels(kind);
    for (const r of fs.requirements) {
      if (!supported.includes(r.field)) return badRequest(`field label not supported: ${r.field}`);
    }
  }
  if (!ls && !fs) return () => true;
  return (o) => (!ls || ls.matches(o.metadata.labels ?? {})) && (!fs || fs.matches(objectFields(o)));
}

export interface ListObject extends KObject {
  readonly items: readonly KObject[];
}

/** The pods bound to `node` under `prefix` (a namespace's or all pods), in key order, from the pod-by-node index. */
function podsOnNode(state: State, node: string, prefix: string): { ok: true; kvs: KeyValue<KObject>[] } {
  const kvs: KeyValue<KObject>[] = [];
  for (const key of podKeysOnNode(state, node)) {
    if (!key.startsWith(prefix)) continue;
    const kv = storeGet(state.store, key);
    if (kv) kvs.push(kv);
  }
  return { ok: true, kvs };
}

export function list(
  state: State,
  resource: string,
  namespace: string | undefined,
  labelSelector?: string,
  fieldSelector?: string,
): ApiResult {
  // No namespace on a namespaced resource lists every namespace.
  const info = resolveResource(state, resource);
  if (!info) return { state, result: unknownResource(resource) };
  const t = { info };
  const filter = compileFilter(t.info.kind, labelSelector, fieldSelector);
  if (isStatus(filter)) return { state, result: filter };
  const prefix = storagePrefix(t.info, t.info.namespaced && namespace ? namespace : undefined);
  // A pod list on one node reads the pod-by-node index (the kubelet's relist), not every pod of the cluster.
  const node = t.info.kind === "Pod" ? nodeOfFieldSelector(fieldSelector) : undefined;
  // A list of one object by name (an informer's metadata.name=... relist) reads that key.
  const oneKey = namedObjectKey(t.info, namespace, fieldSelector);
  const r =
    node !== undefined
      ? podsOnNode(state, node, prefix)
      : oneKey !== undefined
        ? { ok: true as const, kvs: [storeGet(state.store, oneKey)].filter((kv): kv is KeyValue<KObject> => kv !== undefined) }
        : storeRangePrefix(state.store, prefix);
  const items = r.ok ? r.kvs.map((kv) => kv.value).filter(filter) : [];
  const listObj: ListObject = {
    apiVersion: apiVersionOf(t.info),
    kind: `${t.info.kind}List`,
    metadata: { resourceVersion: String(state.store.revision) },
    items,
  };
  return { state, result: listObj };
}
