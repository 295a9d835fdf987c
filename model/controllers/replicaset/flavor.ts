/**
 * What differs between the ReplicaSet and the ReplicationController controllers. Kubernetes runs one
 * implementation for both (pkg/controller/replicaset/replica_set.go, "ATTENTION: This code implements both
 * ReplicaSet and ReplicationController"): pkg/controller/replication/conversion.go converts an RC into an RS on
 * the way in and out. Here the conversion is this small adapter: the resource, the group/version/kind written
 * into controller references, and how the object's selector becomes a labels.Selector.
 */
import type { KObject } from "../../objects/types.ts";
import { labelSelectorAsSelectorCached, nothing, selectorFromSet, type Selector } from "../../labels/index.ts";
import { memoByObject } from "../../collections/memo.ts";

/** The per-kind parts of the shared controller. */
export interface ControllerFlavor {
  /** The API kind the controller manages ("ReplicaSet" or "ReplicationController"). */
  readonly kind: "ReplicaSet" | "ReplicationController";
  /** apiVersion written into the pods' controller reference (NewControllerRef's GroupVersionKind). */
  readonly apiVersion: string;
  /** Resource id of the managed kind, as informers and requests name it. */
  readonly resource: string;
  /** ComponentBehavior.kind of the component running this flavor. */
  readonly behaviorKind: string;
  /** The component id bootstrap gives it. */
  readonly componentId: string;
  /** The Kubernetes source the flavor follows, for reports. */
  readonly source: string;
  /**
   * The object's pod selector. Throws for an invalid selector (LabelSelectorAsSelector's error), which the sync
   * handler reports and drops, as Kubernetes does.
   */
  selectorOf(obj: KObject): Selector;
}

/** apps/v1 ReplicaSet: a set-based selector (matchLabels + matchExpressions). */
export const REPLICA_SET_FLAVOR: ControllerFlavor = {
  kind: "ReplicaSet",
  apiVersion: "apps/v1",
  resource: "replicasets.apps",
  behaviorKind: "replicaset-controller",
  componentId: "kube-controller-manager/replicaset",
  source: "pkg/controller/replicaset/replica_set.go",
  selectorOf: (rs) => labelSelectorAsSelectorCached(rs.spec?.selector),
};

/**
 * v1 ReplicationController: an equality-based map selector. A nil map selects nothing (the conversion to a
 * ReplicaSet leaves the LabelSelector nil); a frozen map's selector is compiled once.
 */
function replicationControllerSelector(rc: KObject): Selector {
  const set: Readonly<Record<string, string>> | null | undefined = rc.spec?.selector;
  return set == null ? nothing() : rcSelectorOf(set);
}

const rcSelectorOf = memoByObject((set: Readonly<Record<string, string>>) => selectorFromSet(set), Object.isFrozen);

/** v1 ReplicationController, run by the same code (pkg/controller/replication/replication_controller.go). */
export const REPLICATION_CONTROLLER_FLAVOR: ControllerFlavor = {
  kind: "ReplicationController",
  apiVersion: "v1",
  resource: "replicationcontrollers",
  behaviorKind: "replicationcontroller-controller",
  componentId: "kube-controller-manager/replicationcontroller",
  source: "pkg/controller/replication/replication_controller.go (through pkg/controller/replicaset/replica_set.go)",
  selectorOf: replicationControllerSelector,
};
