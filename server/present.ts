/**
 * How an answer is presented: the object itself, or a meta.k8s.io Table (server-side printing, as `kubectl get`
 * asks with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io, ...`) made by model/apiserver/table.ts at the
 * cluster's logical time. In a watch, each event's object is a one-row Table; only the first carries the column
 * definitions, as the API server's watch encoder does (handlers/watch.go with a Table transform).
 */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { resolveResource } from "../model/apiserver/lookup.ts";
import { negotiateTable, parseIncludeObject, toTable, type TableVersion } from "../model/apiserver/table.ts";

/** The Table version an Accept header asks for, if any. */
export const tableVersion = (accept: string): TableVersion | undefined => negotiateTable(accept);

/** The Content-Type of a Table answer. */
export const tableContentType = (v: TableVersion): string => `application/json;as=Table;v=${v};g=meta.k8s.io`;

/** A get or list answer as a Table. */
export function presentTable(state: State, resource: string, obj: KObject, q: URLSearchParams, version: TableVersion): unknown {
  const info = resolveResource(state, resource);
  if (!info) return obj;
  const include = parseIncludeObject(q.get("includeObject"));
  return toTable(state, info, obj, state.clock.now, { version, ...(include ? { includeObject: include } : {}) });
}

/** A watch event's object as a one-row Table (column definitions on the first event only). */
export function presentEvent(state: State, resource: string, obj: KObject, first: boolean, version: TableVersion, q: URLSearchParams): unknown {
  const info = resolveResource(state, resource);
  if (!info) return obj;
  const include = parseIncludeObject(q.get("includeObject"));
  return toTable(state, info, obj, state.clock.now, { version, noHeaders: !first, ...(include ? { includeObject: include } : {}) });
}
