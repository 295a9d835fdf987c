/**
 * Deployment and ReplicaSet shapes used by the Deployment controller helpers, with the fields added after
 * kubernetes-types 1.30 (spec.podReplacementPolicy, status.terminatingReplicas; k8s.io/api/apps/v1 types.go,
 * v1.33+), and the field accessors that stand for Go's pointer dereferences.
 *
 * Every plain `Deployment` / `ReplicaSet` of kubernetes-types/apps/v1 is assignable to these types.
 */
import type {
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
} from "kubernetes-types/apps/v1.js";

/** apps/v1 DeploymentPodReplacementPolicy: when replacement pods are created during a rollout. */
export type PodReplacementPolicy = "TerminationStarted" | "TerminationComplete";

/** A DeploymentSpec with spec.podReplacementPolicy (feature DeploymentPodReplacementPolicy). */
export type DeploymentSpecV = DeploymentSpec & { podReplacementPolicy?: PodReplacementPolicy };

/** A DeploymentStatus with status.terminatingReplicas (feature DeploymentReplicaSetTerminatingReplicas). */
export type DeploymentStatusV = DeploymentStatus & { terminatingReplicas?: number };

/** A Deployment with the newer fields. */
export type DeploymentV = Omit<Deployment, "spec" | "status"> & { spec?: DeploymentSpecV; status?: DeploymentStatusV };

/** A ReplicaSetStatus with status.terminatingReplicas (nil when unknown or the feature is off). */
export type ReplicaSetStatusV = ReplicaSetStatus & { terminatingReplicas?: number | null };

/** A ReplicaSet with the newer fields. */
export type ReplicaSetV = Omit<ReplicaSet, "spec" | "status"> & { spec?: ReplicaSetSpec; status?: ReplicaSetStatusV };

/** The feature gates the Deployment controller helpers consult (pkg/features/kube_features.go). */
export interface DeploymentFeatureGates {
  /** DeploymentReplicaSetTerminatingReplicas: status.terminatingReplicas is tracked. */
  readonly deploymentReplicaSetTerminatingReplicas?: boolean;
  /** DeploymentPodReplacementPolicy: spec.podReplacementPolicy is honoured. */
  readonly deploymentPodReplacementPolicy?: boolean;
}

/**
 * `*(deployment.Spec.Replicas)`. The API server defaults a missing value to 1 (pkg/apis/apps/v1/defaults.go),
 * which is used here for an object that was not defaulted.
 */
export function deploymentReplicas(d: DeploymentV): number {
  return d.spec?.replicas ?? 1;
}

/** `*(rs.Spec.Replicas)`, defaulting to 1 like the API server does. */
export function rsReplicas(rs: ReplicaSetV): number {
  return rs.spec?.replicas ?? 1;
}

/** True when the deployment's strategy type is RollingUpdate. Follows deployment_util.go (IsRollingUpdate). */
export function isRollingUpdate(d: DeploymentV): boolean {
  return d.spec?.strategy?.type === "RollingUpdate";
}
