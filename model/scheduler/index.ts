/** The scheduler: behaviour, pure filter/score/schedule functions and the cache, for the model and its tests. */
export { schedulerBehavior, makeSchedulerBehavior, SCHEDULER_ID, SCHEDULER_POD_FIELD_SELECTOR } from "./behavior.ts";
export { scheduleOne, findNodesThatPassFilters, numFeasibleNodesToFind, viewOf, type ScheduleResult, type ScheduleView } from "./schedule-one.ts";
export {
  runFilterPlugins,
  nodeUnschedulableFilter,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodeResourcesFitFilter,
  insufficientResources,
  prepareCyclePod,
  type CyclePod,
  type FilterStatus,
  type FilterCode,
} from "./filters.ts";
export {
  prioritizeNodes,
  selectHost,
  leastAllocatedScore,
  leastRequestedScore,
  balancedAllocationScore,
  defaultNormalizeScore,
  nodeResourcesFitScore,
  balancedAllocationNodeScore,
  MAX_NODE_SCORE,
  type NodeScore,
} from "./scores.ts";
export { fitErrorMessage, nodesAvailableMessage, preemptionMessage, preFilterFitErrorMessage, NO_NODES_AVAILABLE_MSG } from "./fit-error.ts";
export { volumeBindingPreFilter, isClaimBound, podClaims, claimChangeMayHelp, PVCS, ANN_BIND_COMPLETED, ERR_REASON_UNBOUND_IMMEDIATE, type ClaimLookup } from "./volume-binding.ts";
export { podRequests, podNonZeroRequests, nodeAllocatable } from "./resources.ts";
export { toleratesTaint, effectiveTaints, findMatchingUntoleratedTaint } from "./taints.ts";
export { podMatchesNodeSelectorAndAffinity, preferredNodeAffinityScore } from "./node-affinity.ts";
export { emptySchedulerMemory, assumePod, finishBinding, forgetPod, expireAssumedPod, syncPod, syncNode, addPod, removePod, isAssumedPod } from "./cache.ts";
export { DEFAULT_SCHEDULER_OPTIONS, DEFAULT_SCORE_WEIGHTS, PLUGIN, type SchedulerOptions, type SchedulerMemory, type NodeInfo, type CachedPod, type Resources } from "./types.ts";
