/**
 * What one run of the Deployment controller's sync handler carries: the state as its requests change it, the
 * component (its caches), the deployment being synced, and the options. Go's syncDeployment works on a deep copy
 * of the cached deployment that its steps modify (annotations, status conditions) and pass along; `d` plays that
 * role. Like Go's copy, `d` keeps the resourceVersion it was read with: a second status write in the same sync
 * answers 409 Conflict and the key is retried, as the real controller does.
 *
 * The context is a local, per-reconcile value: the reconcile stays pure from the outside.
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import type { DeploymentFeatureGates, DeploymentV, ReplicaSetV } from "./types.ts";

/** How the controller behaves; the defaults are Kubernetes'. */
export interface DeploymentControllerOptions {
  /**
   * Bug-zoo switch (kubernetes#44436): treat the new ReplicaSet as saturated as soon as its size and
   * desired-replicas annotation equal spec.replicas, without requiring its pods to be available. Proportional
   * scaling (a paused or resized deployment) then scales the old ReplicaSets to 0 while the new pods are not
   * available, taking availability below spec.replicas − maxUnavailable. Default false (the fixed IsSaturated).
   */
  readonly saturatedIgnoresAvailability: boolean;
  /** Feature gates of the replica arithmetic (all off by default). */
  readonly gates: DeploymentFeatureGates;
}

export const DEFAULT_DEPLOYMENT_CONTROLLER_OPTIONS: DeploymentControllerOptions = { saturatedIgnoresAvailability: false, gates: {} };

/** The mutable context of one sync. */
export interface SyncContext {
  state: State;
  readonly c: ComponentState;
  readonly log: EffectLog;
  readonly opts: DeploymentControllerOptions;
  /** The work-queue key being synced ("namespace/name"). */
  readonly key: string;
  /** The deployment as this sync has modified it (resourceVersion as read from the cache). */
  d: DeploymentV;
}

/**
 * An error that ends the sync; the key is retried (rate-limited in Go), unless `forget` says retrying cannot
 * help (the namespace is terminating, as handleErr's NamespaceTerminatingCause check).
 */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly forget = false,
  ) {
    super(message);
    this.name = "SyncError";
  }
}

/** A cached object seen as a Deployment. */
export const asDeployment = (o: KObject): DeploymentV => o as unknown as DeploymentV;
/** A cached object seen as a ReplicaSet. */
export const asReplicaSet = (o: KObject): ReplicaSetV => o as unknown as ReplicaSetV;
/** A Deployment or ReplicaSet as the API object the client sends. */
export const asObject = (o: DeploymentV | ReplicaSetV): KObject => o as unknown as KObject;
