/**
 * Lifecycle state charts: XState machines for the Pod, PersistentVolume and Namespace phases (and the Node Ready
 * condition and a Deployment rollout), compiled to lookup tables at load time, with the phase-level API the
 * model calls. The coverage paths and the list of edges the model never takes serve the tests only
 * (coverage.test-support.ts, unreachable.test-support.ts).
 */
export type { ChartDefinition, ChartState, ChartTransition, LifecycleMachineId, PhaseEdge } from "./types.ts";
export { GONE, LIFECYCLE_MACHINE_IDS, phaseEdgeKey, topLevelOf } from "./types.ts";
export { compileMachine, type CompiledMachine } from "./compile.ts";
export { chartDefinition, allStates, containsState } from "./definition.ts";
export {
  LIFECYCLE_CHARTS,
  POD_CHART,
  PV_CHART,
  NAMESPACE_CHART,
  NODE_READY_CHART,
  DEPLOYMENT_ROLLOUT_CHART,
  chartById,
  isLifecycleMachineId,
  type LifecycleChart,
} from "./catalog.ts";
export { admitPhaseChange, isTerminalPhase, phaseGraph, phaseTransition, type PhaseGraph } from "./phases.ts";
export { nextPodPhase, nextPodState, type PodChartState, type PodPhase } from "./pod.ts";
export {
  podChartState,
  podGuardContext,
  pvChartState,
  pvGuardContext,
  namespaceChartState,
  nodeReadyChartState,
  deploymentRolloutChartState,
  statusPhase,
} from "./object-states.ts";
export { podMachine, shouldRestart, type PodGuardContext, type PodLifecycleEvent, type RestartPolicy } from "./pod.machine.ts";
export { pvMachine, type PvGuardContext, type PvLifecycleEvent, type ReclaimPolicy } from "./pv.machine.ts";
export { namespaceMachine, type NamespaceLifecycleEvent } from "./namespace.machine.ts";
export { nodeReadyMachine, type NodeReadyEvent } from "./node-ready.machine.ts";
export { deploymentRolloutMachine, type DeploymentRolloutEvent } from "./deployment-rollout.machine.ts";
export { nextNamespacePhase, nextNamespaceState, type NamespacePhase } from "./namespace.ts";
export { attributeWrite, feasibleTransitions } from "./attribution.ts";
export { podEvidence, namespaceEvidence, nodeReadyEvidence, deploymentRolloutEvidence, type ObservedEvent } from "./evidence.ts";
