/**
 * Every lifecycle chart with its compiled table (compiled once, when this module loads), the API objects it
 * describes and how to read an object's chart state. The rest of the model, the invariant, the coverage code and
 * the exporters find charts here.
 */
import type { AnyStateMachine } from "xstate";
import type { KObject } from "../objects/types.ts";
import { compileMachine, type CompiledMachine } from "./compile.ts";
import { podMachine, POD_EVENT_SAMPLES, POD_INPUT_SAMPLES, type PodGuardContext, type PodLifecycleEvent } from "./pod.machine.ts";
import { pvMachine, PV_EVENT_SAMPLES, PV_INPUT_SAMPLES, type PvGuardContext, type PvLifecycleEvent } from "./pv.machine.ts";
import { namespaceMachine, NAMESPACE_EVENT_SAMPLES, type NamespaceLifecycleEvent } from "./namespace.machine.ts";
import { nodeReadyMachine, NODE_READY_EVENT_SAMPLES, type NodeReadyEvent } from "./node-ready.machine.ts";
import { deploymentRolloutMachine, DEPLOYMENT_ROLLOUT_EVENT_SAMPLES, type DeploymentRolloutEvent } from "./deployment-rollout.machine.ts";
import {
  deploymentRolloutChartState,
  namespaceChartState,
  nodeReadyChartState,
  podChartState,
  podGuardContext,
  pvChartState,
  pvGuardContext,
} from "./object-states.ts";
import { deploymentRolloutEvidence, namespaceEvidence, nodeReadyEvidence, podEvidence, type ObservedEvent } from "./evidence.ts";
import type { LifecycleMachineId } from "./types.ts";

/** A chart and everything the model knows about it. */
export interface LifecycleChart<C = unknown, E extends { readonly type: string } = { readonly type: string }> {
  readonly id: LifecycleMachineId;
  readonly title: string;
  readonly machine: AnyStateMachine;
  readonly compiled: CompiledMachine<C, E>;
  /** The API kind the chart describes. */
  readonly kind: string;
  /** The etcd key prefix of that kind's objects. */
  readonly storePrefix: string;
  /**
   * Whether the top-level states are the object's status.phase (Pod, PV, Namespace); otherwise they are derived
   * from a condition (Node Ready, Deployment Progressing).
   */
  readonly phaseIsStatusPhase: boolean;
  /** The chart state (a leaf, or a top-level state where the object shows no more) an object is in. */
  stateOf(obj: KObject): string;
  /** The guard inputs an object gives (undefined for charts without context). */
  contextOf(obj: KObject): C;
  /** Every combination of guard inputs, for coverage and tests ([undefined] without context). */
  readonly inputSamples: readonly C[];
  /** Events with every payload a guard distinguishes. */
  readonly eventSamples: readonly E[];
  /** Events that always leave their own name in status.reason (Pod: Evicted, DeadlineExceeded, NodeLost). */
  readonly reasonEvents: readonly string[];
  /**
   * The chart events one write of an object shows (model/lifecycles/evidence.ts), when the chart has a reader
   * for them: the edge recorder then attributes a change only to a transition whose event the write shows, and
   * records self-loops. Without it, the recorder falls back to the shape of the chart.
   */
  readonly evidence?: (prev: KObject, next: KObject) => readonly ObservedEvent[];
}

const chart = <C, E extends { readonly type: string }>(c: Omit<LifecycleChart<C, E>, "compiled">): LifecycleChart<C, E> => ({
  ...c,
  compiled: compileMachine<C, E>(c.machine, c.id),
});

/** The Pod chart. */
export const POD_CHART: LifecycleChart<PodGuardContext, PodLifecycleEvent> = chart({
  id: "pod",
  title: "Pod lifecycle (status.phase)",
  machine: podMachine,
  kind: "Pod",
  storePrefix: "/registry/pods/",
  phaseIsStatusPhase: true,
  stateOf: podChartState,
  contextOf: podGuardContext,
  inputSamples: POD_INPUT_SAMPLES,
  eventSamples: POD_EVENT_SAMPLES,
  reasonEvents: ["Evicted", "DeadlineExceeded", "NodeLost"],
  evidence: podEvidence,
});

/** The PersistentVolume chart. */
export const PV_CHART: LifecycleChart<PvGuardContext, PvLifecycleEvent> = chart({
  id: "persistentvolume",
  title: "PersistentVolume lifecycle (status.phase)",
  machine: pvMachine,
  kind: "PersistentVolume",
  storePrefix: "/registry/persistentvolumes/",
  phaseIsStatusPhase: true,
  stateOf: pvChartState,
  contextOf: pvGuardContext,
  inputSamples: PV_INPUT_SAMPLES,
  eventSamples: PV_EVENT_SAMPLES,
  reasonEvents: [],
});

/** The Namespace chart. */
export const NAMESPACE_CHART: LifecycleChart<undefined, NamespaceLifecycleEvent> = chart({
  id: "namespace",
  title: "Namespace lifecycle (status.phase)",
  machine: namespaceMachine,
  kind: "Namespace",
  storePrefix: "/registry/namespaces/",
  phaseIsStatusPhase: true,
  stateOf: namespaceChartState,
  contextOf: () => undefined,
  inputSamples: [undefined],
  eventSamples: NAMESPACE_EVENT_SAMPLES,
  reasonEvents: [],
  evidence: namespaceEvidence,
});

/** The Node Ready condition chart. */
export const NODE_READY_CHART: LifecycleChart<undefined, NodeReadyEvent> = chart({
  id: "node-ready",
  title: "Node Ready condition",
  machine: nodeReadyMachine,
  kind: "Node",
  storePrefix: "/registry/nodes/",
  phaseIsStatusPhase: false,
  stateOf: nodeReadyChartState,
  contextOf: () => undefined,
  inputSamples: [undefined],
  eventSamples: NODE_READY_EVENT_SAMPLES,
  reasonEvents: [],
  evidence: nodeReadyEvidence,
});

/** The Deployment rollout chart. */
export const DEPLOYMENT_ROLLOUT_CHART: LifecycleChart<undefined, DeploymentRolloutEvent> = chart({
  id: "deployment-rollout",
  title: "Deployment rollout (Progressing condition)",
  machine: deploymentRolloutMachine,
  kind: "Deployment",
  storePrefix: "/registry/deployments/",
  phaseIsStatusPhase: false,
  stateOf: deploymentRolloutChartState,
  contextOf: () => undefined,
  inputSamples: [undefined],
  eventSamples: DEPLOYMENT_ROLLOUT_EVENT_SAMPLES,
  reasonEvents: [],
  evidence: deploymentRolloutEvidence,
});

/** Every chart, in LIFECYCLE_MACHINE_IDS order. */
export const LIFECYCLE_CHARTS: readonly LifecycleChart<any, any>[] = [POD_CHART, PV_CHART, NAMESPACE_CHART, NODE_READY_CHART, DEPLOYMENT_ROLLOUT_CHART];

const byId = new Map<string, LifecycleChart<any, any>>(LIFECYCLE_CHARTS.map((c) => [c.id, c]));

/** The chart with this id; throws for an unknown id (a programming error). */
export function chartById(id: LifecycleMachineId): LifecycleChart<any, any> {
  const c = byId.get(id);
  if (!c) throw new Error(`no lifecycle chart "${id}"`);
  return c;
}

/** Whether `id` names a chart. */
export const isLifecycleMachineId = (id: string): id is LifecycleMachineId => byId.has(id);
