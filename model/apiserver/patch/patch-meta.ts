/**
 * The strategic merge patch metadata of the built-in kinds the model serves: which list is merged by which key,
 * which field has which patch strategy. Transcribed from the `patchStrategy` / `patchMergeKey` struct tags in
 * k8s.io/api (staging/src/k8s.io/api/core/v1/types.go, apps/v1/types.go, autoscaling/v2/types.go) and
 * k8s.io/apimachinery/pkg/apis/meta/v1/types.go (ObjectMeta). strategicpatch.LookupPatchMetadata reads the same tags
 * by reflection; here each Go struct is a `StructMeta` naming only the fields whose patching is not the default
 * (a map is merged key by key, a list is replaced whole) or whose children have such fields.
 */

/** One field's tags: `patchStrategy` ("merge", "retainKeys", "merge,retainKeys", "replace") and `patchMergeKey`. */
export interface FieldMeta {
  readonly strategy?: "merge" | "retainKeys" | "merge,retainKeys" | "replace";
  readonly mergeKey?: string;
  /** The struct of the field's value, or of its elements for a list. */
  readonly type?: StructMeta;
}

/** A Go struct: its JSON field names with their metadata (fields absent here patch by the default rules). */
export type StructMeta = { readonly [field: string]: FieldMeta };

const merge = (mergeKey?: string, type?: StructMeta): FieldMeta => ({ strategy: "merge", ...(mergeKey ? { mergeKey } : {}), ...(type ? { type } : {}) });
const of = (type: StructMeta): FieldMeta => ({ type });

/** metav1.ObjectMeta: ownerReferences merged by uid, finalizers a set (primitive list, patchStrategy merge). */
const OBJECT_META: StructMeta = {
  ownerReferences: merge("uid"),
  finalizers: merge(),
};

/** core/v1 Container (and EphemeralContainer's common fields). */
const CONTAINER: StructMeta = {
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
};

/** core/v1 PodSpec. tolerations, readinessGates and envFrom carry no patch strategy: they are replaced whole. */
const POD_SPEC: StructMeta = {
  volumes: { strategy: "merge,retainKeys", mergeKey: "name" },
  initContainers: merge("name", CONTAINER),
  containers: merge("name", CONTAINER),
  ephemeralContainers: merge("name", CONTAINER),
  imagePullSecrets: merge("name"),
  hostAliases: merge("ip"),
  topologySpreadConstraints: merge("topologyKey"),
  schedulingGates: merge("name"),
  resourceClaims: { strategy: "merge,retainKeys", mergeKey: "name" },
};

/** core/v1 PodStatus. */
const POD_STATUS: StructMeta = {
  conditions: merge("type"),
  podIPs: merge("ip"),
  hostIPs: merge("ip"),
  resourceClaimStatuses: merge("name"),
};

const POD_TEMPLATE_SPEC: StructMeta = { metadata: of(OBJECT_META), spec: of(POD_SPEC) };

/** Any `status` whose only tagged field is `conditions` merged by type. */
const CONDITIONS_STATUS: StructMeta = { conditions: merge("type") };

const object = (spec?: StructMeta, status?: StructMeta, extra?: StructMeta): StructMeta => ({
  metadata: of(OBJECT_META),
  ...(spec ? { spec: of(spec) } : {}),
  ...(status ? { status: of(status) } : {}),
  ...(extra ?? {}),
});

/** The top-level struct of each built-in kind, by "group/Kind" ("" group for core). */
export const PATCH_META: { readonly [groupKind: string]: StructMeta } = {
  "/Pod": object(POD_SPEC, POD_STATUS),
  "/Node": object({ podCIDRs: merge() }, { conditions: merge("type"), addresses: merge("type") }),
  "/Namespace": object({}, CONDITIONS_STATUS),
  "/ReplicationController": object({ template: of(POD_TEMPLATE_SPEC) }, CONDITIONS_STATUS),
  "/Service": object({ ports: merge("port") }, CONDITIONS_STATUS),
  "/Endpoints": object(),
  "/PersistentVolume": object(),
  "/PersistentVolumeClaim": object({}, CONDITIONS_STATUS),
  "/ResourceQuota": object(),
  "/ServiceAccount": object(undefined, undefined, { secrets: merge("name") }),
  "/Secret": object(),
  "/ConfigMap": object(),
  "/Event": object(),
  "apps/ReplicaSet": object({ template: of(POD_TEMPLATE_SPEC) }, CONDITIONS_STATUS),
  "apps/Deployment": object({ template: of(POD_TEMPLATE_SPEC), strategy: { strategy: "retainKeys" } }, CONDITIONS_STATUS),
  "autoscaling/HorizontalPodAutoscaler": object({}, CONDITIONS_STATUS),
  "coordination.k8s.io/Lease": object(),
  "scheduling.k8s.io/PriorityClass": object(),
  // apiextensions/v1 CustomResourceDefinitionStatus.conditions is a listType=map without a patchStrategy tag.
  "apiextensions.k8s.io/CustomResourceDefinition": object(),
};

/** The patch metadata of a built-in kind, or undefined (a custom resource has none: no Go struct to read tags from). */
export function patchMetaFor(group: string, kind: string): StructMeta | undefined {
  return PATCH_META[`${group}/${kind}`];
}

/**
 * LookupPatchMetadata of one field: its strategies split as extractRetainKeysPatchStrategy does (retainKeys apart from
 * the merge/replace strategy), its merge key and its own struct.
 */
export function lookupPatchMeta(t: StructMeta | undefined, field: string): { strategy: "" | "merge" | "replace"; retainKeys: boolean; mergeKey: string; type: StructMeta | undefined } {
  const m = t !== undefined && Object.hasOwn(t, field) ? t[field] : undefined;
  const parts = (m?.strategy ?? "").split(",").filter((s) => s !== "");
  const retainKeys = parts.includes("retainKeys");
  const rest = parts.filter((s) => s !== "retainKeys");
  return { strategy: (rest[0] as "merge" | "replace" | undefined) ?? "", retainKeys, mergeKey: m?.mergeKey ?? "", type: m?.type };
}
