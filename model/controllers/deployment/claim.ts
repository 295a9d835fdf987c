/**
 * Which ReplicaSets a Deployment manages: those whose controller reference names it, adopting matching orphans
 * and releasing owned ones that stopped matching its selector.
 *
 * Follows pkg/controller/deployment/deployment_controller.go (getReplicaSetsForDeployment) and
 * pkg/controller/controller_ref_manager.go (ReplicaSetControllerRefManager.ClaimReplicaSets, ClaimObject,
 * AdoptReplicaSet, ReleaseReplicaSet, RecheckDeletionTimestamp).
 *
 * Before the first adoption of a sync the deployment is read again from the API server (a quorum read): a cached
 * copy may not show that it is being deleted, and a ReplicaSet adopted by a deployment that the garbage collector
 * is deleting would be deleted with it (kubernetes#42639). Kubernetes patches ownerReferences with a strategic
 * merge patch keyed by uid; the model's JSON merge patch replaces the list, so each patch carries the cached
 * resourceVersion: a ReplicaSet whose owners changed since the cache saw it answers 409 and the sync is retried,
 * instead of the patch dropping an owner added meanwhile.
 */
import type { OwnerReference } from "../../objects/types.ts";
import { controllerRefOf } from "../../objects/types.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { cacheList } from "../../informers/cache.ts";
import { labelSelectorAsSelectorCached, type LabelSelector } from "../../labels/index.ts";
import { SyncError, asDeployment, asObject, asReplicaSet, type SyncContext } from "./context.ts";
import type { DeploymentV, ReplicaSetV } from "./types.ts";

/** The controller reference a Deployment puts on its ReplicaSets (metav1.NewControllerRef with apps/v1 Deployment). */
export function deploymentControllerRef(d: DeploymentV): OwnerReference {
  return { apiVersion: "apps/v1", kind: "Deployment", name: d.metadata!.name!, uid: d.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * getReplicaSetsForDeployment: lists the ReplicaSets of the deployment's namespace from the cache and claims them.
 * Adoption and release failures are collected and end the sync after every ReplicaSet was looked at (the claimed
 * list is then not used, as in Go, where the error is returned).
 */
export function getReplicaSetsForDeployment(ctx: SyncContext): ReplicaSetV[] {
  const d = ctx.d;
  const rsList = cacheList(ctx.c, "replicasets.apps", d.metadata!.namespace!).map(asReplicaSet);
  let selector;
  try {
    selector = labelSelectorAsSelectorCached(d.spec?.selector as LabelSelector | undefined);
  } catch (e) {
    throw new SyncError(`deployment ${d.metadata?.namespace}/${d.metadata?.name} has invalid label selector: ${(e as Error).message}`);
  }
  const ownerUid = d.metadata?.uid;
  const ownerDeleting = d.metadata?.deletionTimestamp !== undefined && d.metadata?.deletionTimestamp !== null;
  const claimed: ReplicaSetV[] = [];
  const errors: string[] = [];
  let canAdoptErr: string | null | undefined;
  const canAdopt = (): string | null => {
    if (canAdoptErr === undefined) canAdoptErr = recheckDeletionTimestamp(ctx) ?? null;
    return canAdoptErr;
  };
  // Go lists every ReplicaSet of the namespace; the cheap owner check comes first so that the ReplicaSets of
  // other deployments cost a lookup in ownerReferences, not a selector match.
  for (const rs of rsList) {
    const ref = controllerRefOf(asObject(rs));
    if (ref && ref.uid !== ownerUid) continue; // another controller's
    const matches = selector.matches({ ...(rs.metadata?.labels ?? {}) });
    if (ref) {
      if (matches) {
        claimed.push(rs);
        continue;
      }
      if (ownerDeleting) continue;
      const err = releaseReplicaSet(ctx, rs);
      if (err !== undefined) errors.push(err);
      continue;
    }
    // An orphan: adopt it if it matches, unless we or it are being deleted.
    if (ownerDeleting || !matches || rs.metadata?.deletionTimestamp) continue;
    const blocked = canAdopt();
    if (blocked !== null) {
      errors.push(`can't adopt ReplicaSet ${rs.metadata?.namespace}/${rs.metadata?.name} (${rs.metadata?.uid}): ${blocked}`);
      continue;
    }
    const r = adoptReplicaSet(ctx, rs);
    if (r === "adopted") claimed.push(rs);
    else if (r !== "gone") errors.push(r);
  }
  if (errors.length > 0) throw new SyncError(errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`);
  return claimed;
}

/** RecheckDeletionTimestamp with a live GET: the same deployment (uid), not being deleted; the reason otherwise. */
function recheckDeletionTimestamp(ctx: SyncContext): string | undefined {
  const d = ctx.d;
  const ns = d.metadata!.namespace!;
  const name = d.metadata!.name!;
  const r = send(ctx.state, ctx.c.id, { verb: "get", resource: "deployments.apps", namespace: ns, name }, ctx.log);
  ctx.state = r.state;
  if (isStatus(r.result)) return `can't recheck DeletionTimestamp: ${r.result.message}`;
  const fresh = asDeployment(r.result);
  if (fresh.metadata?.uid !== d.metadata?.uid) {
    return `can't recheck DeletionTimestamp: original Deployment ${ns}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${d.metadata?.uid}`;
  }
  if (fresh.metadata?.deletionTimestamp) return `${ns}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
  return undefined;
}

/** AdoptReplicaSet: adds the controller reference; "gone" when the ReplicaSet no longer exists. */
function adoptReplicaSet(ctx: SyncContext, rs: ReplicaSetV): "adopted" | "gone" | string {
  const ref = deploymentControllerRef(ctx.d);
  const others = (rs.metadata?.ownerReferences ?? []).filter((o) => o.uid !== ref.uid);
  const r = send(
    ctx.state,
    ctx.c.id,
    {
      verb: "patch",
      resource: "replicasets.apps",
      namespace: rs.metadata!.namespace!,
      name: rs.metadata!.name!,
      patch: { metadata: { ownerReferences: [...others, ref], uid: rs.metadata?.uid, resourceVersion: rs.metadata?.resourceVersion } },
    },
    ctx.log,
  );
  ctx.state = r.state;
  if (!isStatus(r.result)) return "adopted";
  return r.result.code === 404 ? "gone" : r.result.message;
}

/** ReleaseReplicaSet: removes this deployment's reference; a ReplicaSet that is gone (or invalid) needs nothing. */
function releaseReplicaSet(ctx: SyncContext, rs: ReplicaSetV): string | undefined {
  const rest = (rs.metadata?.ownerReferences ?? []).filter((o) => o.uid !== ctx.d.metadata?.uid);
  const r = send(
    ctx.state,
    ctx.c.id,
    {
      verb: "patch",
      resource: "replicasets.apps",
      namespace: rs.metadata!.namespace!,
      name: rs.metadata!.name!,
      patch: { metadata: { ownerReferences: rest.length > 0 ? rest : null, uid: rs.metadata?.uid, resourceVersion: rs.metadata?.resourceVersion } },
    },
    ctx.log,
  );
  ctx.state = r.state;
  if (!isStatus(r.result) || r.result.code === 404 || r.result.code === 422) return undefined;
  return r.result.message;
}
