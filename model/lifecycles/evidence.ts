/**
 * What one write of an object shows happened to it, as chart event names: the evidence the edge recorder
 * (invariants/lifecycles.ts) uses to tell which chart transition a change of state was, and to see the
 * transitions that do not change the state at all (self-loops: a failed scheduling attempt, an init container
 * that finished, a namespace pass that found content remaining, a rollout that made progress).
 *
 * A chart state says where an object is; several events can lead from one state to the same next state (a
 * Running pod becomes not ready because a probe failed, because its sandbox was re-created, or because a
 * sibling container exited). The write itself tells them apart: which conditions flipped, which containers
 * exited or started, whether the pod got a new IP. Each function reads the object before and after one write
 * and returns every event the difference shows, with the payload the chart's guards read (an exit code), so
 * that the compiled table itself says which transition the event took. Pure; O(size of the two objects).
 */
import type { KObject } from "../objects/types.ts";

interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly lastUpdateTime?: string;
}

const conditionsOf = (obj: KObject): readonly Condition[] => (obj.status?.conditions ?? []) as Condition[];
const condition = (obj: KObject, type: string): Condition | undefined => conditionsOf(obj).find((c) => c.type === type);
const becameTrue = (prev: KObject, next: KObject, type: string): boolean =>
  condition(next, type)?.status === "True" && condition(prev, type)?.status !== "True";
/** A condition that is in `next` and differs from its value in `prev` (any field). */
const rewritten = (prev: KObject, next: KObject, type: string): Condition | undefined => {
  const n = condition(next, type);
  return n && JSON.stringify(n) !== JSON.stringify(condition(prev, type) ?? null) ? n : undefined;
};

interface ContainerStatus {
  readonly name?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: { running?: { startedAt?: string }; terminated?: { exitCode?: number; finishedAt?: string }; waiting?: { reason?: string } };
  readonly lastState?: { terminated?: { exitCode?: number; finishedAt?: string } };
}

const statusesOf = (obj: KObject, init: boolean): readonly ContainerStatus[] =>
  ((init ? obj.status?.initContainerStatuses : obj.status?.containerStatuses) ?? []) as ContainerStatus[];

const isRunning = (c: ContainerStatus | undefined): boolean => c?.state?.running != null;

/** The container instance ran and exited between the two statuses (it may have been restarted since). */
function exited(before: ContainerStatus | undefined, after: ContainerStatus): boolean {
  if ((after.restartCount ?? 0) > (before?.restartCount ?? 0)) return true;
  const t = after.state?.terminated;
  if (t && JSON.stringify(t) !== JSON.stringify(before?.state?.terminated ?? null)) return true;
  // Held in CrashLoopBackOff: the exit shows as lastState while it waits.
  return isRunning(before) && !isRunning(after);
}

/** A new instance of the container runs (started for the first time, or restarted). */
const started = (before: ContainerStatus | undefined, after: ContainerStatus): boolean =>
  isRunning(after) && (!isRunning(before) || (after.restartCount ?? 0) !== (before?.restartCount ?? 0) || after.state!.running!.startedAt !== before?.state?.running?.startedAt);

/** The same instance kept running and its readiness probe turned from success to failure. */
const probeFailed = (before: ContainerStatus | undefined, after: ContainerStatus): boolean =>
  isRunning(before) && isRunning(after) && before!.restartCount === after.restartCount && before!.ready === true && after.ready === false;

/** Pod status reasons that name the event that set them (the kubelet's eviction and deadline, the node controller). */
const POD_REASON_EVENTS = ["Evicted", "DeadlineExceeded", "NodeLost"] as const;

/** A chart event as a write shows it: its type and the payload the chart's guards read. */
export type ObservedEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

const exitCodeOf = (c: ContainerStatus): number => c.state?.terminated?.exitCode ?? c.lastState?.terminated?.exitCode ?? 0;

/**
 * The Pod chart events one write of a pod shows: Scheduled (spec.nodeName set), FailedScheduling (a new
 * PodScheduled=False), PodReadyToStartContainers / Initialized / ContainersReady (the condition turned True),
 * ContainerStarted (an app container instance started), ContainerDied / InitContainerDied (a container instance
 * exited: with its exit code, whether no other app container runs, whether every app container has exited 0),
 * Unhealthy (a running container's readiness turned false), SandboxChanged (the pod IP changed: a new sandbox),
 * Delete (deletionTimestamp set), SyncTerminatedPod (a pod being deleted reached a terminal phase), Evicted /
 * DeadlineExceeded / NodeLost (status.reason set to that name), Rejected (Pending to Failed with another reason:
 * the kubelet's admission), NodeReady (the phase left Unknown, with the phase reported).
 */
export function podEvidence(prev: KObject, next: KObject): readonly ObservedEvent[] {
  const out: ObservedEvent[] = [];
  if (!prev.spec?.nodeName && next.spec?.nodeName) out.push({ type: "Scheduled" });
  const scheduled = rewritten(prev, next, "PodScheduled");
  if (scheduled?.status === "False") out.push({ type: "FailedScheduling" });
  if (becameTrue(prev, next, "PodReadyToStartContainers")) out.push({ type: "PodReadyToStartContainers" });
  if (becameTrue(prev, next, "Initialized")) out.push({ type: "Initialized" });
  if (becameTrue(prev, next, "ContainersReady")) out.push({ type: "ContainersReady" });
  const apps = statusesOf(next, false);
  const appsBefore = statusesOf(prev, false);
  for (const after of apps) {
    const b = appsBefore.find((x) => x.name === after.name);
    if (exited(b, after)) {
      const lastRunning = !apps.some((o) => o !== after && isRunning(o));
      const allSucceeded = apps.every((o) => o.state?.terminated != null && o.state.terminated.exitCode === 0);
      out.push({ type: "ContainerDied", exitCode: exitCodeOf(after), lastRunning, allSucceeded });
    }
    if (started(b, after)) out.push({ type: "ContainerStarted" });
    if (probeFailed(b, after)) out.push({ type: "Unhealthy" });
  }
  const initsBefore = statusesOf(prev, true);
  for (const after of statusesOf(next, true)) {
    if (exited(initsBefore.find((x) => x.name === after.name), after)) out.push({ type: "InitContainerDied", exitCode: exitCodeOf(after) });
  }
  const ipBefore = prev.status?.podIP;
  const ipAfter = next.status?.podIP;
  if (ipBefore && ipAfter && ipBefore !== ipAfter) out.push({ type: "SandboxChanged" });
  if (!prev.metadata.deletionTimestamp && next.metadata.deletionTimestamp) out.push({ type: "Delete" });
  const phase = next.status?.phase;
  if (prev.metadata.deletionTimestamp && (phase === "Succeeded" || phase === "Failed")) out.push({ type: "SyncTerminatedPod", allSucceeded: phase === "Succeeded" });
  const reason = next.status?.reason;
  if (reason && reason !== prev.status?.reason) {
    if ((POD_REASON_EVENTS as readonly string[]).includes(reason)) out.push({ type: reason });
    else if (phase === "Failed" && (prev.status?.phase ?? "Pending") === "Pending") out.push({ type: "Rejected" });
  }
  if (prev.status?.phase === "Unknown" && phase !== "Unknown") out.push({ type: "NodeReady", phase });
  return out;
}

/** The namespace deletion condition reasons that are chart events (status_condition_utils.go). */
const NAMESPACE_CONDITION_EVENTS: Readonly<Record<string, string>> = {
  NamespaceContentRemaining: "SomeResourcesRemain",
  NamespaceFinalizersRemaining: "SomeFinalizersRemain",
  NamespaceDeletionContentFailure: "ContentDeletionFailed",
  NamespaceDeletionDiscoveryFailure: "DiscoveryFailed",
};

/**
 * The Namespace chart events one write shows: Delete (deletionTimestamp set), each deletion condition newly
 * written as True with its failure reason (SomeResourcesRemain, SomeFinalizersRemain, ContentDeletionFailed,
 * DiscoveryFailed: one deleter pass that found that), ContentRemoved (the "kubernetes" finalizer left
 * spec.finalizers).
 */
export function namespaceEvidence(prev: KObject, next: KObject): readonly ObservedEvent[] {
  const out: ObservedEvent[] = [];
  if (!prev.metadata.deletionTimestamp && next.metadata.deletionTimestamp) out.push({ type: "Delete" });
  for (const [type, event] of Object.entries(NAMESPACE_CONDITION_EVENTS)) {
    const c = rewritten(prev, next, type);
    if (c?.status === "True" && c.reason === event) out.push({ type: event });
  }
  const had = ((prev.spec?.finalizers ?? []) as string[]).includes("kubernetes");
  const has = ((next.spec?.finalizers ?? []) as string[]).includes("kubernetes");
  if (had && !has) out.push({ type: "ContentRemoved" });
  return out;
}

/** The Node Ready chart event of a write: the Ready condition's new reason (KubeletReady, KubeletNotReady, NodeStatusUnknown). */
export function nodeReadyEvidence(prev: KObject, next: KObject): readonly ObservedEvent[] {
  const c = rewritten(prev, next, "Ready");
  return c?.reason ? [{ type: c.reason }] : [];
}

/**
 * The rollout chart event of a Deployment write: the Progressing condition's reason when the condition was
 * rewritten (NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded). A new
 * lastUpdateTime with the same reason ReplicaSetUpdated is another step of progress.
 */
export function deploymentRolloutEvidence(prev: KObject, next: KObject): readonly ObservedEvent[] {
  const c = rewritten(prev, next, "Progressing");
  return c?.reason ? [{ type: c.reason }] : [];
}
