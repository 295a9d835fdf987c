/**
 * The watch verb: the events after a resourceVersion, as the API server's watch cache delivers them
 * (k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go convertToWatchEvent): with a selector, an object that
 * starts to match arrives as ADDED, one that stops matching as DELETED, and events of objects that match neither
 * before nor after are not sent. A watch from a compacted revision fails with 410 Gone ("too old resource
 * version"), and the client must list again.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { storeWatch, storeWatchKey } from "../store/store.ts";
import { unknownResource, withResourceVersion } from "./common.ts";
import { resolveResource } from "./lookup.ts";
import { compileFilter } from "./read.ts";
import { storagePrefix } from "./resources.ts";
import { namedObjectKey } from "./field-selector-name.ts";
import { nodeOfFieldSelector, podEventsOnNode } from "./pod-node-index.ts";
import { isStatus, resourceExpired, type Status } from "./status.ts";

export interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly object: KObject;
  /** For MODIFIED and DELETED, the object before the event (informers' OnUpdate gets both). */
  readonly oldObject?: KObject;
}

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Deliver at most this many store events (0 = all that are pending). */
  readonly limit?: number;
}

export type WatchResult =
  | { readonly ok: true; readonly events: readonly WatchEvent[]; readonly revision: number }
  | { readonly ok: false; readonly status: Status };

/** Events after resourceVersion `since`; `revision` is the revision the watcher has now seen up to. */
export function watch(state: State, resource: string, since: number, opts: WatchOptions = {}): WatchResult {
  const info = resolveResource(state, resource);
  if (!info) return { ok: false, status: unknownResource(resource) };
  const filter = compileFilter(info.kind, opts.labelSelector, opts.fieldSelector);
  if (isStatus(filter)) return { ok: false, status: filter };
  const prefix = storagePrefix(info, info.namespaced && opts.namespace ? opts.namespace : undefined);
  // A pod watch on one node is served from the pod-by-node index (the watch cache's indexed trigger), so a
  // kubelet reads its own node's writes instead of the cluster's.
  const node = info.kind === "Pod" ? nodeOfFieldSelector(opts.fieldSelector) : undefined;
  // A watch of one object by name (metadata.name=..., in a namespace for a namespaced resource) reads that key's
  // events only: a kubelet watching its own Node must not read every Node's heartbeats.
  const oneKey = namedObjectKey(info, opts.namespace, opts.fieldSelector);
  const w =
    node !== undefined && since + 1 >= state.store.compactRevision
      ? { ok: true as const, events: podEventsOnNode(state, node, since + 1, opts.limit ?? 0).filter((ev) => ev.kv.key.startsWith(prefix)) }
      : oneKey !== undefined
        ? storeWatchKey(state.store, oneKey, since + 1, opts.limit ?? 0)
        : storeWatch(state.store, prefix, since + 1, opts.limit ?? 0);
  if (!w.ok) {
    return {
      ok: false,
      status: resourceExpired(`too old resource version: ${since} (${state.store.compactRevision})`),
    };
  }
  const events: WatchEvent[] = [];
  let revision = opts.limit && w.events.length === opts.limit ? w.events[w.events.length - 1]!.revision : state.store.revision;
  for (const ev of w.events) {
    const cur = ev.type === "PUT" ? ev.kv.value : undefined;
    const old = ev.prevKv?.value;
    const curPasses = cur !== undefined && filter(cur);
    const oldPasses = old !== undefined && filter(old);
    if (curPasses && !oldPasses) events.push({ type: "ADDED", object: cur! });
    else if (curPasses && oldPasses) events.push({ type: "MODIFIED", object: cur!, oldObject: old! });
    else if (oldPasses) events.push({ type: "DELETED", object: withResourceVersion(old!, ev.revision), oldObject: old! });
  }
  if (w.events.length === 0) revision = Math.max(since, state.store.revision);
  return { ok: true, events, revision };
}
