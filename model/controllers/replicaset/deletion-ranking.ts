/**
 * Which pods a scale-down deletes first. Follows pkg/controller/controller_utils.go (ActivePodsWithRanks.Less,
 * afterOrZero, podReadyTime, logarithmicRankDiff, maxContainerRestarts), pkg/apis/core/helper/helpers.go
 * (GetDeletionCostFromPodAnnotations) and pkg/controller/replicaset/replica_set.go (getPodsToDelete,
 * getPodsRankedByRelatedPodsOnSameNode), with the PodDeletionCost and LogarithmicScaleDown feature gates on
 * (their default since Kubernetes 1.22).
 *
 * The order, earlier = deleted first: unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
 * lower pod-deletion-cost < higher; more active sibling pods on the same node < fewer; ready for less time <
 * longer (log2 buckets); more container restarts < fewer; newer < older (log2 buckets); ties inside a log2
 * bucket by uid. Go's sort.Sort is not stable, so pods that compare equal may come out in any order there; the
 * model breaks those ties by uid and then name so that a run is reproducible.
 */
import type { KObject } from "../../objects/types.ts";
import { fromTimestamp } from "../../clock.ts";
import { isPodActive, isPodReady, podReadyTime } from "./pod-conditions.ts";

/** Annotation by which users rank pods for deletion (core.PodDeletionCost). */
export const POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

const MIN_INT32 = -(2 ** 31);
const MAX_INT32 = 2 ** 31 - 1;

/** Pending < Unknown < Running; any other phase (or none) ranks as Pending, as a missing Go map key gives 0. */
const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (pod: KObject): number => PHASE_ORDINAL[pod.status?.phase ?? ""] ?? 0;

/** helpers.go validFirstDigit: no "+", no leading zeros ("0" itself is fine). */
function validFirstDigit(s: string): boolean {
  if (s.length === 0) return false;
  return s[0] === "-" || s === "0" || (s[0]! >= "1" && s[0]! <= "9");
}

/**
 * The pod's deletion cost: the annotation parsed as an int32, 0 when absent or invalid
 * (GetDeletionCostFromPodAnnotations defaults to 0 on error).
 */
export function deletionCost(pod: KObject): number {
  const value = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (value === undefined) return 0;
  if (!validFirstDigit(value) || !/^[+-]?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  return n < MIN_INT32 || n > MAX_INT32 ? 0 : n;
}

/** The highest restart count among the pod's containers (maxContainerRestarts). */
export function maxContainerRestarts(pod: KObject): number {
  let max = 0;
  for (const c of (pod.status?.containerStatuses ?? []) as readonly { restartCount?: number }[]) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** afterOrZero: whether t1 is after t2, a zero (unset) time counting as after any set time. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** log2 bucket of an age in nanoseconds (-1 for a time not in the past), as Go's int64(math.Log2(float64(d))). */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e9;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** logarithmicRankDiff: compares two times by the log2 bucket of their age relative to now. */
export function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  return logRank(t1, now) - logRank(t2, now);
}

/** Compares two times the LogarithmicScaleDown way; true when the first pod should go first. */
function newerFirst(t1: number | undefined, t2: number | undefined, a: KObject, b: KObject, now: number): boolean {
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const rankDiff = logarithmicRankDiff(t1, t2, now);
  if (rankDiff === 0) return (a.metadata.uid ?? "") < (b.metadata.uid ?? "");
  return rankDiff < 0;
}

const creationTime = (pod: KObject): number | undefined =>
  pod.metadata.creationTimestamp ? fromTimestamp(pod.metadata.creationTimestamp) : undefined;

/**
 * ActivePodsWithRanks.Less: true when pod `a` (with rank `rankA`, the number of active related pods on its
 * node) should be deleted before pod `b`. `now` is the reference time of the logarithmic comparisons.
 */
export function deletionLess(a: KObject, rankA: number, b: KObject, rankB: number, now: number): boolean {
  // 1. Unassigned < assigned
  const na: string = a.spec?.nodeName ?? "";
  const nb: string = b.spec?.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. PodPending < PodUnknown < PodRunning
  const pa = phaseOrdinal(a);
  const pb = phaseOrdinal(b);
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  // 4. lower pod-deletion-cost < higher pod-deletion cost
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up < not doubled up
  if (rankA !== rankB) return rankA > rankB;
  // 6. Been ready for empty time < less time < more time
  if (ra && rb) {
    const ta = podReadyTime(a);
    const tb = podReadyTime(b);
    if (ta !== tb) return newerFirst(ta, tb, a, b, now);
  }
  // 7. Pods with containers with higher restart counts < lower restart counts
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xa > xb;
  // 8. Empty creation time pods < newer pods < older pods
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta !== tb) return newerFirst(ta, tb, a, b, now);
  return false;
}

/**
 * Ranks each pod by the number of active pods of `relatedPods` on the same node
 * (getPodsRankedByRelatedPodsOnSameNode; unscheduled pods share the node "").
 */
export function ranksByRelatedPodsOnSameNode(podsToRank: readonly KObject[], relatedPods: readonly KObject[]): number[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node: string = pod.spec?.nodeName ?? "";
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((pod) => podsOnNode.get(pod.spec?.nodeName ?? "") ?? 0);
}

/** The pods in deletion order (sort.Sort(ActivePodsWithRanks)), ties broken by uid, then name. */
export function sortForDeletion(pods: readonly KObject[], ranks: readonly number[], now: number): KObject[] {
  const idx = pods.map((_, i) => i);
  idx.sort((i, j) => {
    const a = pods[i]!;
    const b = pods[j]!;
    if (deletionLess(a, ranks[i]!, b, ranks[j]!, now)) return -1;
    if (deletionLess(b, ranks[j]!, a, ranks[i]!, now)) return 1;
    const ua = a.metadata.uid ?? "";
    const ub = b.metadata.uid ?? "";
    if (ua !== ub) return ua < ub ? -1 : 1;
    const ma = a.metadata.name ?? "";
    const mb = b.metadata.name ?? "";
    return ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  return idx.map((i) => pods[i]!);
}

/**
 * The `diff` pods to delete (getPodsToDelete): all of them in their given order when every pod goes, otherwise
 * the first `diff` in deletion order, ranked against `relatedPods` (the pods of every ReplicaSet with the same
 * owner, so that a Deployment's scale-down spreads across nodes).
 */
export function getPodsToDelete(filteredPods: readonly KObject[], relatedPods: readonly KObject[], diff: number, now: number): KObject[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranks = ranksByRelatedPodsOnSameNode(filteredPods, relatedPods);
  return sortForDeletion(filteredPods, ranks, now).slice(0, diff);
}
