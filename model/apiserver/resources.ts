/**
 * The resources the API server serves, by group/version/kind, with their scope. Built-ins are listed here;
 * CustomResourceDefinitions add entries at run time (kept in the state, so a CRD's resource exists exactly
 * while the CRD does).
 */
export interface ResourceInfo {
  /** API group, "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lower-case plural, the resource name in URLs and errors. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Whether the resource has a status subresource (main-resource updates then keep the old status). */
  readonly hasStatus: boolean;
  /** Whether a spec change bumps metadata.generation (resources with a spec). */
  readonly tracksGeneration: boolean;
  /** Set for resources defined by a CustomResourceDefinition. */
  readonly crd?: string;
}

const r = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  hasStatus: boolean,
  tracksGeneration: boolean,
): ResourceInfo => ({ group, version, kind, plural, namespaced, hasStatus, tracksGeneration });

/** Resources compiled into the API server (follows pkg/controlplane and the apps/autoscaling/apiextensions groups). */
export const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  r("", "v1", "Pod", "pods", true, true, true),
  r("", "v1", "Node", "nodes", false, true, false),
  r("", "v1", "Namespace", "namespaces", false, true, false),
  r("", "v1", "ReplicationController", "replicationcontrollers", true, true, true),
  r("", "v1", "Service", "services", true, true, false),
  r("", "v1", "Endpoints", "endpoints", true, false, false),
  r("", "v1", "PersistentVolume", "persistentvolumes", false, true, false),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, true, false),
  r("", "v1", "ResourceQuota", "resourcequotas", true, true, false),
  r("", "v1", "ServiceAccount", "serviceaccounts", true, false, false),
  r("", "v1", "Secret", "secrets", true, false, false),
  r("", "v1", "ConfigMap", "configmaps", true, false, false),
  r("", "v1", "Event", "events", true, false, false),
  r("apps", "v1", "ReplicaSet", "replicasets", true, true, true),
  r("apps", "v1", "Deployment", "deployments", true, true, true),
  r("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, true, true),
  r("coordination.k8s.io", "v1", "Lease", "leases", true, false, false),
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, false, false),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, true, true),
];

/** "pods" for core resources, "deployments.apps" otherwise: the id used in keys, actions and errors. */
export const resourceId = (info: Pick<ResourceInfo, "group" | "plural">): string =>
  info.group ? `${info.plural}.${info.group}` : info.plural;

/** apiVersion string of a resource: "v1" or "apps/v1". */
export const apiVersionOf = (info: Pick<ResourceInfo, "group" | "version">): string =>
  info.group ? `${info.group}/${info.version}` : info.version;

/** The etcd key of an object: /registry/<resource>/<namespace>/<name> (cluster scope: no namespace segment). */
export function storageKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  const id = info.group === "" || info.group === "apps" || info.group === "autoscaling" || info.group === "scheduling.k8s.io" ? info.plural : resourceId(info);
  return info.namespaced ? `/registry/${id}/${namespace}/${name}` : `/registry/${id}/${name}`;
}

/** The key prefix holding every object of a resource, or of one namespace of it. */
export function storagePrefix(info: ResourceInfo, namespace?: string): string {
  const base = storageKey({ ...info, namespaced: false }, undefined, "");
  return info.namespaced && namespace ? `${base}${namespace}/` : base;
}

/** Built-in resources indexed by id, by kind and by plural. */
export const BUILTIN_BY_ID: ReadonlyMap<string, ResourceInfo> = new Map(BUILTIN_RESOURCES.map((i) => [resourceId(i), i]));
