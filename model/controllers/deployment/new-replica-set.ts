/**
 * Finding or creating the deployment's new ReplicaSet and keeping revisions in step.
 *
 * Follows pkg/controller/deployment/sync.go (getAllReplicaSetsAndSyncRevision, getNewReplicaSet).
 *
 * The new ReplicaSet is named `<deployment>-<pod-template-hash>`, so a create repeated from a stale cache finds
 * the existing one (AlreadyExists) instead of making a second; if that name belongs to a ReplicaSet with another
 * template (a hash collision), status.collisionCount is bumped so that the next attempt hashes differently.
 * Going back to an older template makes that template's ReplicaSet the new one again: it keeps its name and pods
 * and gets the next revision (the rollback of apps/v1, where the user sets the old template back).
 */
import { isStatus } from "../../apiserver/status.ts";
import { cacheGet } from "../../informers/cache.ts";
import { controllerRefOf } from "../../objects/types.ts";
import { send } from "../../client.ts";
import { REVISION_ANNOTATION } from "./annotations.ts";
import { deploymentControllerRef } from "./claim.ts";
import {
  DEPLOYMENT_PROGRESSING,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  NEW_REPLICA_SET_REASON,
  getDeploymentCondition,
  newDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.ts";
import { SyncError, asObject, asReplicaSet, type SyncContext } from "./context.ts";
import { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, computeHash } from "./hash.ts";
import { newRSNewReplicas } from "./replica-math.ts";
import { cloneAndAddLabel, cloneSelectorAndAddLabel, equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from "./replica-set-find.ts";
import { maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from "./revision.ts";
import { hasProgressDeadline } from "./rollout-status.ts";
import type { ReplicaSetV } from "./types.ts";
import { isNamespaceTerminating, recordDeploymentEvent, updateDeploymentStatus, updateReplicaSet } from "./writes.ts";

/** The new ReplicaSet (undefined when it does not exist and was not to be created) and every old one. */
export interface AllReplicaSets {
  readonly newRS: ReplicaSetV | undefined;
  readonly oldRSs: ReplicaSetV[];
}

/**
 * The deployment's old ReplicaSets and its new one, with the new one's revision (and the deployment's) brought
 * up to date; creates the new one when `createIfNotExisted`. Follows sync.go (getAllReplicaSetsAndSyncRevision).
 */
export function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, rsList: readonly ReplicaSetV[], createIfNotExisted: boolean): AllReplicaSets {
  const oldRSs = findOldReplicaSets(ctx.d, rsList).all;
  const newRS = getNewReplicaSet(ctx, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

function msgOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The new ReplicaSet. An existing one gets the deployment's annotations, revision max(old)+1 when its own is
 * lower, and the deployment's minReadySeconds; otherwise the deployment's revision (and, the first time, a
 * FoundNewReplicaSet condition) is updated. A missing one is created when asked, sized by NewRSNewReplicas.
 * Follows sync.go (getNewReplicaSet).
 */
export function getNewReplicaSet(ctx: SyncContext, rsList: readonly ReplicaSetV[], oldRSs: readonly ReplicaSetV[], createIfNotExisted: boolean): ReplicaSetV | undefined {
  const now = ctx.state.clock.now;
  const existing = findNewReplicaSet(ctx.d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const minReadySeconds = ctx.d.spec?.minReadySeconds ?? 0;

  if (existing !== undefined) {
    const { rs: rsCopy, changed } = setNewReplicaSetAnnotations(ctx.d, existing, newRevision, true);
    if (changed || (rsCopy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
      const written = updateReplicaSet(ctx, { ...rsCopy, spec: { ...rsCopy.spec!, minReadySeconds } });
      if (isStatus(written)) throw new SyncError(written.message, isNamespaceTerminating(written));
      return written;
    }
    // The ReplicaSet's revision is the reliable one (the deployment's update may have failed before).
    const rev = setDeploymentRevision(ctx.d, rsCopy.metadata?.annotations?.[REVISION_ANNOTATION] ?? "");
    ctx.d = rev.d;
    let needsUpdate = rev.changed;
    // A deployment that had no Progressing condition starts its progress estimate when its new RS is first seen.
    if (hasProgressDeadline(ctx.d) && getDeploymentCondition(ctx.d.status, DEPLOYMENT_PROGRESSING) === undefined) {
      const cond = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", FOUND_NEW_RS_REASON, `Found new replica set "${rsCopy.metadata?.name}"`, now);
      ctx.d = { ...ctx.d, status: setDeploymentCondition(ctx.d.status ?? {}, cond) };
      needsUpdate = true;
    }
    if (needsUpdate) updateDeploymentStatus(ctx);
    return rsCopy;
  }

  if (!createIfNotExisted) return undefined;
  return createNewReplicaSet(ctx, oldRSs, newRevision);
}

/** The create branch of getNewReplicaSet. */
function createNewReplicaSet(ctx: SyncContext, oldRSs: readonly ReplicaSetV[], newRevision: string): ReplicaSetV {
  const d = ctx.d;
  const now = ctx.state.clock.now;
  const template = d.spec?.template ?? {};
  const hash = computeHash(template, d.status?.collisionCount);
  const labels = cloneAndAddLabel(template.metadata?.labels, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash);
  const namespace = d.metadata!.namespace!;
  let newRS: ReplicaSetV = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      // Deterministic, so that a create repeated from a stale cache is idempotent.
      name: `${d.metadata!.name}-${hash}`,
      namespace,
      ownerReferences: [deploymentControllerRef(d)],
      labels,
    },
    spec: {
      replicas: 0,
      ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector: cloneSelectorAndAddLabel(d.spec?.selector, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash),
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
  let newReplicasCount: number;
  try {
    newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS, ctx.opts.gates);
  } catch (e) {
    throw new SyncError(msgOf(e));
  }
  newRS = { ...newRS, spec: { ...newRS.spec!, replicas: newReplicasCount } };
  newRS = setNewReplicaSetAnnotations(d, newRS, newRevision, false).rs;

  const r = send(ctx.state, ctx.c.id, { verb: "create", resource: "replicasets.apps", namespace, object: asObject(newRS) }, ctx.log);
  ctx.state = r.state;
  let createdRS: ReplicaSetV;
  let alreadyExists = false;
  if (!isStatus(r.result)) {
    createdRS = asReplicaSet(r.result);
  } else if (r.result.reason === "AlreadyExists") {
    // A slow cache or a quick resync: the create was already made. Or a hash collision.
    alreadyExists = true;
    const cached = cacheGet(ctx.c, "replicasets.apps", `${namespace}/${newRS.metadata!.name}`);
    if (!cached) throw new SyncError(`replicaset.apps "${newRS.metadata!.name}" not found`);
    const rs = asReplicaSet(cached);
    const ref = controllerRefOf(cached);
    if (ref !== undefined && ref.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
      createdRS = rs;
    } else {
      // A different ReplicaSet has this name: bump collisionCount so that the next sync hashes differently.
      ctx.d = { ...d, status: { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 } };
      try {
        updateDeploymentStatus(ctx);
      } catch {
        // The collision count is written again on the next attempt.
      }
      throw new SyncError(r.result.message);
    }
  } else if (isNamespaceTerminating(r.result)) {
    throw new SyncError(r.result.message, true);
  } else {
    const msg = `Failed to create new replica set "${newRS.metadata!.name}": ${r.result.message}`;
    if (hasProgressDeadline(d)) {
      ctx.d = { ...d, status: setDeploymentCondition(d.status ?? {}, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "False", FAILED_RS_CREATE_REASON, msg, now)) };
      try {
        updateDeploymentStatus(ctx);
      } catch {
        // The failure to create is the bigger problem to report.
      }
    }
    recordDeploymentEvent(ctx, "Warning", FAILED_RS_CREATE_REASON, msg);
    throw new SyncError(r.result.message);
  }

  if (!alreadyExists && newReplicasCount > 0) {
    recordDeploymentEvent(ctx, "Normal", "ScalingReplicaSet", `Scaled up replica set ${createdRS.metadata?.name} from 0 to ${newReplicasCount}`);
  }
  const rev = setDeploymentRevision(ctx.d, newRevision);
  ctx.d = rev.d;
  let needsUpdate = rev.changed;
  if (!alreadyExists && hasProgressDeadline(ctx.d)) {
    const cond = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", NEW_REPLICA_SET_REASON, `Created new replica set "${createdRS.metadata?.name}"`, now);
    ctx.d = { ...ctx.d, status: setDeploymentCondition(ctx.d.status ?? {}, cond) };
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(ctx);
  return createdRS;
}
