/**
 * The controller's informer event handlers: which controller keys a watch event puts in the work queue.
 * Follows pkg/controller/replicaset/replica_set.go (addRS, updateRS, deleteRS, addPod, updatePod, deletePod,
 * resolveControllerRef, getPodReplicaSets) and client-go's ReplicaSetLister.GetPodReplicaSets /
 * ReplicationControllerLister.GetPodControllers.
 *
 * A pod event wakes the controller its controller reference names (if the controller cache has it, with the
 * same uid); an orphan's creation or label change wakes every controller in the namespace whose selector
 * matches, so that one of them adopts it. Lowering expectations, which Kubernetes also does here, happens when
 * the sync handler next reads them (see expectations.ts), and the minReadySeconds requeue of updatePod is set
 * by the sync handler (see sync.ts): handlers in the model return keys only.
 */
import type { ComponentState } from "../../state.ts";
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { controllerRefOf, labelsOf, metaNamespaceKey } from "../../objects/types.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import type { ControllerFlavor } from "./flavor.ts";

/**
 * resolveControllerRef: the cached controller a controller reference points to, or undefined when it is of
 * another kind, not cached, or a different object under the same name (another uid).
 */
export function resolveControllerRef(c: ComponentState, flavor: ControllerFlavor, namespace: string, ref: OwnerReference): KObject | undefined {
  if (ref.kind !== flavor.kind) return undefined;
  const owner = cacheGet(c, flavor.resource, `${namespace}/${ref.name}`);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/**
 * getPodReplicaSets: the cached controllers in the pod's namespace whose selector matches the pod's labels.
 * A pod without labels matches none; a controller with an empty or invalid selector matches nothing (not
 * everything).
 */
export function getPodControllers(c: ComponentState, flavor: ControllerFlavor, pod: KObject): KObject[] {
  const labels = labelsOf(pod);
  if (Object.keys(labels).length === 0) return [];
  const out: KObject[] = [];
  for (const owner of cacheList(c, flavor.resource, pod.metadata.namespace)) {
    let matches: boolean;
    try {
      const sel = flavor.selectorOf(owner);
      matches = !sel.empty() && sel.matches(labels);
    } catch {
      matches = false;
    }
    if (matches) out.push(owner);
  }
  return out;
}

const ownerKeys = (owners: readonly KObject[]): string[] => owners.map(metaNamespaceKey);

/** deletePod: the owner of a pod that is gone or being deleted (orphans concern nobody). */
function deletePodKeys(c: ComponentState, flavor: ControllerFlavor, pod: KObject): string[] {
  const ref = controllerRefOf(pod);
  if (!ref) return [];
  const owner = resolveControllerRef(c, flavor, pod.metadata.namespace!, ref);
  return owner ? [metaNamespaceKey(owner)] : [];
}

/** addPod: the owner; for an orphan, every matching controller. A pod already being deleted counts as deleted. */
function addPodKeys(c: ComponentState, flavor: ControllerFlavor, pod: KObject): string[] {
  if (pod.metadata.deletionTimestamp) return deletePodKeys(c, flavor, pod);
  const ref = controllerRefOf(pod);
  if (ref) {
    const owner = resolveControllerRef(c, flavor, pod.metadata.namespace!, ref);
    return owner ? [metaNamespaceKey(owner)] : [];
  }
  return ownerKeys(getPodControllers(c, flavor, pod));
}

const sameLabels = (a: KObject, b: KObject): boolean => {
  const la = labelsOf(a);
  const lb = labelsOf(b);
  const ka = Object.keys(la);
  return ka.length === Object.keys(lb).length && ka.every((k) => lb[k] === la[k]);
};

const sameRef = (a: OwnerReference | undefined, b: OwnerReference | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.controller === b.controller &&
    a.blockOwnerDeletion === b.blockOwnerDeletion);

/**
 * updatePod: a pod that got a deletionTimestamp counts as deleted (the controller replaces it at once rather
 * than waiting out the grace period); a changed controller reference wakes the old owner too; an orphan whose
 * labels or owners changed wakes every matching controller.
 */
function updatePodKeys(c: ComponentState, flavor: ControllerFlavor, oldPod: KObject, curPod: KObject): string[] {
  // A relist re-delivers unchanged pods; two versions of one pod always differ in resourceVersion.
  if (curPod.metadata.resourceVersion === oldPod.metadata.resourceVersion) return [];
  const labelChanged = !sameLabels(curPod, oldPod);
  if (curPod.metadata.deletionTimestamp) {
    return [...deletePodKeys(c, flavor, curPod), ...(labelChanged ? deletePodKeys(c, flavor, oldPod) : [])];
  }
  const curRef = controllerRefOf(curPod);
  const oldRef = controllerRefOf(oldPod);
  const refChanged = !sameRef(curRef, oldRef);
  const keys: string[] = [];
  if (refChanged && oldRef) {
    const old = resolveControllerRef(c, flavor, oldPod.metadata.namespace!, oldRef);
    if (old) keys.push(metaNamespaceKey(old));
  }
  if (curRef) {
    const owner = resolveControllerRef(c, flavor, curPod.metadata.namespace!, curRef);
    if (owner) keys.push(metaNamespaceKey(owner));
    return keys;
  }
  if (labelChanged || refChanged) keys.push(...ownerKeys(getPodControllers(c, flavor, curPod)));
  return keys;
}

/** The work-queue keys of one watch event on the controller's kind or on pods. */
export function controllerKeysFor(flavor: ControllerFlavor, resource: string, ev: WatchEvent, c: ComponentState): string[] {
  // addRS / updateRS / deleteRS: every event of the kind syncs it (the deletion too, to drop its expectations).
  if (resource === flavor.resource) return [metaNamespaceKey(ev.object)];
  if (resource !== "pods") return [];
  switch (ev.type) {
    case "ADDED":
      return addPodKeys(c, flavor, ev.object);
    case "MODIFIED":
      return updatePodKeys(c, flavor, ev.oldObject ?? ev.object, ev.object);
    case "DELETED":
      return deletePodKeys(c, flavor, ev.object);
  }
}
