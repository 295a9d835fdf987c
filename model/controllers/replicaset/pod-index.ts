/**
 * The informer indexes of the ReplicaSet / ReplicationController controller and the reads that use them.
 *
 * - Pods by controller (pkg/controller/controller_utils.go AddPodControllerIndexer, PodControllerIndexKey,
 *   FilterPodsByOwner, in Kubernetes 1.33+ with kubernetes#132400 and #134654): a pod is indexed under its
 *   controller reference (namespace, kind, name, uid), or, without one, under its namespace's orphan key. A sync
 *   then reads the pods of one controller plus the orphans it may adopt, O(those pods), instead of listing the
 *   whole namespace (replica_set.go getRSPods). Keying on all four fields, not the uid alone, keeps a pod whose
 *   reference names another object (a wrong name, kind or namespace with this uid) out of the controller's
 *   pods, which is what matching the whole reference does (kubernetes#134654, after GC's kubernetes#92743).
 * - Controllers by their own controller's uid (replica_set.go controllerUIDIndex, kubernetes#102330), for
 *   getReplicaSetsWithSameController.
 */
import type { ComponentState } from "../../state.ts";
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { controllerRefOf } from "../../objects/types.ts";
import { cacheByIndex, cacheList } from "../../informers/cache.ts";
import type { Indexers } from "../../informers/indexer.ts";
import type { ControllerFlavor } from "./flavor.ts";

/**
 * How the controller finds its pods and sibling controllers: "index" (Kubernetes 1.33+, the default) or
 * "namespace-scan" (every earlier release: list the namespace and filter). Both give the same pods in the same
 * order; the scan variant exists as the baseline of the benchmark (bench/scale.ts) and of the equivalence test.
 */
export type PodLister = "index" | "namespace-scan";

/** Name of the pod informer's index by controller reference (controller.PodControllerIndex). */
export const POD_CONTROLLER_INDEX = "podController";

/** Name of the controller informer's index by its owner's uid (replica_set.go controllerUIDIndex). */
export const CONTROLLER_UID_INDEX = "controllerUID";

/** The orphan marker in pod index keys (controller.OrphanPodIndexKey). */
export const ORPHAN_POD_INDEX_KEY = "_ORPHAN_POD";

/**
 * PodControllerIndexKey: the index value of the pods in `namespace` controlled through `ref`, or of the orphans
 * in `namespace` when there is no reference. Every lookup goes through this builder, so writers and readers agree.
 */
export function podControllerIndexKey(namespace: string, ref?: Pick<OwnerReference, "kind" | "name" | "uid">): string {
  return ref ? `${namespace}/${ref.kind}/${ref.name}/${ref.uid}` : `${namespace}/${ORPHAN_POD_INDEX_KEY}`;
}

/** The pod index function: one value per pod, its controller's key or its namespace's orphan key. */
export function podControllerIndexFunc(pod: KObject): readonly string[] {
  return [podControllerIndexKey(pod.metadata.namespace ?? "", controllerRefOf(pod))];
}

/** The controller index function: the uid of the controller's own controller (a Deployment), if any. */
export function controllerUIDIndexFunc(obj: KObject): readonly string[] {
  const ref = controllerRefOf(obj);
  return ref ? [ref.uid] : [];
}

/** The indexers a controller of this flavor declares (ComponentBehavior.indexers). */
export function replicaSetIndexers(flavor: ControllerFlavor): Readonly<Record<string, Indexers>> {
  return {
    pods: { [POD_CONTROLLER_INDEX]: podControllerIndexFunc },
    [flavor.resource]: { [CONTROLLER_UID_INDEX]: controllerUIDIndexFunc },
  };
}

/**
 * getRSPods (FilterPodsByOwner): the cached pods the controller owns through a reference to it, and the orphans
 * of its namespace, merged in ns/name order — the order a namespace list gives, so the claim walks them, and
 * sends its adoptions, exactly as it did when it walked the whole namespace and skipped other owners' pods.
 */
export function getRSPods(c: ComponentState, flavor: ControllerFlavor, rs: KObject, lister: PodLister = "index"): KObject[] {
  const namespace = rs.metadata.namespace ?? "";
  if (lister === "namespace-scan") {
    // replica_set.go before 1.33: podLister.Pods(rs.Namespace).List(labels.Everything()); the claim then skips
    // the pods of other controllers. Filtered here to the same pods the index gives.
    return cacheList(c, "pods", namespace).filter((p) => {
      const ref = controllerRefOf(p);
      return !ref || (ref.uid === rs.metadata.uid && ref.kind === flavor.kind && ref.name === rs.metadata.name);
    });
  }
  const owned = cacheByIndex(c, "pods", POD_CONTROLLER_INDEX, podControllerIndexKey(namespace, { kind: flavor.kind, name: rs.metadata.name!, uid: rs.metadata.uid! }));
  const orphans = cacheByIndex(c, "pods", POD_CONTROLLER_INDEX, podControllerIndexKey(namespace));
  if (orphans.length === 0) return owned;
  if (owned.length === 0) return orphans;
  const out: KObject[] = [];
  let i = 0;
  let j = 0;
  while (i < owned.length || j < orphans.length) {
    const a = owned[i];
    const b = orphans[j];
    if (b === undefined || (a !== undefined && a.metadata.name! < b.metadata.name!)) {
      out.push(a!);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}

/**
 * getReplicaSetsWithSameController: the cached controllers of this flavor whose controller is `ownerUid`, in
 * `namespace`. Kubernetes' index spans namespaces; an owner reference across namespaces is not a valid owner
 * (the garbage collector treats it as absent), and the model keeps to the controller's namespace as its
 * namespace-scoped list did.
 */
export function getControllersWithSameController(c: ComponentState, flavor: ControllerFlavor, namespace: string, ownerUid: string, lister: PodLister = "index"): KObject[] {
  if (lister === "namespace-scan") return cacheList(c, flavor.resource, namespace).filter((o) => controllerRefOf(o)?.uid === ownerUid);
  return cacheByIndex(c, flavor.resource, CONTROLLER_UID_INDEX, ownerUid).filter((o) => o.metadata.namespace === namespace);
}
