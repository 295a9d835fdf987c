/**
 * Revisions: every ReplicaSet of a Deployment carries the revision of the rollout that made it the new one, and
 * the Deployment carries the revision of its current new ReplicaSet. Going back to an older template reuses that
 * template's ReplicaSet and gives it the next revision, remembering the ones it had in revision-history.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (RevisionHistoryAnnotation, Revision, MaxRevision,
 * SetNewReplicaSetAnnotations, annotationsToSkip, skipCopyAnnotation, copyDeploymentAnnotationsToReplicaSet,
 * SetDeploymentRevision, ReplicaSetsByRevision) and sync.go (maxRevHistoryLengthInChars). Pure.
 */
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, setReplicasAnnotations } from "./annotations.ts";
import { maxSurge } from "./fenceposts.ts";
import { compareReplicaSetsByCreationTimestamp } from "./replica-set-order.ts";
import { deploymentReplicas, type DeploymentV, type ReplicaSetV } from "./types.ts";

export { REVISION_ANNOTATION } from "./annotations.ts";

/** The revisions a ReplicaSet served before its current one (it is reused when a deployment goes back to it). */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** kubectl apply's record of the applied configuration: never copied from a deployment to its ReplicaSets. */
export const LAST_APPLIED_CONFIG_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
/** apps/v1's round-trip of the extensions/v1beta1 spec.rollbackTo field (apps.DeprecatedRollbackTo). */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to";
/** sync.go maxRevHistoryLengthInChars: revision-history is kept to about 100 revisions. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(v, 10, 64): an optional sign and digits within int64; undefined otherwise. */
function parseInt64(v: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(v)) return undefined;
  const big = BigInt(v);
  return big < INT64_MIN || big > INT64_MAX ? undefined : Number(big);
}

/**
 * The revision of an object: 0 without the annotation, undefined when it does not parse.
 * Follows deployment_util.go (Revision).
 */
export function revisionOf(obj: { metadata?: { annotations?: Readonly<Record<string, string>> } }): number | undefined {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  return v === undefined ? 0 : parseInt64(v);
}

/** The highest revision among the ReplicaSets (unparsable ones skipped). Follows deployment_util.go (MaxRevision). */
export function maxRevision(rss: readonly ReplicaSetV[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** Annotations a deployment never copies to its ReplicaSets (deployment_util.go annotationsToSkip). */
const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

/** Whether an annotation stays on the deployment only. Follows deployment_util.go (skipCopyAnnotation). */
export function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

/**
 * The ReplicaSet annotations with the deployment's copied in (all but the skipped ones), and whether any changed.
 * The revision is not copied: the deployment's copy may be stale (its update may have failed), the ReplicaSet's
 * is the reliable one. Follows deployment_util.go (copyDeploymentAnnotationsToReplicaSet).
 */
export function copyDeploymentAnnotationsToReplicaSet(d: DeploymentV, rsAnnotations: Readonly<Record<string, string>>): { annotations: Record<string, string>; changed: boolean } {
  const annotations: Record<string, string> = { ...rsAnnotations };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return { annotations, changed };
}

/**
 * The new ReplicaSet with its annotations brought up to date: the deployment's annotations copied; the revision
 * raised to `newRevision` when lower (a ReplicaSet that is reused by going back to its template), with the
 * revision it had appended to revision-history (dropping the oldest entries beyond `revHistoryLimitInChars`);
 * and, for a ReplicaSet about to be created (`exists` false), the desired/max-replicas annotations.
 * `changed` tells whether an update is needed. Follows deployment_util.go (SetNewReplicaSetAnnotations).
 */
export function setNewReplicaSetAnnotations<T extends ReplicaSetV>(
  d: DeploymentV,
  newRS: T,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS,
): { rs: T; changed: boolean } {
  const copied = copyDeploymentAnnotationsToReplicaSet(d, newRS.metadata?.annotations ?? {});
  const annotations = copied.annotations;
  let changed = copied.changed;
  const withAnnotations = (a: Record<string, string>): T => ({ ...newRS, metadata: { ...(newRS.metadata ?? {}), annotations: a } });

  const oldRevision = annotations[REVISION_ANNOTATION];
  const hadRevision = oldRevision !== undefined;
  let oldRevisionInt = parseInt64(oldRevision ?? "");
  if (oldRevisionInt === undefined) {
    // A revision that is not an integer is left alone (and nothing is written).
    if (oldRevision !== undefined && oldRevision !== "") return { rs: withAnnotations(annotations), changed: false };
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseInt64(newRevision);
  if (newRevisionInt === undefined) return { rs: withAnnotations(annotations), changed: false };
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // A ReplicaSet that had a revision and gets a newer one is being rolled back to: keep the old revisions.
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? "";
    const oldRevisions = history.split(",");
    if (oldRevisions[0]!.length === 0) {
      annotations[REVISION_HISTORY_ANNOTATION] = oldRevision!;
    } else {
      let totalLen = history.length + oldRevision!.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen -= oldRevisions[start]!.length + 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) annotations[REVISION_HISTORY_ANNOTATION] = [...oldRevisions.slice(start), oldRevision!].join(",");
    }
  }
  let rs = withAnnotations(annotations);
  if (!exists) {
    const replicas = deploymentReplicas(d);
    const r = setReplicasAnnotations(rs, replicas, replicas + maxSurge(d));
    rs = r.rs;
    if (r.updated) changed = true;
  }
  return { rs, changed };
}

/**
 * The deployment with its revision annotation set, and whether it changed.
 * Follows deployment_util.go (SetDeploymentRevision).
 */
export function setDeploymentRevision<T extends DeploymentV>(d: T, revision: string): { d: T; changed: boolean } {
  if (d.metadata?.annotations?.[REVISION_ANNOTATION] === revision) return { d, changed: false };
  return { d: { ...d, metadata: { ...(d.metadata ?? {}), annotations: { ...(d.metadata?.annotations ?? {}), [REVISION_ANNOTATION]: revision } } }, changed: true };
}

/**
 * A copy sorted by revision, oldest first; equal or unparsable revisions by creation time, then name.
 * Follows deployment_util.go (ReplicaSetsByRevision).
 */
export function sortReplicaSetsByRevision<T extends ReplicaSetV>(rss: readonly T[]): T[] {
  return [...rss].sort((a, b) => {
    const ra = revisionOf(a);
    const rb = revisionOf(b);
    if (ra === undefined || rb === undefined || ra === rb) return compareReplicaSetsByCreationTimestamp(a, b);
    return ra - rb;
  });
}
