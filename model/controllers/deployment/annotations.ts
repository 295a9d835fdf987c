/**
 * The replica annotations the Deployment controller keeps on its ReplicaSets.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (DesiredReplicasAnnotation, MaxReplicasAnnotation,
 * getNonNegativeInt32FromAnnotation, GetDesiredReplicasAnnotation, getMaxReplicasAnnotation,
 * SetReplicasAnnotations, ReplicasAnnotationsNeedUpdate). Pure: setters return new objects.
 */
import type { ReplicaSetV } from "./types.ts";

/** Records the deployment's spec.replicas on its ReplicaSets. */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** Records spec.replicas + maxSurge, used to estimate proportions when a deployment with surge pods is scaled. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** The revision of a deployment's ReplicaSet. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

const MAX_INT32 = 2 ** 31 - 1;

/** Result of reading a non-negative int32 annotation. */
export interface AnnotationInt {
  readonly value: number;
  /** True when the annotation is present and parses. */
  readonly valid: boolean;
  /** Why a present annotation did not parse ("invalid syntax" or "out of range"). */
  readonly error?: string;
}

/**
 * Reads an annotation as a non-negative int32 (Go: strconv.ParseUint(v, 10, 31)): digits only, at most 2^31−1.
 * A missing annotation gives {value 0, valid false} without error.
 * Follows deployment_util.go (getNonNegativeInt32FromAnnotation).
 */
export function getNonNegativeInt32FromAnnotation(rs: ReplicaSetV, key: string): AnnotationInt {
  const raw = rs.metadata?.annotations?.[key];
  if (raw === undefined) return { value: 0, valid: false };
  if (!/^[0-9]+$/.test(raw)) return { value: 0, valid: false, error: `parsing ${JSON.stringify(raw)}: invalid syntax` };
  const n = Number(raw);
  if (n > MAX_INT32) return { value: 0, valid: false, error: `parsing ${JSON.stringify(raw)}: value out of range` };
  return { value: n, valid: true };
}

/** The desired-replicas annotation. Follows deployment_util.go (GetDesiredReplicasAnnotation). */
export function getDesiredReplicasAnnotation(rs: ReplicaSetV): AnnotationInt {
  return getNonNegativeInt32FromAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** The max-replicas annotation. Follows deployment_util.go (getMaxReplicasAnnotation). */
export function getMaxReplicasAnnotation(rs: ReplicaSetV): AnnotationInt {
  return getNonNegativeInt32FromAnnotation(rs, MAX_REPLICAS_ANNOTATION);
}

/**
 * True when the desired/max replica annotations differ from the given values.
 * Follows deployment_util.go (ReplicasAnnotationsNeedUpdate).
 */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSetV, desiredReplicas: number, maxReplicas: number): boolean {
  const a = rs.metadata?.annotations;
  if (a === undefined) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desiredReplicas) || a[MAX_REPLICAS_ANNOTATION] !== String(maxReplicas);
}

/**
 * A copy of `rs` with the desired/max replica annotations set, and whether they changed.
 * Follows deployment_util.go (SetReplicasAnnotations).
 */
export function setReplicasAnnotations<T extends ReplicaSetV>(
  rs: T,
  desiredReplicas: number,
  maxReplicas: number,
): { rs: T; updated: boolean } {
  const updated = replicasAnnotationsNeedUpdate(rs, desiredReplicas, maxReplicas);
  const annotations = {
    ...(rs.metadata?.annotations ?? {}),
    [DESIRED_REPLICAS_ANNOTATION]: String(desiredReplicas),
    [MAX_REPLICAS_ANNOTATION]: String(maxReplicas),
  };
  return { rs: { ...rs, metadata: { ...(rs.metadata ?? {}), annotations } }, updated };
}
