/**
 * The Deployment controller's writes: ReplicaSet updates and resizes, deployment status updates, and events. All
 * go through the API server with the resourceVersion the controller read, so a write based on a stale cache is
 * refused (409) instead of overwriting a newer object.
 *
 * Follows pkg/controller/deployment/sync.go (scaleReplicaSetAndRecordEvent, scaleReplicaSet) and the
 * UpdateStatus calls of sync.go / progress.go.
 */
import type { KObject } from "../../objects/types.ts";
import { send } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { recordEvent } from "../../events/recorder.ts";
import { REVISION_ANNOTATION, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from "./annotations.ts";
import { maxSurge } from "./fenceposts.ts";
import { SyncError, asDeployment, asObject, asReplicaSet, type SyncContext } from "./context.ts";
import { deploymentReplicas, rsReplicas, type ReplicaSetV } from "./types.ts";

const DEPLOYMENTS = "deployments.apps";
const REPLICA_SETS = "replicasets.apps";

/** A namespace being deleted refuses new objects (NamespaceTerminatingCause): retrying cannot help. */
export function isNamespaceTerminating(s: Status): boolean {
  return s.code === 403 && s.message.includes("because it is being terminated");
}

/** Records an event about the deployment being synced (best effort). */
export function recordDeploymentEvent(ctx: SyncContext, type: "Normal" | "Warning", reason: string, message: string): void {
  ctx.state = recordEvent(ctx.state, ctx.c.id, asObject(ctx.d), { type, reason, message }, ctx.log);
}

/** Updates a ReplicaSet (main resource); returns the stored object, or the refusal. */
export function updateReplicaSet(ctx: SyncContext, rs: ReplicaSetV): ReplicaSetV | Status {
  const r = send(ctx.state, ctx.c.id, { verb: "update", resource: REPLICA_SETS, namespace: rs.metadata!.namespace!, name: rs.metadata!.name!, object: asObject(rs) }, ctx.log);
  ctx.state = r.state;
  return isStatus(r.result) ? r.result : asReplicaSet(r.result);
}

/** Outcome of {@link scaleReplicaSet}. */
export interface ScaleResult {
  /** Whether spec.replicas changed. */
  readonly scaled: boolean;
  /** The ReplicaSet as stored after the write (or as given when nothing was written). */
  readonly rs: ReplicaSetV;
}

/**
 * Sets the ReplicaSet's size to `newScale` and its desired/max-replicas annotations from the deployment, writing
 * only when either differs, and records a ScalingReplicaSet event when the size changed. Throws a SyncError when
 * the write is refused. Follows sync.go (scaleReplicaSet).
 */
export function scaleReplicaSet(ctx: SyncContext, rs: ReplicaSetV, newScale: number, operation: string): ScaleResult {
  const d = ctx.d;
  const replicas = deploymentReplicas(d);
  const maxReplicas = replicas + maxSurge(d);
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas, maxReplicas)) return { scaled: false, rs };
  const resized: ReplicaSetV = { ...rs, spec: { ...(rs.spec ?? { selector: {} }), replicas: newScale } };
  const written = updateReplicaSet(ctx, setReplicasAnnotations(resized, replicas, maxReplicas).rs);
  if (isStatus(written)) throw new SyncError(written.message, isNamespaceTerminating(written));
  if (sizeNeedsUpdate) {
    recordDeploymentEvent(ctx, "Normal", "ScalingReplicaSet", `Scaled ${operation} replica set ${written.metadata?.name ?? ""} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: written };
}

/**
 * Resizes a ReplicaSet unless it already has that size (then nothing is written, not even annotations).
 * Follows sync.go (scaleReplicaSetAndRecordEvent).
 */
export function scaleReplicaSetAndRecordEvent(ctx: SyncContext, rs: ReplicaSetV, newScale: number): ScaleResult {
  const from = rsReplicas(rs);
  if (from === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, from < newScale ? "up" : "down");
}

/**
 * UpdateStatus of the deployment with `ctx.d` (its status and annotations, at the resourceVersion it was read
 * with). Throws a SyncError when refused.
 *
 * Kubernetes' deployment status strategy keeps the annotations of a status update (it resets only spec and
 * labels), which is how the controller records the deployment's revision. The model's status strategy keeps the
 * stored metadata instead; when the revision did not stick, it is written with a metadata patch right after.
 */
export function updateDeploymentStatus(ctx: SyncContext): KObject {
  const d = ctx.d;
  const r = send(ctx.state, ctx.c.id, { verb: "update", resource: DEPLOYMENTS, namespace: d.metadata!.namespace!, name: d.metadata!.name!, object: asObject(d), subresource: "status" }, ctx.log);
  ctx.state = r.state;
  if (isStatus(r.result)) throw new SyncError(r.result.message, isNamespaceTerminating(r.result));
  const want = d.metadata?.annotations?.[REVISION_ANNOTATION];
  if (want !== undefined && asDeployment(r.result).metadata?.annotations?.[REVISION_ANNOTATION] !== want) {
    const p = send(ctx.state, ctx.c.id, { verb: "patch", resource: DEPLOYMENTS, namespace: d.metadata!.namespace!, name: d.metadata!.name!, patch: { metadata: { annotations: { [REVISION_ANNOTATION]: want } } } }, ctx.log);
    ctx.state = p.state;
    if (!isStatus(p.result)) return p.result;
  }
  return r.result;
}
