/**
 * What a cluster is made of, as data: its settings, the components it runs (each a kind from the registry of
 * kinds, with options), the components every node runs, and kube-apiserver's admission plug-ins. The config
 * travels with the state (State.config), so a state, a trace, a replay and a fingerprint all say which model
 * produced them; model/components/kinds.ts turns a kind and its options into a behaviour. A zoo bug is a variant
 * of a config (options switched on), never a change to code or to a registry.
 */

/** A JSON value, as a component's or a plug-in's options hold them. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** Options of a component kind or an admission plug-in: JSON data. */
export type Options = Readonly<Record<string, JsonValue>>;

/** One component of the control plane: its id (a process, e.g. "kube-controller-manager/endpoint"), its kind. */
export interface ComponentSpec {
  readonly id: string;
  readonly kind: string;
  readonly options?: Options;
}

/**
 * A component every node runs (the kubelet, kube-proxy): started when the node is added, with id
 * `<prefix>/<node>` ("kubelet/node-1").
 */
export interface NodeComponentSpec {
  readonly prefix: string;
  readonly kind: string;
  readonly options?: Options;
}

/** An admission plug-in kube-apiserver runs (by its name in pkg/kubeapiserver/options/plugins.go). */
export interface AdmissionSpec {
  readonly name: string;
  readonly options?: Options;
}

/** Numeric settings of a run (a scenario's `settings:`). */
export interface ClusterSettings {
  /** Node monitor grace period (seconds) after which the node controller marks a node Unknown. */
  readonly nodeMonitorGracePeriod: number;
  /** Default tolerationSeconds for the not-ready/unreachable taints (seconds). */
  readonly podEvictionTimeout: number;
  /** Keep at most this many revisions of watch history; older ones are compacted (0 = never). */
  readonly watchHistory: number;
  /**
   * etcd's --quota-backend-bytes: a create that would take the store past it fails with "etcdserver: mvcc:
   * database space exceeded" (model/apiserver/space-quota.ts); 0 = no quota. etcd's default is 2 GiB
   * (server/etcdserver/quota.go DefaultQuotaBytes); the model's is 8 MiB, about 2,900 pods with their events.
   * Each pod of a pile-up costs the model a round of steps, and each round a sync of its ReplicaSet over every pod
   * it owns (as upstream, whose workqueue merges the updates that arrive during one sync): a cluster of n pending
   * pods costs n² work, so 8 MiB is the largest the model still settles in seconds. A controller that creates
   * without end (a Deployment of 2^31-1 replicas) meets it as it would meet etcd's on a real cluster, later.
   * Raise it with `settings: { quotaBackendBytes: N }` (2147483648 for etcd's).
   */
  readonly quotaBackendBytes: number;
}

export interface ClusterConfig extends ClusterSettings {
  /** The control plane, in the order the components start. */
  readonly components: readonly ComponentSpec[];
  /** What every node runs. */
  readonly nodeComponents: readonly NodeComponentSpec[];
  /** kube-apiserver's admission chain, in order (mutating phase, then validating phase, each in this order). */
  readonly admission: readonly AdmissionSpec[];
}

/** The model's default space quota (8 MiB): see ClusterSettings.quotaBackendBytes. */
export const MODEL_QUOTA_BACKEND_BYTES = 8 * 1024 * 1024;

export const DEFAULT_SETTINGS: ClusterSettings = { nodeMonitorGracePeriod: 40, podEvictionTimeout: 300, watchHistory: 0, quotaBackendBytes: MODEL_QUOTA_BACKEND_BYTES };

/** The control plane of a kubeadm cluster, as far as the model has its parts (ids as process/controller). */
export const DEFAULT_CONTROL_PLANE: readonly ComponentSpec[] = [
  { id: "kube-apiserver/crd-cleanup", kind: "crd-cleanup-controller" },
  { id: "kube-apiserver/resourcequota-admission", kind: "resourcequota-admission-informer" },
  { id: "kube-scheduler", kind: "scheduler" },
  { id: "kube-apiserver/service-allocator-repair", kind: "service-allocator-repair" },
  { id: "kube-controller-manager/deployment", kind: "deployment-controller" },
  { id: "kube-controller-manager/endpoint", kind: "endpoint-controller" },
  { id: "kube-controller-manager/garbagecollector", kind: "garbagecollector" },
  { id: "kube-controller-manager/horizontalpodautoscaling", kind: "horizontalpodautoscaler-controller" },
  { id: "kube-controller-manager/nodelifecycle", kind: "nodelifecycle-controller" },
  { id: "kube-controller-manager/replicaset", kind: "replicaset-controller" },
  { id: "kube-controller-manager/replicationcontroller", kind: "replicationcontroller-controller" },
  { id: "kube-controller-manager/namespace", kind: "namespace-controller" },
  { id: "kube-controller-manager/persistentvolume-binder", kind: "persistentvolume-binder-controller" },
  { id: "kube-controller-manager/pvc-protection", kind: "persistentvolumeclaim-protection-controller" },
  { id: "kube-controller-manager/pv-protection", kind: "persistentvolume-protection-controller" },
  { id: "kube-controller-manager/resourcequota", kind: "resourcequota-controller" },
  { id: "kube-controller-manager/root-ca-cert-publisher", kind: "root-ca-cert-publisher" },
  { id: "kube-controller-manager/service", kind: "service-controller" },
  { id: "kube-controller-manager/serviceaccount", kind: "serviceaccounts-controller" },
  { id: "kube-controller-manager/serviceaccount-token", kind: "serviceaccount-tokens-controller" },
];

export const DEFAULT_NODE_COMPONENTS: readonly NodeComponentSpec[] = [
  { prefix: "kubelet", kind: "kubelet" },
  { prefix: "kube-proxy", kind: "kube-proxy" },
];

/**
 * The admission plug-ins of the seed's resources, in kube-apiserver's order (AllOrderedPlugins):
 * ServiceAccount, Priority and DefaultTolerationSeconds mutate a pod before ResourceQuota charges it (a quota
 * scoped to a PriorityClass reads the class Priority admission resolved); StorageObjectInUseProtection (after
 * DefaultStorageClass, which the model does not have) puts the protection finalizers on new claims and volumes;
 * PersistentVolumeClaimResize refuses a claim's growth (no StorageClass allows expansion: none is served).
 */
export const DEFAULT_ADMISSION: readonly AdmissionSpec[] = [
  { name: "NamespaceLifecycle" },
  { name: "ServiceAccount" },
  { name: "Priority" },
  { name: "DefaultTolerationSeconds" },
  { name: "StorageObjectInUseProtection" },
  { name: "PersistentVolumeClaimResize" },
  { name: "ResourceQuota" },
];

export const DEFAULT_CLUSTER_CONFIG: ClusterConfig = {
  ...DEFAULT_SETTINGS,
  components: DEFAULT_CONTROL_PLANE,
  nodeComponents: DEFAULT_NODE_COMPONENTS,
  admission: DEFAULT_ADMISSION,
};

/**
 * A config from a partial one (a scenario's), the rest default. A complete config is returned as it is (states of
 * one run share one config object, which the registry of kinds resolves once), `{}` as the default object.
 */
export function clusterConfig(partial: Partial<ClusterConfig> = {}): ClusterConfig {
  const keys = Object.keys(partial);
  if (keys.length === 0) return DEFAULT_CLUSTER_CONFIG;
  if (keys.length === Object.keys(DEFAULT_CLUSTER_CONFIG).length && keys.every((k) => k in DEFAULT_CLUSTER_CONFIG)) return partial as ClusterConfig;
  return { ...DEFAULT_CLUSTER_CONFIG, ...partial };
}

/** The config without the control-plane components of these kinds (a test runs a cluster with some controllers missing). */
export function withoutKinds(config: ClusterConfig, kinds: readonly string[]): ClusterConfig {
  if (!config.components.some((c) => kinds.includes(c.kind))) return config;
  return { ...config, components: config.components.filter((c) => !kinds.includes(c.kind)) };
}

/** The config whose control plane has only the components of these kinds (every node component stays). */
export function onlyKinds(config: ClusterConfig, kinds: readonly string[]): ClusterConfig {
  return { ...config, components: config.components.filter((c) => kinds.includes(c.kind)) };
}

/**
 * A variant of a cluster: options to merge into every component of a kind and into admission plug-ins, by name.
 * A zoo bug is one (the buggy code path is an option of the component, off in Kubernetes as shipped).
 */
export interface ClusterVariant {
  readonly components?: Readonly<Record<string, Options>>;
  readonly admission?: Readonly<Record<string, Options>>;
}

/** A config a variant does not fit: the path of the field and why. */
export class ConfigError extends Error {
  constructor(
    readonly where: string,
    readonly why: string,
  ) {
    super(`${where}: ${why}`);
    this.name = "ConfigError";
  }
}

/**
 * The config with a variant's options merged in. A kind or plug-in the config does not run is refused: a variant
 * that changes nothing would silently check the correct model.
 */
export function withVariant(config: ClusterConfig, v: ClusterVariant): ClusterConfig {
  let { components, nodeComponents, admission } = config;
  for (const [kind, options] of Object.entries(v.components ?? {})) {
    const hit = components.some((c) => c.kind === kind) || nodeComponents.some((c) => c.kind === kind);
    if (!hit) throw new ConfigError(`variant.components.${kind}`, `the cluster runs no component of kind "${kind}"`);
    components = components.map((c) => (c.kind === kind ? { ...c, options: { ...c.options, ...options } } : c));
    nodeComponents = nodeComponents.map((c) => (c.kind === kind ? { ...c, options: { ...c.options, ...options } } : c));
  }
  for (const [name, options] of Object.entries(v.admission ?? {})) {
    if (!admission.some((a) => a.name === name)) throw new ConfigError(`variant.admission.${name}`, `the cluster runs no admission plug-in "${name}"`);
    admission = admission.map((a) => (a.name === name ? { ...a, options: { ...a.options, ...options } } : a));
  }
  return { ...config, components, nodeComponents, admission };
}

/** The options a config gives component `id` of `kind`: its own spec's (of that kind), else its kind's as a node component. */
export function componentOptions(config: ClusterConfig, id: string, kind: string): Options {
  return config.components.find((c) => c.id === id && c.kind === kind)?.options ?? config.nodeComponents.find((c) => c.kind === kind)?.options ?? {};
}

/** The options of admission plug-in `name` (undefined when the chain does not run it). */
export function admissionOptions(config: ClusterConfig, name: string): Options | undefined {
  const a = config.admission.find((x) => x.name === name);
  return a ? (a.options ?? {}) : undefined;
}
