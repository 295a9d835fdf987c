/**
 * The object a field selector names when it is exactly `metadata.name=<name>`: the API server then reads that
 * one key for a list or a watch instead of the whole resource (its storage can: the name is the key).
 */
import { storageKey, type ResourceInfo } from "./resources.ts";

export function nameOfFieldSelector(fieldSelector: string | undefined): string | undefined {
  const m = fieldSelector ? /^metadata\.name=([^,=!]+)$/.exec(fieldSelector) : null;
  return m ? m[1] : undefined;
}

/**
 * The storage key a request is pinned to by its field selector (metadata.name=..., and a namespace for a
 * namespaced resource), or undefined when it may match more than one object.
 */
export function namedObjectKey(info: ResourceInfo, namespace: string | undefined, fieldSelector: string | undefined): string | undefined {
  const name = nameOfFieldSelector(fieldSelector);
  return name !== undefined && (!info.namespaced || namespace) ? storageKey(info, namespace, name) : undefined;
}
