/**
 * The chart transitions the model does not produce, each with the reason: the complement of what the lifecycle
 * coverage test (test/lifecycle-coverage.test.ts) drives the full model through. The test checks that this list
 * and the driven set together are exactly the transitions of each chart, so an edge that becomes reachable (or
 * stops being) shows up as a failing test, not as silence.
 *
 * Kinds of reason:
 * - "not-modelled": Kubernetes does it, the model does not (yet): a finding about the model;
 * - "not-in-kubernetes": Kubernetes itself no longer does it; the chart keeps it because the API still names it;
 * - "not-attributable": the model does it, but the write that shows it also shows another event that the table
 *   takes to the same state, so the recorder cannot say which transition it was;
 * - "not-observable": the step happens inside one component action and no API write ever shows it.
 *
 * The PersistentVolume chart is not listed: the PV binder's own tests cover it.
 */
import type { LifecycleMachineId } from "./types.ts";

/** Why the model does not produce a transition. */
export type UnreachableKind = "not-modelled" | "not-in-kubernetes" | "not-attributable" | "not-observable";

/** A chart transition the model does not produce. */
export interface UnreachableEdge {
  readonly machine: LifecycleMachineId;
  /** The transition id (ChartTransition.id). */
  readonly edge: string;
  readonly kind: UnreachableKind;
  readonly reason: string;
}

const NO_EVICTION =
  "the model's kubelet has no eviction manager (pkg/kubelet/eviction: node-pressure eviction), and no world action creates memory or disk pressure";
const NO_UNKNOWN =
  "nothing sets phase Unknown: Kubernetes stopped in 2015 (core/v1 types.go: PodUnknown \"Deprecated: It isn't being set since 2015\"); the node lifecycle controller marks the pods of a lost node Ready=False instead (MarkPodsNotReady), and the model does the same";
const NOT_READY_NEVER =
  "the model's kubelet posts Ready=True whenever its machine is up (nodestatus ReadyCondition): no container runtime, network plugin or PLEG health failure is modelled, so it never reports KubeletNotReady";

/** Every transition of the Pod, Namespace, Node Ready and Deployment rollout charts the model does not produce. */
export const UNREACHABLE_EDGES: readonly UnreachableEdge[] = [
  { machine: "pod", edge: "Pending.scheduled#Evicted#0", kind: "not-modelled", reason: NO_EVICTION },
  { machine: "pod", edge: "Running#Evicted#0", kind: "not-modelled", reason: NO_EVICTION },
  { machine: "pod", edge: "Pending.scheduled#NodeLost#0", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Running#NodeLost#0", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Unknown#NodeReady#0", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Unknown#NodeReady#1", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Unknown#NodeReady#2", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Unknown#NodeReady#3", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  { machine: "pod", edge: "Unknown#ForceDelete#0", kind: "not-in-kubernetes", reason: NO_UNKNOWN },
  {
    machine: "pod",
    edge: "Pending.scheduled.creatingContainers#ContainerDied#1",
    kind: "not-attributable",
    reason:
      "the other container that still runs was never seen running either: the same write shows it started, which the table takes along creatingContainers#ContainerStarted#0 to the same state (Running.notReady)",
  },
  {
    machine: "pod",
    edge: "Pending.scheduled.creatingContainers#ContainerDied#4",
    kind: "not-attributable",
    reason:
      "the other container's failure (waiting in CrashLoopBackOff) shows in the same write, which the table takes along creatingContainers#ContainerDied#0 to the same state (Running.crashLoopBackOff)",
  },
  {
    machine: "pod",
    edge: "Running#SandboxChanged#0",
    kind: "not-modelled",
    reason:
      "for restartPolicy Never the model's kubelet does not re-create the sandbox of a pod whose containers ran (run-pod.ts, after computePodActions); the lost containers fail the pod in the same write, seen as Running#ContainerDied#3",
  },
  {
    machine: "pod",
    edge: "Running.terminating#ContainerDied#0",
    kind: "not-observable",
    reason:
      "the model's containers stop at once on SIGTERM (sandbox.ts killPod), in the sync that writes the final status: no status shows a container exited while its pod is still terminating",
  },
  {
    machine: "pod",
    edge: "Running.terminating#SandboxChanged#0",
    kind: "not-observable",
    reason: "no kubelet re-creates the sandbox of a pod being deleted: a machine that comes back finds the pod terminating and only finishes its termination",
  },
  {
    machine: "namespace",
    edge: "Terminating.deletingContent#DiscoveryFailed#0",
    kind: "not-modelled",
    reason:
      "discovery cannot fail in the model: one API server serves every resource, so the NamespaceDeletionDiscoveryFailure condition always reads ok (controllers/namespace/conditions.ts)",
  },
  { machine: "node-ready", edge: "Unknown#KubeletNotReady#0", kind: "not-modelled", reason: NOT_READY_NEVER },
  { machine: "node-ready", edge: "True#KubeletNotReady#0", kind: "not-modelled", reason: NOT_READY_NEVER },
  { machine: "node-ready", edge: "False#KubeletReady#0", kind: "not-modelled", reason: NOT_READY_NEVER },
  { machine: "node-ready", edge: "False#NodeStatusUnknown#0", kind: "not-modelled", reason: NOT_READY_NEVER },
];

/** The unreachable transitions of one chart. */
export const unreachableEdgesOf = (machine: LifecycleMachineId): readonly UnreachableEdge[] => UNREACHABLE_EDGES.filter((u) => u.machine === machine);
