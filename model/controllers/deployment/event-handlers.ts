/**
 * The Deployment controller's informer event handlers: which deployment keys a watch event puts in the queue.
 *
 * Follows pkg/controller/deployment/deployment_controller.go (addDeployment, updateDeployment, deleteDeployment,
 * addReplicaSet, updateReplicaSet, deleteReplicaSet, deletePod, getDeploymentForPod, getDeploymentsForReplicaSet,
 * resolveControllerRef) and util/deployment_util.go (GetDeploymentsForReplicaSet).
 *
 * A ReplicaSet event wakes the deployment its controller reference names (and, when that reference changed, the
 * previous owner); an orphan's creation or label change wakes every deployment whose selector matches it, so that
 * one adopts it. A pod's deletion wakes its Recreate deployment, which waits for old pods to be gone.
 */
import type { ComponentState } from "../../state.ts";
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { controllerRefOf, metaNamespaceKey } from "../../objects/types.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { labelSelectorAsSelectorCached, type LabelSelector } from "../../labels/index.ts";
import { semanticJson } from "./hash.ts";

/** The cached deployment a controller reference names (same uid), if any. Follows resolveControllerRef. */
export function resolveControllerRef(c: ComponentState, namespace: string, ref: OwnerReference): KObject | undefined {
  if (ref.kind !== "Deployment") return undefined;
  const d = cacheGet(c, "deployments.apps", `${namespace}/${ref.name}`);
  return d && d.metadata.uid === ref.uid ? d : undefined;
}

/**
 * The cached deployments of the ReplicaSet's namespace whose selector matches its labels (an empty or invalid
 * selector matches nothing, not everything). Follows deployment_util.go (GetDeploymentsForReplicaSet).
 */
export function getDeploymentsForReplicaSet(c: ComponentState, rs: KObject): KObject[] {
  const labels = rs.metadata.labels ?? {};
  if (Object.keys(labels).length === 0) return [];
  return cacheList(c, "deployments.apps", rs.metadata.namespace).filter((d) => {
    try {
      const sel = labelSelectorAsSelectorCached(d.spec?.selector as LabelSelector | undefined);
      return !sel.empty() && sel.matches({ ...labels });
    } catch {
      return false;
    }
  });
}

/** The deployment of a pod: pod → its ReplicaSet (same uid) → that ReplicaSet's deployment. Follows getDeploymentForPod. */
export function getDeploymentForPod(c: ComponentState, pod: KObject): KObject | undefined {
  const ref = controllerRefOf(pod);
  if (!ref || ref.kind !== "ReplicaSet") return undefined;
  const rs = cacheGet(c, "replicasets.apps", `${pod.metadata.namespace}/${ref.name}`);
  if (!rs || rs.metadata.uid !== ref.uid) return undefined;
  const rsRef = controllerRefOf(rs);
  return rsRef ? resolveControllerRef(c, rs.metadata.namespace!, rsRef) : undefined;
}

const keyOf = (d: KObject | undefined): string[] => (d ? [metaNamespaceKey(d)] : []);

/** deleteReplicaSet: only an owned ReplicaSet's deletion matters. */
function replicaSetDeleted(c: ComponentState, rs: KObject): string[] {
  const ref = controllerRefOf(rs);
  return ref ? keyOf(resolveControllerRef(c, rs.metadata.namespace!, ref)) : [];
}

/** addReplicaSet. */
function replicaSetAdded(c: ComponentState, rs: KObject): string[] {
  // After a restart a ReplicaSet may show up already being deleted.
  if (rs.metadata.deletionTimestamp) return replicaSetDeleted(c, rs);
  const ref = controllerRefOf(rs);
  if (ref) return keyOf(resolveControllerRef(c, rs.metadata.namespace!, ref));
  return getDeploymentsForReplicaSet(c, rs).map(metaNamespaceKey);
}

/** updateReplicaSet. */
function replicaSetUpdated(c: ComponentState, cur: KObject, old: KObject): string[] {
  // A resync delivers the same version again: nothing changed.
  if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return [];
  const keys: string[] = [];
  const curRef = controllerRefOf(cur);
  const oldRef = controllerRefOf(old);
  const refChanged = semanticJson(curRef ?? null) !== semanticJson(oldRef ?? null);
  if (refChanged && oldRef) keys.push(...keyOf(resolveControllerRef(c, old.metadata.namespace!, oldRef)));
  if (curRef) return [...keys, ...keyOf(resolveControllerRef(c, cur.metadata.namespace!, curRef))];
  const labelsChanged = semanticJson(cur.metadata.labels ?? {}) !== semanticJson(old.metadata.labels ?? {});
  if (labelsChanged || refChanged) keys.push(...getDeploymentsForReplicaSet(c, cur).map(metaNamespaceKey));
  return keys;
}

/**
 * deletePod: a deleted pod wakes its deployment when that deployment uses Recreate. Go enqueues only once the
 * deployment has no pods left; the model's handlers run against the cache as it was before the event batch (the
 * deleted pods of the same batch are still in it), so counting here would miss the last deletion. The count is
 * left to the sync (rolloutRecreate checks oldPodsRunning), at the price of one sync per deletion batch.
 */
function podDeleted(c: ComponentState, pod: KObject): string[] {
  const d = getDeploymentForPod(c, pod);
  return d && d.spec?.strategy?.type === "Recreate" ? [metaNamespaceKey(d)] : [];
}

/** The keys an event on one of the controller's informers produces. */
export function deploymentKeysFor(resource: string, ev: WatchEvent, c: ComponentState): readonly string[] {
  switch (resource) {
    case "deployments.apps":
      // addDeployment / updateDeployment / deleteDeployment: always the deployment itself.
      return [metaNamespaceKey(ev.object)];
    case "replicasets.apps":
      if (ev.type === "ADDED") return replicaSetAdded(c, ev.object);
      if (ev.type === "DELETED") return replicaSetDeleted(c, ev.object);
      return replicaSetUpdated(c, ev.object, ev.oldObject ?? ev.object);
    case "pods":
      return ev.type === "DELETED" ? podDeleted(c, ev.object) : [];
    default:
      return [];
  }
}
