/**
 * The protobuf message of each kind kubeprop decodes, by apiVersion and kind: the built-in kinds the model serves
 * (model/apiserver/resources.ts, less CustomResourceDefinition, which clients send as JSON) and DeleteOptions,
 * which metav1.AddToGroupVersion registers in every group version (so it comes under any apiVersion).
 */
const CORE = "k8s.io.api.core.v1";

export const KIND_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: Object.fromEntries(
    ["Pod", "Node", "Namespace", "ReplicationController", "Service", "Endpoints", "PersistentVolume", "PersistentVolumeClaim", "ResourceQuota", "ServiceAccount", "Secret", "ConfigMap", "Event"].map(
      (k) => [k, `${CORE}.${k}`],
    ),
  ),
  "apps/v1": { ReplicaSet: "k8s.io.api.apps.v1.ReplicaSet", Deployment: "k8s.io.api.apps.v1.Deployment" },
  "autoscaling/v2": { HorizontalPodAutoscaler: "k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler" },
  "coordination.k8s.io/v1": { Lease: "k8s.io.api.coordination.v1.Lease" },
  "scheduling.k8s.io/v1": { PriorityClass: "k8s.io.api.scheduling.v1.PriorityClass" },
};

const DELETE_OPTIONS = "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions";

/** The message full name for an apiVersion and kind, or undefined when kubeprop's schema has none. */
export function messageOf(apiVersion: string, kind: string): string | undefined {
  if (kind === "DeleteOptions") return DELETE_OPTIONS;
  return KIND_MESSAGES[apiVersion]?.[kind];
}
