/**
 * The get and list verbs. Lists are served from etcd at the current revision (a consistent list), filtered by a
 * label selector and a field selector of the fields the kind supports (400 BadRequest for an unsupported field,
 * as the field label conversion funcs answer), and paged by limit and continue (list-options.ts).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { parseSelector } from "../labels/index.ts";
import { objectFields, parseFieldSelector, supportedFieldLabels } from "../fields/selector.ts";
import { prefixEnd } from "../collections/btree.ts";
import { storeGet, storeRange, type KeyValue } from "../store/store.ts";
import { encodeContinue } from "./continue.ts";
import { planList, type ListPaging } from "./list-options.ts";
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

/**
 * A list: the objects under the resource's (or one namespace's) key prefix that pass the selectors, in key
 * order, paged when `paging.limit` > 0. Follows etcd3/store.go (GetList): the limit counts matching items, so
 * the walk goes on past the ones a selector drops; when the page is full and a key remains, metadata.continue
 * resumes after the last key read (not the last returned: a filtered-out tail is not read twice), and
 * remainingItemCount (keys left past the page) is given only when there is no selector, since it counts keys,
 * not matches. A continued page is read from the current data (list-options.ts says why) and reports the
 * revision of the first page.
 */
export function list(
  state: State,
  resource: string,
  namespace: string | undefined,
  labelSelector?: string,
  fieldSelector?: string,
  paging: ListPaging = {},
): ApiResult {
  // No namespace on a namespaced resource lists every namespace.
  const info = resolveResource(state, resource);
  if (!info) return { state, result: unknownResource(resource) };
  const t = { info };
  const filter = compileFilter(t.info.kind, labelSelector, fieldSelector);
  if (isStatus(filter)) return { state, result: filter };
  const prefix = storagePrefix(t.info, t.info.namespaced && namespace ? namespace : undefined);
  const plan = planList(state, prefix, paging);
  if (isStatus(plan)) return { state, result: plan };
  const from = plan.startKey;
  // A pod list on one node reads the pod-by-node index (the kubelet's relist), not every pod of the cluster.
  const node = t.info.kind === "Pod" ? nodeOfFieldSelector(fieldSelector) : undefined;
  // A list of one object by name (an informer's metadata.name=... relist) reads that key.
  const oneKey = namedObjectKey(t.info, namespace, fieldSelector);
  const r =
    node !== undefined
      ? podsOnNode(state, node, prefix)
      : oneKey !== undefined
        ? { ok: true as const, kvs: [storeGet(state.store, oneKey)].filter((kv): kv is KeyValue<KObject> => kv !== undefined) }
        : storeRange(state.store, from ?? prefix, prefixEnd(prefix));
  const kvs = r.ok ? (from === undefined ? r.kvs : r.kvs.filter((kv) => kv.key >= from)) : [];
  const items: KObject[] = [];
  let lastKey: string | undefined;
  let hasMore = false;
  let read = 0;
  for (const kv of kvs) {
    if (plan.limit > 0 && items.length >= plan.limit) {
      hasMore = true;
      break;
    }
    lastKey = kv.key;
    read++;
    if (filter(kv.value)) items.push(kv.value);
  }
  const rev = plan.withRev || state.store.revision;
  const token = hasMore && lastKey !== undefined ? encodeContinue(lastKey + "\0", prefix, rev) : undefined;
  const listMeta: Record<string, unknown> = { resourceVersion: String(rev) };
  if (token !== undefined) {
    listMeta.continue = token;
    if (!labelSelector && !fieldSelector) listMeta.remainingItemCount = kvs.length - read;
  }
  const listObj: ListObject = {
    apiVersion: apiVersionOf(t.info),
    kind: `${t.info.kind}List`,
    metadata: listMeta,
    items,
  };
  return { state, result: listObj };
}
