/**
 * Creating and deleting pods to reach spec.replicas. Follows pkg/controller/replicaset/replica_set.go
 * (manageReplicas, getIndirectlyRelatedPods, getReplicaSetsWithSameController) and
 * pkg/controller/controller_utils.go (RealPodControl.CreatePods / createPods / DeletePod and their events).
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { controllerRefOf, metaNamespaceKey } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { send } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { cacheList } from "../../informers/cache.ts";
import { getControllersWithSameController, type PodLister } from "./pod-index.ts";
import { recordEvent } from "../../events/recorder.ts";
import type { ControllerFlavor } from "./flavor.ts";
import { podFromTemplate } from "./pod-template.ts";
import { getPodsToDelete } from "./deletion-ranking.ts";
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from "./slow-start.ts";
import {
  creationObserved,
  creationSent,
  deletionObserved,
  deletionSent,
  expectCreations,
  expectDeletions,
  type ExpectationsStore,
} from "./expectations.ts";

/** Cause the NamespaceLifecycle admission attaches when a namespace is terminating (v1.NamespaceTerminatingCause). */
export const NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating";

/** Everything manageReplicas needs besides the pods and the controller object. */
export interface ManageContext {
  readonly c: ComponentState;
  readonly flavor: ControllerFlavor;
  /** The controller's key (namespace/name). */
  readonly key: string;
  /** Whether creates and deletes set expectations (off only in the bug-zoo variant). */
  readonly expectations: boolean;
  /** At most this many creates or deletes per sync (BurstReplicas). */
  readonly burstReplicas: number;
  readonly log: EffectLog;
  /** How sibling controllers are found (default "index"). */
  readonly podLister?: PodLister;
}

/** What manageReplicas did: the new state, the expectations it set, and its error if a request failed. */
export interface ManageResult {
  readonly state: State;
  readonly expectations: ExpectationsStore;
  /** The first failure (its message), which the sync returns as its error. */
  readonly error?: string;
}

const hasStatusCause = (s: Status, type: string): boolean => (s.details?.causes ?? []).some((c) => c.type === type);

/**
 * getIndirectlyRelatedPods: the pods selected by every cached controller that has the same owner as `rs`
 * (for a Deployment's ReplicaSets, all its ReplicaSets), each pod once. A controller without an owner has
 * none (getReplicaSetsWithSameController reports "has no controller" and returns nothing). The siblings come
 * from the controllerUID index; their pods, as in Kubernetes, from a selector list of the namespace (only a
 * scale-down of an owned controller pays it, once per sync).
 */
export function getIndirectlyRelatedPods(c: ComponentState, flavor: ControllerFlavor, rs: KObject, lister: PodLister = "index"): KObject[] {
  const ownerRef = controllerRefOf(rs);
  if (!ownerRef) return [];
  const siblings = getControllersWithSameController(c, flavor, rs.metadata.namespace ?? "", ownerRef.uid, lister);
  if (siblings.length === 0) return [];
  const namespacePods = cacheList(c, "pods", rs.metadata.namespace);
  const seen = new Set<string>();
  const related: KObject[] = [];
  for (const sibling of siblings) {
    let sel;
    try {
      sel = flavor.selectorOf(sibling);
    } catch {
      continue; // an invalid selector matches no pods
    }
    for (const pod of namespacePods) {
      if (!sel.matches(pod.metadata.labels ?? {}) || seen.has(pod.metadata.uid!)) continue;
      seen.add(pod.metadata.uid!);
      related.push(pod);
    }
  }
  return related;
}

/**
 * manageReplicas: with fewer owned active pods than spec.replicas, creates the difference (at most
 * burstReplicas) in slow-start batches; with more, deletes the difference, choosing victims by
 * getPodsToDelete. Expectations are set before the requests, so that until the informer shows their results
 * no other sync of this controller acts on a cache that does not show them yet.
 */
export function manageReplicas(
  state: State,
  ctx: ManageContext,
  filteredPods: readonly KObject[],
  rs: KObject,
  exp: ExpectationsStore,
): ManageResult {
  const replicas: number = rs.spec?.replicas ?? 0;
  const diff = filteredPods.length - replicas;
  if (diff < 0) return createPods(state, ctx, rs, Math.min(-diff, ctx.burstReplicas), exp);
  if (diff > 0) return deletePods(state, ctx, rs, filteredPods, Math.min(diff, ctx.burstReplicas), exp);
  return { state, expectations: exp };
}

function createPods(state: State, ctx: ManageContext, rs: KObject, count: number, exp0: ExpectationsStore): ManageResult {
  const { c, key, log } = ctx;
  const namespace = rs.metadata.namespace!;
  // TODO in Kubernetes too: creates are tracked by count, not uid (the uid is known only after the create).
  let exp = ctx.expectations ? expectCreations(exp0, key, rs.metadata.uid!, count, state.clock.now) : exp0;
  const pod = podFromTemplate(rs, ctx.flavor);
  const createOne = (s: State): { value: State; error?: string } => {
    if (Object.keys(pod.metadata.labels ?? {}).length === 0) return { value: s, error: "unable to create pods, no labels" };
    const r = send(s, c.id, { verb: "create", resource: "pods", namespace, object: pod }, log);
    if (isStatus(r.result)) {
      // In a terminating namespace every create fails; that is not the controller's error (and no event).
      if (hasStatusCause(r.result, NAMESPACE_TERMINATING_CAUSE)) return { value: r.state };
      const st = recordEvent(r.state, c.id, rs, { type: "Warning", reason: "FailedCreate", message: `Error creating: ${r.result.message}` }, log);
      return { value: st, error: r.result.message };
    }
    if (ctx.expectations) exp = creationSent(exp, key, r.state.store.revision);
    const st = recordEvent(r.state, c.id, rs, { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${r.result.metadata.name}` }, log);
    return { value: st };
  };
  const batch = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, state, createOne);
  // Any skipped pods that we never attempted to start shouldn't be expected: the informer will not observe
  // them. The next sync retries the slow start.
  if (ctx.expectations) for (let i = 0; i < count - batch.successes; i++) exp = creationObserved(exp, key);
  return { state: batch.value, expectations: exp, ...(batch.error !== undefined ? { error: batch.error } : {}) };
}

function deletePods(
  state: State,
  ctx: ManageContext,
  rs: KObject,
  filteredPods: readonly KObject[],
  count: number,
  exp0: ExpectationsStore,
): ManageResult {
  const { c, key, log } = ctx;
  const related = getIndirectlyRelatedPods(c, ctx.flavor, rs, ctx.podLister);
  // Choose which pods to delete, preferring those in earlier phases of startup.
  const victims = getPodsToDelete(filteredPods, related, count, state.clock.now);
  // Snapshot the keys of the pods we expect to see deleted, so that each is counted exactly once, whether it is
  // seen first with a deletionTimestamp or gone.
  let exp = ctx.expectations ? expectDeletions(exp0, key, rs.metadata.uid!, victims.map(metaNamespaceKey), state.clock.now) : exp0;
  let s = state;
  let firstError: string | undefined;
  for (const pod of victims) {
    const podKey = metaNamespaceKey(pod);
    const r = send(s, c.id, { verb: "delete", resource: "pods", namespace: pod.metadata.namespace!, name: pod.metadata.name! }, log);
    s = r.state;
    if (isStatus(r.result)) {
      // The informer will not observe a deletion that did not happen.
      if (ctx.expectations) exp = deletionObserved(exp, key, podKey);
      if (r.result.code === 404) continue; // already gone: nothing to report
      s = recordEvent(s, c.id, rs, { type: "Warning", reason: "FailedDelete", message: `Error deleting: ${r.result.message}` }, log);
      firstError ??= `unable to delete pods: ${r.result.message}`;
      continue;
    }
    if (ctx.expectations) exp = deletionSent(exp, key, podKey, s.store.revision);
    s = recordEvent(s, c.id, rs, { type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.metadata.name}` }, log);
  }
  return { state: s, expectations: exp, ...(firstError !== undefined ? { error: firstError } : {}) };
}
