/**
 * What the generated.proto files do not say but the JSON a Go client sends depends on: which fields of the Go
 * structs are pointers, and which are embedded inline. Read from the Go types (k8s.io/api core/v1, apps/v1,
 * autoscaling/v2, coordination/v1 types.go and k8s.io/apimachinery meta/v1 types.go); see README.md.
 *
 * Why it matters: gogo-protobuf's Marshal writes every non-pointer field, zero or not (`generateName: ""`,
 * `generation: 0`, `hostNetwork: false` are on the wire of every object kubectl sends), and a pointer field only
 * when it is set. Decoded into the Go struct, a zero non-pointer field is the same as an absent one, so the
 * decoder drops it; a zero pointer field is a value the client chose (`replicas: 0`,
 * `automountServiceAccountToken: false`, `terminationGracePeriodSeconds: 0`) and is kept.
 */

/** Scalar fields that are Go pointers, by message full name (without the leading dot). */
export const POINTER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta": ["deletionGracePeriodSeconds"],
  "k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference": ["controller", "blockOwnerDeletion"],
  "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions": ["gracePeriodSeconds", "orphanDependents", "propagationPolicy", "ignoreStoreReadErrorWithClusterBreakingPotential"],
  "k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions": ["uid", "resourceVersion"],
  "k8s.io.api.core.v1.PersistentVolumeSpec": ["volumeMode", "volumeAttributesClassName"],
  "k8s.io.api.core.v1.PersistentVolumeClaimSpec": ["storageClassName", "volumeMode", "volumeAttributesClassName"],
  "k8s.io.api.core.v1.PersistentVolumeClaimStatus": ["currentVolumeAttributesClassName"],
  "k8s.io.api.core.v1.TypedObjectReference": ["apiGroup", "namespace"],
  "k8s.io.api.core.v1.TypedLocalObjectReference": ["apiGroup"],
  "k8s.io.api.core.v1.HostPathVolumeSource": ["type"],
  "k8s.io.api.core.v1.GlusterfsPersistentVolumeSource": ["endpointsNamespace"],
  "k8s.io.api.core.v1.SecretVolumeSource": ["defaultMode", "optional"],
  "k8s.io.api.core.v1.SecretProjection": ["optional"],
  "k8s.io.api.core.v1.ISCSIVolumeSource": ["initiatorName"],
  "k8s.io.api.core.v1.ISCSIPersistentVolumeSource": ["initiatorName"],
  "k8s.io.api.core.v1.FCVolumeSource": ["lun"],
  "k8s.io.api.core.v1.AzureFilePersistentVolumeSource": ["secretNamespace"],
  "k8s.io.api.core.v1.AzureDiskVolumeSource": ["cachingMode", "fsType", "readOnly", "kind"],
  "k8s.io.api.core.v1.ConfigMapVolumeSource": ["defaultMode", "optional"],
  "k8s.io.api.core.v1.ConfigMapProjection": ["optional"],
  "k8s.io.api.core.v1.ServiceAccountTokenProjection": ["expirationSeconds"],
  "k8s.io.api.core.v1.ClusterTrustBundleProjection": ["name", "signerName", "optional"],
  "k8s.io.api.core.v1.ProjectedVolumeSource": ["defaultMode"],
  "k8s.io.api.core.v1.KeyToPath": ["mode"],
  "k8s.io.api.core.v1.LocalVolumeSource": ["fsType"],
  "k8s.io.api.core.v1.CSIVolumeSource": ["readOnly", "fsType"],
  "k8s.io.api.core.v1.VolumeMount": ["mountPropagation"],
  "k8s.io.api.core.v1.ConfigMapKeySelector": ["optional"],
  "k8s.io.api.core.v1.SecretKeySelector": ["optional"],
  "k8s.io.api.core.v1.ConfigMapEnvSource": ["optional"],
  "k8s.io.api.core.v1.SecretEnvSource": ["optional"],
  "k8s.io.api.core.v1.FileKeySelector": ["optional"],
  "k8s.io.api.core.v1.GRPCAction": ["service"],
  "k8s.io.api.core.v1.Probe": ["terminationGracePeriodSeconds"],
  "k8s.io.api.core.v1.Container": ["restartPolicy"],
  "k8s.io.api.core.v1.EphemeralContainerCommon": ["restartPolicy"],
  "k8s.io.api.core.v1.ContainerStatus": ["started"],
  "k8s.io.api.core.v1.Toleration": ["tolerationSeconds"],
  "k8s.io.api.scheduling.v1.PriorityClass": ["preemptionPolicy"],
  "k8s.io.api.core.v1.PodSpec": [
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "automountServiceAccountToken",
    "shareProcessNamespace",
    "priority",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "setHostnameAsFQDN",
    "hostUsers",
  ],
  "k8s.io.api.core.v1.TopologySpreadConstraint": ["minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy"],
  "k8s.io.api.core.v1.PodSecurityContext": ["runAsUser", "runAsNonRoot", "fsGroup", "runAsGroup", "fsGroupChangePolicy"],
  "k8s.io.api.core.v1.SecurityContext": ["privileged", "runAsUser", "runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "runAsGroup", "procMount"],
  "k8s.io.api.core.v1.WindowsSecurityContextOptions": ["gmsaCredentialSpecName", "gmsaCredentialSpec", "runAsUserName", "hostProcess"],
  "k8s.io.api.core.v1.SeccompProfile": ["localhostProfile"],
  "k8s.io.api.core.v1.PodDNSConfigOption": ["value"],
  "k8s.io.api.core.v1.ReplicationControllerSpec": ["replicas"],
  "k8s.io.api.core.v1.ClientIPConfig": ["timeoutSeconds"],
  "k8s.io.api.core.v1.LoadBalancerIngress": ["ipMode"],
  "k8s.io.api.core.v1.PortStatus": ["error"],
  "k8s.io.api.core.v1.ServiceSpec": ["ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy"],
  "k8s.io.api.core.v1.ServicePort": ["appProtocol"],
  "k8s.io.api.core.v1.ServiceAccount": ["automountServiceAccountToken"],
  "k8s.io.api.core.v1.EndpointAddress": ["nodeName"],
  "k8s.io.api.core.v1.EndpointPort": ["appProtocol"],
  "k8s.io.api.core.v1.Secret": ["immutable"],
  "k8s.io.api.core.v1.ConfigMap": ["immutable"],
  "k8s.io.api.core.v1.DownwardAPIVolumeSource": ["defaultMode"],
  "k8s.io.api.core.v1.DownwardAPIVolumeFile": ["mode"],
  "k8s.io.api.apps.v1.DeploymentSpec": ["replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "podReplacementPolicy"],
  "k8s.io.api.apps.v1.DeploymentStatus": ["collisionCount", "terminatingReplicas"],
  "k8s.io.api.apps.v1.ReplicaSetSpec": ["replicas"],
  "k8s.io.api.apps.v1.ReplicaSetStatus": ["terminatingReplicas"],
  "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec": ["minReplicas"],
  "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerStatus": ["observedGeneration"],
  "k8s.io.api.autoscaling.v2.HPAScalingRules": ["selectPolicy", "stabilizationWindowSeconds"],
  "k8s.io.api.autoscaling.v2.MetricTarget": ["averageUtilization"],
  "k8s.io.api.autoscaling.v2.MetricValueStatus": ["averageUtilization"],
  "k8s.io.api.coordination.v1.LeaseSpec": ["holderIdentity", "leaseDurationSeconds", "leaseTransitions", "strategy", "preferredHolder"],
};

/** Embedded Go structs (`json:",inline"`): their fields belong to the enclosing JSON object. */
export const INLINE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "k8s.io.api.core.v1.Volume": ["volumeSource"],
  "k8s.io.api.core.v1.PersistentVolumeSpec": ["persistentVolumeSource"],
  "k8s.io.api.core.v1.ConfigMapVolumeSource": ["localObjectReference"],
  "k8s.io.api.core.v1.ConfigMapProjection": ["localObjectReference"],
  "k8s.io.api.core.v1.ConfigMapKeySelector": ["localObjectReference"],
  "k8s.io.api.core.v1.ConfigMapEnvSource": ["localObjectReference"],
  "k8s.io.api.core.v1.SecretKeySelector": ["localObjectReference"],
  "k8s.io.api.core.v1.SecretEnvSource": ["localObjectReference"],
  "k8s.io.api.core.v1.SecretProjection": ["localObjectReference"],
  "k8s.io.api.core.v1.Probe": ["handler"],
  "k8s.io.api.core.v1.EphemeralContainer": ["ephemeralContainerCommon"],
};

const asSets = (table: Readonly<Record<string, readonly string[]>>): ReadonlyMap<string, ReadonlySet<string>> =>
  new Map(Object.entries(table).map(([k, v]) => [k, new Set(v)]));

export const POINTERS = asSets(POINTER_FIELDS);
export const INLINES = asSets(INLINE_FIELDS);
