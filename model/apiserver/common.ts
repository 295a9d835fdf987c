/** Helpers shared by the API server's verbs. */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { storeGet, type KeyValue } from "../store/store.ts";
import { resolveResource } from "./lookup.ts";
import { storageKey, type ResourceInfo } from "./resources.ts";
import { badRequest, notFound, type QualifiedResource, type Status } from "./status.ts";

export const qualified = (info: ResourceInfo): QualifiedResource => ({ group: info.group, resource: info.plural });

/** 404 for a resource the server does not serve (the discovery miss of an unknown kind). */
export const unknownResource = (id: string): Status => ({
  ...notFound({ group: "", resource: id }, ""),
  message: `the server could not find the requested resource (${id})`,
});

/** Resolves resource id and namespace of a request, or the Status that refuses it. */
export function target(
  state: State,
  resource: string,
  namespace: string | undefined,
): { info: ResourceInfo; namespace: string } | Status {
  const info = resolveResource(state, resource);
  if (!info) return unknownResource(resource);
  if (!info.namespaced) return { info, namespace: "" };
  const ns = namespace ?? "default";
  if (ns === "") return badRequest(`a namespace is required for ${info.plural}`);
  return { info, namespace: ns };
}

/** The stored key-value of an object, if it exists. */
export function existing(state: State, info: ResourceInfo, namespace: string, name: string): KeyValue<KObject> | undefined {
  return storeGet(state.store, storageKey(info, namespace, name));
}

/** The object with metadata.resourceVersion set to rev (stored objects carry their own resourceVersion). */
export function withResourceVersion(obj: KObject, rev: number): KObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
}

/** Deep equality of two JSON values (used for "did the spec change"). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as any)[k], (b as any)[k]));
}

/** Everything of an object but metadata and status: what a generation tracks. */
export function specPart(o: KObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}
