/**
 * The score plugins the model runs and how their scores combine. Follows
 * pkg/scheduler/framework/plugins/noderesources/least_allocated.go (leastResourceScorer, leastRequestedScore),
 * balanced_allocation.go (balancedResourceScorer), resource_allocation.go (LeastAllocated scores the non-zero
 * requests, BalancedAllocation the real ones: useRequested), tainttoleration/taint_toleration.go (Score counts
 * untolerated PreferNoSchedule taints; NormalizeScore reverses), nodeaffinity/node_affinity.go (preferred terms),
 * pkg/scheduler/framework/plugins/helper/normalize_score.go (DefaultNormalizeScore) and
 * pkg/scheduler/schedule_one.go (prioritizeNodes: weighted sum; selectHost).
 */
import { preferredNodeAffinityScore } from "./node-affinity.ts";
import type { CyclePod } from "./filters.ts";
import { effectiveTaints, toleratesTaint, type Taint, type Toleration } from "./taints.ts";
import type { NodeInfo, ScoreWeights } from "./types.ts";

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** leastRequestedScore: the unused share of a resource, 0..100 (integer arithmetic as in Go). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** leastResourceScorer: the weighted mean of leastRequestedScore over the resources the node has. */
export function leastAllocatedScore(requested: readonly number[], allocatable: readonly number[], weights: readonly number[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const w = weights[i] ?? 1;
    nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** balancedResourceScorer: (1 − standard deviation of the requested fractions) × 100, fractions capped at 1. */
export function balancedAllocationScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i]! / allocatable[i]!);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** countIntolerableTaintsPreferNoSchedule: PreferNoSchedule taints no PreferNoSchedule-or-any-effect toleration covers. */
export function intolerablePreferNoScheduleTaints(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  if (taints.length === 0) return 0;
  const ts = tolerations.filter((t) => !t.effect || t.effect === "PreferNoSchedule");
  return taints.filter((t) => t.effect === "PreferNoSchedule" && !ts.some((tol) => toleratesTaint(tol, t))).length;
}

/** DefaultNormalizeScore: scale to 0..max by the highest raw score (reverse: max − that); all zero stays 0 (max when reversed). */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: readonly number[]): number[] {
  const maxCount = scores.reduce((m, s) => Math.max(m, s), 0);
  if (maxCount === 0) return scores.map((s) => (reverse ? maxPriority : s));
  return scores.map((s) => {
    const v = Math.trunc((maxPriority * s) / maxCount);
    return reverse ? maxPriority - v : v;
  });
}

/** A node's scores (framework.NodePluginScores). */
export interface NodeScore {
  readonly name: string;
  readonly total: number;
  readonly scores: Readonly<Record<string, number>>;
}

export interface ScoreOptions {
  readonly weights: ScoreWeights;
  readonly checkNodeReadyCondition: boolean;
}

/** The LeastAllocated score of a pod on a node (NodeResourcesFit's Score with the default cpu:1, memory:1). */
export function nodeResourcesFitScore(p: CyclePod, n: NodeInfo): number {
  return leastAllocatedScore(
    [n.nonZeroRequested.milliCPU + p.nonZero.milliCPU, n.nonZeroRequested.memory + p.nonZero.memory],
    [n.allocatable.milliCPU, n.allocatable.memory],
    [1, 1],
  );
}

/** The BalancedAllocation score of a pod on a node. */
export function balancedAllocationNodeScore(p: CyclePod, n: NodeInfo): number {
  return balancedAllocationScore(
    [n.requested.milliCPU + p.requests.milliCPU, n.requested.memory + p.requests.memory],
    [n.allocatable.milliCPU, n.allocatable.memory],
  );
}

/** prioritizeNodes: every score plugin on every feasible node, normalized where the plugin normalizes, weighted and summed. */
export function prioritizeNodes(p: CyclePod, nodes: readonly NodeInfo[], opts: ScoreOptions): NodeScore[] {
  const w = opts.weights;
  const taint = defaultNormalizeScore(
    MAX_NODE_SCORE,
    true,
    nodes.map((n) => intolerablePreferNoScheduleTaints(effectiveTaints(n.node!, opts.checkNodeReadyCondition), p.tolerations)),
  );
  const affinity = defaultNormalizeScore(MAX_NODE_SCORE, false, nodes.map((n) => preferredNodeAffinityScore(p.pod, n.node!)));
  return nodes.map((n, i) => {
    const scores = {
      NodeResourcesFit: nodeResourcesFitScore(p, n),
      NodeResourcesBalancedAllocation: balancedAllocationNodeScore(p, n),
      TaintToleration: taint[i]!,
      NodeAffinity: affinity[i]!,
    };
    const total =
      scores.NodeResourcesFit * w.nodeResourcesFit +
      scores.NodeResourcesBalancedAllocation * w.balancedAllocation +
      scores.TaintToleration * w.taintToleration +
      scores.NodeAffinity * w.nodeAffinity;
    return { name: n.name, total, scores };
  });
}

/**
 * selectHost: the node with the highest total. Kubernetes breaks ties by a heap over the feasible-node order
 * (older releases: uniformly at random among the best); the model takes the lowest node name, so a run is
 * reproducible.
 */
export function selectHost(scores: readonly NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (!best || s.total > best.total || (s.total === best.total && s.name < best.name)) best = s;
  return best?.name;
}
