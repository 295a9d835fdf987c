/**
 * A Deployment rollout as an XState machine: progressing, complete, failed — the Progressing condition.
 *
 * Follows pkg/controller/deployment/progress.go (syncRolloutStatus: a complete deployment — all replicas updated
 * and the condition's reason NewReplicaSetAvailable — is not checked for progress or timeout; otherwise
 * DeploymentComplete → NewReplicaSetAvailable, DeploymentProgressing → ReplicaSetUpdated, DeploymentTimedOut →
 * ProgressDeadlineExceeded) and pkg/controller/deployment/util/deployment_util.go (the reasons, and
 * NewReplicaSetCreated when a template change starts a new rollout). For users studying the system.
 */
import { setup } from "xstate";

/** Events of the rollout chart: the Progressing condition's reasons. */
export type DeploymentRolloutEvent =
  /** A template change created a new ReplicaSet (a new rollout starts). */
  | { readonly type: "NewReplicaSetCreated" }
  /** The rollout made progress (replicas updated or became available). */
  | { readonly type: "ReplicaSetUpdated" }
  /** Every replica is updated and available. */
  | { readonly type: "NewReplicaSetAvailable" }
  /** No progress for progressDeadlineSeconds. */
  | { readonly type: "ProgressDeadlineExceeded" };

/** The Deployment rollout machine (no guards). */
export const deploymentRolloutMachine = setup({
  types: { events: {} as DeploymentRolloutEvent },
}).createMachine({
  id: "deployment-rollout",
  initial: "progressing",
  states: {
    progressing: {
      description: "Progressing=True: the new ReplicaSet is being scaled up",
      on: {
        ReplicaSetUpdated: { target: "progressing" },
        NewReplicaSetAvailable: { target: "complete" },
        ProgressDeadlineExceeded: { target: "failed" },
      },
    },
    complete: {
      description: "Progressing=True, reason NewReplicaSetAvailable; no timeout is checked",
      on: { NewReplicaSetCreated: { target: "progressing" } },
    },
    failed: {
      description: "Progressing=False, reason ProgressDeadlineExceeded; progress can still resume",
      on: {
        NewReplicaSetCreated: { target: "progressing" },
        ReplicaSetUpdated: { target: "progressing" },
        NewReplicaSetAvailable: { target: "complete" },
      },
    },
  },
});

/** One event of each type. */
export const DEPLOYMENT_ROLLOUT_EVENT_SAMPLES: readonly DeploymentRolloutEvent[] = [
  { type: "NewReplicaSetCreated" },
  { type: "ReplicaSetUpdated" },
  { type: "NewReplicaSetAvailable" },
  { type: "ProgressDeadlineExceeded" },
];
