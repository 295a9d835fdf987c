/**
 * Kubernetes-shaped API objects as plain JSON data. The model keeps objects exactly as the API serves them
 * (apiVersion, kind, metadata, spec, status), so a trace, a scenario and `kubectl get -o json` read alike.
 */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
}

/** Any API object. Kind-specific fields (spec, status, data, subsets, ...) stay open. */
export interface KObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: any;
  readonly status?: any;
  readonly [field: string]: unknown;
}

/** Labels of an object, never undefined. */
export const labelsOf = (o: KObject): Readonly<Record<string, string>> => o.metadata.labels ?? {};

/** The controller owner reference of an object (controller=true), if any. */
export function controllerRefOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** "namespace/name" or "name": client-go's MetaNamespaceKeyFunc, the key of work queues and caches. */
export function metaNamespaceKey(o: { metadata: ObjectMeta }): string {
  const ns = o.metadata.namespace;
  return ns ? `${ns}/${o.metadata.name}` : o.metadata.name!;
}

/** Splits a MetaNamespaceKey into namespace ("" for cluster scope) and name. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
