/**
 * What discovery says of each built-in resource the model serves: names, verbs, short names, categories and
 * subresources, as kube-apiserver v1.32 lists them. Taken from the discovery documents upstream records for its
 * API (kubernetes/kubernetes api/discovery/api__v1.json, apis__apps__v1.json, apis__autoscaling__v2.json,
 * apis__coordination.k8s.io__v1.json, apis__apiextensions.k8s.io__v1.json,
 * apis__scheduling.k8s.io__v1.json), which are generated from the
 * registries' ShortNames() and Categories() (pkg/registry/<group>/<resource>/storage/storage.go) and the verbs
 * their storage implements. Only resources the model serves appear (no bindings, componentstatuses, limitranges,
 * podtemplates, daemonsets, statefulsets, controllerrevisions): discovery naming a resource the server then
 * answers 404 for would turn kubectl's "the server doesn't have a resource type" into a confusing error.
 * Subresources are listed as upstream does, including those the model does not serve (pods/exec, pods/log...):
 * kubectl never consults discovery for them, and `kubectl api-resources` then reads as against a real cluster.
 * pods/checkpoint (1.33+) and pods/resize (1.33+) are not in 1.32 and are left out.
 */

/** One subresource entry: "status" of pods is listed as "pods/status". */
export interface SubresourceDiscovery {
  readonly name: string;
  /** The kind it answers with; group and version only where they differ from the parent's (autoscaling/v1 Scale). */
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

/** One resource of discovery (the parts that are not its ResourceInfo: names for humans and its verbs). */
export interface ResourceDiscovery {
  readonly singularName: string;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Upstream's storageVersionHash (discovery.StorageVersionHash of group, storage version and kind). */
  readonly storageVersionHash?: string;
  readonly subresources: readonly SubresourceDiscovery[];
}

/** The verbs of a resource with the full generic REST storage (sorted, as upstream's discovery lists them). */
const ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
const GET_PATCH_UPDATE = ["get", "patch", "update"] as const;
const status = (kind: string): SubresourceDiscovery => ({ name: "status", kind, verbs: GET_PATCH_UPDATE });
const scale: SubresourceDiscovery = { name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: GET_PATCH_UPDATE };
const PROXY_VERBS = ["create", "delete", "get", "patch", "update"] as const;

/** By resource id (resources.ts resourceId). */
export const BUILTIN_DISCOVERY: Readonly<Record<string, ResourceDiscovery>> = {
  configmaps: { singularName: "configmap", verbs: ALL, shortNames: ["cm"], storageVersionHash: "qFsyl6wFWjQ=", subresources: [] },
  endpoints: { singularName: "endpoints", verbs: ALL, shortNames: ["ep"], storageVersionHash: "fWeeMqaN/OA=", subresources: [] },
  events: { singularName: "event", verbs: ALL, shortNames: ["ev"], storageVersionHash: "r2yiGXH7wu8=", subresources: [] },
  namespaces: {
    singularName: "namespace",
    // The namespace storage has no DeleteCollection (pkg/registry/core/namespace/storage: REST wraps the store).
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    shortNames: ["ns"],
    storageVersionHash: "Q3oi5N2YM8M=",
    subresources: [{ name: "finalize", kind: "Namespace", verbs: ["update"] }, status("Namespace")],
  },
  nodes: {
    singularName: "node",
    verbs: ALL,
    shortNames: ["no"],
    storageVersionHash: "XwShjMxG9Fs=",
    subresources: [{ name: "proxy", kind: "NodeProxyOptions", verbs: PROXY_VERBS }, status("Node")],
  },
  persistentvolumeclaims: {
    singularName: "persistentvolumeclaim",
    verbs: ALL,
    shortNames: ["pvc"],
    storageVersionHash: "QWTyNDq0dC4=",
    subresources: [status("PersistentVolumeClaim")],
  },
  persistentvolumes: {
    singularName: "persistentvolume",
    verbs: ALL,
    shortNames: ["pv"],
    storageVersionHash: "HN/zwEC+JgM=",
    subresources: [status("PersistentVolume")],
  },
  pods: {
    singularName: "pod",
    verbs: ALL,
    shortNames: ["po"],
    categories: ["all"],
    storageVersionHash: "xPOwRZ+Yhw8=",
    subresources: [
      { name: "attach", kind: "PodAttachOptions", verbs: ["create", "get"] },
      { name: "binding", kind: "Binding", verbs: ["create"] },
      { name: "ephemeralcontainers", kind: "Pod", verbs: GET_PATCH_UPDATE },
      { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
      { name: "exec", kind: "PodExecOptions", verbs: ["create", "get"] },
      { name: "log", kind: "Pod", verbs: ["get"] },
      { name: "portforward", kind: "PodPortForwardOptions", verbs: ["create", "get"] },
      { name: "proxy", kind: "PodProxyOptions", verbs: PROXY_VERBS },
      status("Pod"),
    ],
  },
  replicationcontrollers: {
    singularName: "replicationcontroller",
    verbs: ALL,
    shortNames: ["rc"],
    categories: ["all"],
    storageVersionHash: "Jond2If31h0=",
    subresources: [scale, status("ReplicationController")],
  },
  resourcequotas: {
    singularName: "resourcequota",
    verbs: ALL,
    shortNames: ["quota"],
    storageVersionHash: "8uhSgffRX6w=",
    subresources: [status("ResourceQuota")],
  },
  secrets: { singularName: "secret", verbs: ALL, storageVersionHash: "S6u1pOWzb84=", subresources: [] },
  serviceaccounts: {
    singularName: "serviceaccount",
    verbs: ALL,
    shortNames: ["sa"],
    storageVersionHash: "pbx9ZvyFpBE=",
    subresources: [{ name: "token", kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"] }],
  },
  services: {
    singularName: "service",
    verbs: ALL,
    shortNames: ["svc"],
    categories: ["all"],
    storageVersionHash: "0/CO1lhkEBI=",
    subresources: [{ name: "proxy", kind: "ServiceProxyOptions", verbs: PROXY_VERBS }, status("Service")],
  },
  "deployments.apps": {
    singularName: "deployment",
    verbs: ALL,
    shortNames: ["deploy"],
    categories: ["all"],
    storageVersionHash: "8aSe+NMegvE=",
    subresources: [scale, status("Deployment")],
  },
  "replicasets.apps": {
    singularName: "replicaset",
    verbs: ALL,
    shortNames: ["rs"],
    categories: ["all"],
    storageVersionHash: "P1RzHs8/mWQ=",
    subresources: [scale, status("ReplicaSet")],
  },
  "horizontalpodautoscalers.autoscaling": {
    singularName: "horizontalpodautoscaler",
    verbs: ALL,
    shortNames: ["hpa"],
    categories: ["all"],
    storageVersionHash: "qwQve8ut294=",
    subresources: [status("HorizontalPodAutoscaler")],
  },
  "priorityclasses.scheduling.k8s.io": { singularName: "priorityclass", verbs: ALL, shortNames: ["pc"], storageVersionHash: "1QwjyaZjj3Y=", subresources: [] },
  "leases.coordination.k8s.io": { singularName: "lease", verbs: ALL, storageVersionHash: "gqkMMb/YqFM=", subresources: [] },
  "customresourcedefinitions.apiextensions.k8s.io": {
    singularName: "customresourcedefinition",
    verbs: ALL,
    shortNames: ["crd", "crds"],
    categories: ["api-extensions"],
    storageVersionHash: "jfWCUB31mvA=",
    subresources: [status("CustomResourceDefinition")],
  },
};
