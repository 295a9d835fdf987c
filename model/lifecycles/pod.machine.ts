/**
 * The Pod lifecycle as an XState machine. Top-level states are the API's status.phase (PodPhase: Pending,
 * Running, Succeeded, Failed, Unknown) plus `gone` (removed before reaching a final phase); substates are the
 * steps the API shows through conditions and container states (PodScheduled, PodReadyToStartContainers,
 * Initialized, Ready, CrashLoopBackOff) and deletionTimestamp (terminating).
 *
 * Follows pkg/kubelet/kubelet_pods.go (getPhase: which container states give which phase, per restart policy),
 * pkg/kubelet/container/helpers.go (ShouldContainerBeRestarted: the restart-policy guard),
 * pkg/kubelet/status/status_manager.go ("pods are not allowed to transition out of terminal phases": Succeeded
 * and Failed are final), pkg/kubelet/pod_workers.go (SyncTerminatingPod → SyncTerminatedPod: since 1.27 a deleted
 * pod reaches a terminal phase before the kubelet lets it go, except static pods), pkg/registry/core/pod
 * (graceful deletion; a pod that was never scheduled is removed at once) and kubernetes/kubernetes#126650 /
 * PR #126653 (after a sandbox re-creation a pod with init containers goes back to Pending while they rerun).
 *
 * No side effects: no actions, no assign; the context is the pod's spec facts the guards read (input).
 * Event names are Kubernetes' own: scheduler and kubelet event reasons (Scheduled, FailedScheduling,
 * SandboxChanged, Unhealthy, Evicted, DeadlineExceeded), PLEG events (ContainerStarted, ContainerDied), pod
 * conditions (PodReadyToStartContainers, Initialized, ContainersReady), the pod worker's SyncTerminatedPod and
 * the NodeLost reason of pods on an unreachable node.
 */
import { setup } from "xstate";

/** The pod's restart policy (v1.RestartPolicy). */
export type RestartPolicy = "Always" | "OnFailure" | "Never";

/** What the guards know about a pod: facts of its spec, fixed for the pod's life. */
export interface PodGuardContext {
  readonly restartPolicy: RestartPolicy;
  /** The pod has regular (non-restartable) init containers, which run before the app containers. */
  readonly hasInitContainers: boolean;
  /** A static pod (seen through its mirror pod): the kubelet never sets a terminal phase on it. */
  readonly staticPod: boolean;
}

/** The phases a pod reports after its node comes back (NodeReady). */
export type ReportedPodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

/** Events of the Pod chart. */
export type PodLifecycleEvent =
  /** kube-scheduler bound the pod to a node (event reason Scheduled). */
  | { readonly type: "Scheduled" }
  /** No node fits (event reason FailedScheduling): the pod stays unscheduled. */
  | { readonly type: "FailedScheduling" }
  /** The sandbox and its network are up (condition PodReadyToStartContainers=True). */
  | { readonly type: "PodReadyToStartContainers" }
  /** The kubelet refused the pod at admission (OutOfcpu, OutOfmemory, NodeAffinity, ...): phase Failed. */
  | { readonly type: "Rejected" }
  /** An init container exited. */
  | { readonly type: "InitContainerDied"; readonly exitCode: number }
  /** Every init container completed (condition Initialized=True). */
  | { readonly type: "Initialized" }
  /** A container started (PLEG ContainerStarted), including a restart after a back-off. */
  | { readonly type: "ContainerStarted" }
  /** All containers are ready (condition ContainersReady=True). */
  | { readonly type: "ContainersReady" }
  /** A readiness probe failed (event reason Unhealthy). */
  | { readonly type: "Unhealthy" }
  /**
   * A container exited (PLEG ContainerDied). `lastRunning`: no other container of the pod is running;
   * `allSucceeded`: every container of the pod has terminated with exit code 0.
   */
  | { readonly type: "ContainerDied"; readonly exitCode: number; readonly lastRunning: boolean; readonly allSucceeded: boolean }
  /** The sandbox died (node reboot, runtime restart) and will be re-created (event reason SandboxChanged). */
  | { readonly type: "SandboxChanged" }
  /** The eviction manager evicted the pod (reason Evicted): phase Failed. */
  | { readonly type: "Evicted" }
  /** activeDeadlineSeconds passed (reason DeadlineExceeded): phase Failed. */
  | { readonly type: "DeadlineExceeded" }
  /** The pod's node stopped reporting (reason NodeLost): phase Unknown. */
  | { readonly type: "NodeLost" }
  /** The node reports again, and with it the pod's phase. */
  | { readonly type: "NodeReady"; readonly phase: ReportedPodPhase }
  /** Graceful deletion: deletionTimestamp is set (a pod that was never scheduled is removed at once). */
  | { readonly type: "Delete" }
  /** Deletion with grace period 0 (kubectl delete --force, the pod GC on a lost node): removed at once. */
  | { readonly type: "ForceDelete" }
  /** The kubelet finished terminating the pod (pod worker SyncTerminatedPod). */
  | { readonly type: "SyncTerminatedPod"; readonly allSucceeded: boolean };

/** The chart's event types. */
export type PodLifecycleEventType = PodLifecycleEvent["type"];

const exitCodeOf = (e: PodLifecycleEvent): number => (e.type === "ContainerDied" || e.type === "InitContainerDied" ? e.exitCode : 0);

/**
 * ShouldContainerBeRestarted for a container that exited with `exitCode`: Always restarts, OnFailure restarts on
 * a non-zero exit, Never does not (pkg/kubelet/container/helpers.go).
 */
export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  return policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
}

/** The Pod lifecycle machine. */
export const podMachine = setup({
  types: {
    context: {} as PodGuardContext,
    events: {} as PodLifecycleEvent,
    input: {} as PodGuardContext,
  },
  guards: {
    /** The exited container will be restarted (ShouldContainerBeRestarted). */
    shouldRestart: ({ context, event }) => shouldRestart(context.restartPolicy, exitCodeOf(event)),
    /** getPhase: a failed regular init container with restartPolicy Never fails the pod. */
    initFailedNever: ({ context, event }) => context.restartPolicy === "Never" && exitCodeOf(event) !== 0,
    /** Other containers of the pod are still running. */
    othersRunning: ({ event }) => event.type === "ContainerDied" && !event.lastRunning,
    /** Every container terminated with exit code 0 (getPhase: stopped == succeeded). */
    allSucceeded: ({ event }) => (event.type === "ContainerDied" || event.type === "SyncTerminatedPod") && event.allSucceeded,
    /** restartPolicy Never: a failed container stays failed. */
    restartNever: ({ context }) => context.restartPolicy === "Never",
    hasInitContainers: ({ context }) => context.hasInitContainers,
    staticPod: ({ context }) => context.staticPod,
    reportedPending: ({ event }) => event.type === "NodeReady" && event.phase === "Pending",
    reportedRunning: ({ event }) => event.type === "NodeReady" && event.phase === "Running",
    reportedSucceeded: ({ event }) => event.type === "NodeReady" && event.phase === "Succeeded",
  },
}).createMachine({
  id: "pod",
  context: ({ input }) => ({ ...input }),
  initial: "Pending",
  states: {
    Pending: {
      description: "accepted by the API; not every container has started",
      initial: "unscheduled",
      states: {
        unscheduled: {
          description: "no node yet (PodScheduled=False)",
          on: {
            FailedScheduling: { target: "unscheduled" },
            Scheduled: { target: "scheduled" },
            // A pod that is not bound to a node has nothing to stop: the API removes it without grace.
            Delete: { target: "#pod.gone" },
          },
        },
        scheduled: {
          description: "bound to a node: the kubelet owns it from here",
          initial: "creatingSandbox",
          states: {
            creatingSandbox: {
              description: "kubelet admission, then the sandbox and its network (PodReadyToStartContainers=False)",
              on: {
                PodReadyToStartContainers: [
                  { guard: "hasInitContainers", target: "initializing" },
                  { target: "creatingContainers" },
                ],
                Rejected: { target: "#pod.Failed" },
              },
            },
            initializing: {
              description: "init containers running one by one (Initialized=False)",
              on: {
                InitContainerDied: [
                  { guard: "initFailedNever", target: "#pod.Failed" },
                  // exit 0: the next init container runs; a failure with Always/OnFailure: Init:CrashLoopBackOff.
                  { target: "initializing" },
                ],
                Initialized: { target: "creatingContainers" },
              },
            },
            creatingContainers: {
              description: "app containers being created and started (ContainerCreating)",
              on: {
                ContainerStarted: { target: "#pod.Running" },
                // The containers ran and exited before the kubelet saw them running (PLEG relists at intervals).
                ContainerDied: [
                  { guard: "shouldRestart", target: "#pod.Running.crashLoopBackOff" },
                  { guard: "othersRunning", target: "#pod.Running.notReady" },
                  { guard: "allSucceeded", target: "#pod.Succeeded" },
                  { guard: "restartNever", target: "#pod.Failed" },
                  { target: "#pod.Running.crashLoopBackOff" },
                ],
              },
            },
            terminating: {
              description: "deletionTimestamp set; the kubelet stops what was started",
              on: {
                SyncTerminatedPod: [
                  { guard: "staticPod", target: "#pod.gone" },
                  { guard: "allSucceeded", target: "#pod.Succeeded" },
                  { target: "#pod.Failed" },
                ],
              },
            },
          },
          // Only the kubelet evicts, enforces activeDeadlineSeconds and loses contact: scheduled pods only.
          on: {
            Delete: { target: ".terminating" },
            Evicted: { target: "#pod.Failed" },
            DeadlineExceeded: { target: "#pod.Failed" },
            NodeLost: { target: "#pod.Unknown" },
          },
        },
      },
      on: {
        ForceDelete: { target: "gone" },
      },
    },
    Running: {
      description: "bound, every container started, at least one running or restarting",
      initial: "notReady",
      states: {
        notReady: {
          description: "Ready=False: a container is not ready yet or failed its readiness probe",
          on: { ContainersReady: { target: "ready" } },
        },
        ready: {
          description: "Ready=True: the pod receives Service traffic",
          on: { Unhealthy: { target: "notReady" } },
        },
        crashLoopBackOff: {
          description: "a container waits out its restart back-off (CrashLoopBackOff)",
          on: { ContainerStarted: { target: "notReady" } },
        },
        terminating: {
          description: "deletionTimestamp set; containers get SIGTERM, then SIGKILL after the grace period",
          on: {
            // Containers dying is what termination does: it does not restart them or change the phase.
            ContainerDied: { target: "terminating" },
            SandboxChanged: { target: "terminating" },
            SyncTerminatedPod: [
              { guard: "staticPod", target: "#pod.gone" },
              { guard: "allSucceeded", target: "#pod.Succeeded" },
              { target: "#pod.Failed" },
            ],
          },
        },
      },
      on: {
        ContainerDied: [
          { guard: "shouldRestart", target: ".crashLoopBackOff" },
          { guard: "othersRunning", target: ".notReady" },
          { guard: "allSucceeded", target: "Succeeded" },
          { guard: "restartNever", target: "Failed" },
          // OnFailure: an earlier container failed and is restarting, so the pod is still Running.
          { target: ".crashLoopBackOff" },
        ],
        SandboxChanged: [
          // Never: the kubelet does not re-create the sandbox of a pod whose containers ran; ContainerDied follows.
          { guard: "restartNever", target: ".notReady" },
          { guard: "hasInitContainers", target: "Pending.scheduled.initializing" },
          { target: ".notReady" },
        ],
        Delete: { target: ".terminating" },
        ForceDelete: { target: "gone" },
        Evicted: { target: "Failed" },
        DeadlineExceeded: { target: "Failed" },
        NodeLost: { target: "Unknown" },
      },
    },
    Succeeded: {
      type: "final",
      description: "every container terminated with exit 0 and none will restart",
    },
    Failed: {
      type: "final",
      description: "every container terminated, at least one in failure, or the pod was evicted/rejected",
    },
    Unknown: {
      description: "the node stopped reporting: the pod's state cannot be obtained",
      on: {
        NodeReady: [
          { guard: "reportedPending", target: "Pending.scheduled" },
          { guard: "reportedRunning", target: "Running" },
          { guard: "reportedSucceeded", target: "Succeeded" },
          { target: "Failed" },
        ],
        ForceDelete: { target: "gone" },
      },
    },
    gone: {
      type: "final",
      description: "removed from the API before reaching Succeeded or Failed",
    },
  },
});

/** The guard inputs a pod spec gives (defaults: restartPolicy Always). */
export const DEFAULT_POD_CONTEXT: PodGuardContext = { restartPolicy: "Always", hasInitContainers: false, staticPod: false };

const RESTART_POLICIES: readonly RestartPolicy[] = ["Always", "OnFailure", "Never"];

/** Every combination of guard inputs: the inputs coverage and the table tests enumerate. */
export const POD_INPUT_SAMPLES: readonly PodGuardContext[] = RESTART_POLICIES.flatMap((restartPolicy) =>
  [false, true].flatMap((hasInitContainers) => [false, true].map((staticPod) => ({ restartPolicy, hasInitContainers, staticPod }))),
);

/** Events with every payload value a guard distinguishes (exit code zero or not, booleans, reported phases). */
export const POD_EVENT_SAMPLES: readonly PodLifecycleEvent[] = [
  { type: "Scheduled" },
  { type: "FailedScheduling" },
  { type: "PodReadyToStartContainers" },
  { type: "Rejected" },
  { type: "InitContainerDied", exitCode: 0 },
  { type: "InitContainerDied", exitCode: 1 },
  { type: "Initialized" },
  { type: "ContainerStarted" },
  { type: "ContainersReady" },
  { type: "Unhealthy" },
  ...[0, 1].flatMap((exitCode) =>
    [true, false].flatMap((lastRunning) => [true, false].map((allSucceeded) => ({ type: "ContainerDied" as const, exitCode, lastRunning, allSucceeded }))),
  ),
  { type: "SandboxChanged" },
  { type: "Evicted" },
  { type: "DeadlineExceeded" },
  { type: "NodeLost" },
  ...(["Pending", "Running", "Succeeded", "Failed"] as const).map((phase) => ({ type: "NodeReady" as const, phase })),
  { type: "Delete" },
  { type: "ForceDelete" },
  { type: "SyncTerminatedPod", allSucceeded: true },
  { type: "SyncTerminatedPod", allSucceeded: false },
];
