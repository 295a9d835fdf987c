/**
 * One scheduling decision as a pure function of the scheduler's cache and a pod: filter every node, score the
 * feasible ones, pick the best. Follows pkg/scheduler/schedule_one.go (schedulePod, findNodesThatFitPod,
 * findNodesThatPassFilters, numFeasibleNodesToFind, prioritizeNodes, selectHost). It reads only NodeInfos, whose
 * sums the cache keeps incrementally, and walks the node list only until it has enough feasible nodes, so a
 * decision costs O(nodes evaluated · log nodes), never O(pods).
 */
import type { KObject } from "../objects/types.ts";
import { btreeGet, btreeRange, type BTree } from "../collections/btree.ts";
import { prepareCyclePod, runFilterPlugins, type CyclePod, type FilterStatus } from "./filters.ts";
import { NO_NODES_AVAILABLE_MSG, fitErrorMessage, preFilterFitErrorMessage } from "./fit-error.ts";
import { volumeBindingPreFilter, type ClaimLookup } from "./volume-binding.ts";
import { prioritizeNodes, selectHost, type NodeScore } from "./scores.ts";
import { ANY_PLUGIN, DEFAULT_SCHEDULER_OPTIONS, type NodeInfo, type SchedulerOptions } from "./types.ts";

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** What scheduleOne reads: the node infos, the schedulable nodes' names in order, and where the last pass stopped. */
export interface ScheduleView {
  readonly nodes: BTree<NodeInfo>;
  readonly nodeOrder: readonly string[];
  readonly nextStartNodeIndex: number;
}

export type ScheduleResult =
  | {
      readonly kind: "scheduled";
      readonly node: string;
      readonly feasibleNodes: number;
      readonly evaluatedNodes: number;
      /** Scores of the feasible nodes (empty when only one node fit: it is taken without scoring). */
      readonly scores: readonly NodeScore[];
      readonly nextStartNodeIndex: number;
    }
  | {
      readonly kind: "unschedulable";
      /** FitError message with the preemption message, as the PodScheduled condition and the event carry it. */
      readonly message: string;
      /** Diagnosis.UnschedulablePlugins (or {@link ANY_PLUGIN} when there is no node at all). */
      readonly unschedulablePlugins: readonly string[];
      /** The status of every node filtered out, by node name (empty after a PreFilter rejection). */
      readonly statuses: readonly (readonly [string, FilterStatus])[];
      readonly numAllNodes: number;
      readonly nextStartNodeIndex: number;
    };

/** numFeasibleNodesToFind: all nodes below 100; else a percentage (adaptive when 0), at least 100. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/** A view of every schedulable node info in a B-tree (ghosts left out), in name order. */
export function viewOf(nodes: BTree<NodeInfo>, nextStartNodeIndex = 0): ScheduleView {
  const nodeOrder: string[] = [];
  for (const [name, n] of btreeRange(nodes)) if (n.node) nodeOrder.push(name);
  return { nodes, nodeOrder, nextStartNodeIndex };
}

/**
 * findNodesThatPassFilters: filter nodes starting at `start` (wrapping) until enough feasible ones are found.
 * Returns the feasible nodes, the statuses of the rejected ones, and how many nodes were looked at.
 */
export function findNodesThatPassFilters(
  p: CyclePod,
  view: ScheduleView,
  start: number,
  opts: Pick<SchedulerOptions, "checkNodeReadyCondition" | "percentageOfNodesToScore">,
): { feasible: NodeInfo[]; statuses: [string, FilterStatus][]; processed: number } {
  const names = view.nodeOrder;
  const want = numFeasibleNodesToFind(opts.percentageOfNodesToScore, names.length);
  const feasible: NodeInfo[] = [];
  const statuses: [string, FilterStatus][] = [];
  let i = 0;
  for (; i < names.length && feasible.length < want; i++) {
    const n = btreeGet(view.nodes, names[(start + i) % names.length]!)!;
    const status = runFilterPlugins(p, n, opts);
    if (status) statuses.push([n.name, status]);
    else feasible.push(n);
  }
  return { feasible, statuses, processed: i };
}

/**
 * schedulePod: the node for `pod`, or why there is none. `claimOf` reads the scheduler's PVC cache for the
 * VolumeBinding PreFilter (without it, a pod's claims are not checked).
 */
export function scheduleOne(view: ScheduleView, pod: KObject, options: Partial<SchedulerOptions> = {}, claimOf?: ClaimLookup): ScheduleResult {
  const opts = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  const numAllNodes = view.nodeOrder.length;
  if (numAllNodes === 0) {
    // ErrNoNodesAvailable is not a FitError: no plugin to wait for, so any node event may help.
    return { kind: "unschedulable", message: NO_NODES_AVAILABLE_MSG, unschedulablePlugins: [ANY_PLUGIN], statuses: [], numAllNodes: 0, nextStartNodeIndex: 0 };
  }
  // RunPreFilterPlugins (findNodesThatFitPod): a rejection there holds for every node, and no Filter runs.
  const pre = claimOf ? volumeBindingPreFilter(pod, claimOf) : undefined;
  if (pre) {
    return {
      kind: "unschedulable",
      message: preFilterFitErrorMessage(pod, numAllNodes, pre),
      unschedulablePlugins: [pre.plugin],
      // SetAbsentNodesStatus: every node has the PreFilter's status; not listed node by node.
      statuses: [],
      numAllNodes,
      nextStartNodeIndex: view.nextStartNodeIndex,
    };
  }
  const p = prepareCyclePod(pod);
  const start = view.nextStartNodeIndex % numAllNodes;
  const { feasible, statuses, processed } = findNodesThatPassFilters(p, view, start, opts);
  const nextStartNodeIndex = (start + processed) % numAllNodes;
  if (feasible.length === 0) {
    const plugins = [...new Set(statuses.map(([, s]) => s.plugin))].sort();
    return {
      kind: "unschedulable",
      message: fitErrorMessage(pod, numAllNodes, statuses.map(([, s]) => s)),
      unschedulablePlugins: plugins,
      statuses,
      numAllNodes,
      nextStartNodeIndex,
    };
  }
  const evaluatedNodes = feasible.length + statuses.length;
  if (feasible.length === 1) {
    return { kind: "scheduled", node: feasible[0]!.name, feasibleNodes: 1, evaluatedNodes, scores: [], nextStartNodeIndex };
  }
  const scores = prioritizeNodes(p, feasible, opts);
  return { kind: "scheduled", node: selectHost(scores)!, feasibleNodes: feasible.length, evaluatedNodes, scores, nextStartNodeIndex };
}
