/**
 * The Namespace chart's driver. A namespace "t" is created with the content its path needs, then each event is
 * produced as follows:
 * - Delete: a user deletes the namespace (the API server sets deletionTimestamp and phase Terminating).
 * - SomeResourcesRemain: the namespace holds a running pod; the namespace controller's pass deletes it and finds it
 *   still terminating within its grace period.
 * - SomeFinalizersRemain: the namespace holds a ConfigMap with a finalizer nobody removes.
 * - ContentDeletionFailed: the namespace holds a pod on a node that crashed; once its grace period is over the
 *   pass finds it still there, with no finalizer to wait for ("unexpected items still remain").
 * - ContentRemoved: the namespace controller removes its "kubernetes" finalizer once nothing is left (the
 *   namespace also carries a finalizer of its own, added through the finalize subresource, so it waits in
 *   Terminating.finalizing).
 * - Finalized: that last finalizer's owner (a user here) removes it through the finalize subresource, and the API
 *   server removes the namespace.
 * - DiscoveryFailed: nothing in the model (model/lifecycles/unreachable.test-support.ts).
 */
import type { KObject } from "../../model/objects/types.ts";
import type { State } from "../../model/state.ts";
import { NAMESPACE_CHART } from "../../model/lifecycles/catalog.ts";
import { chartCoverage } from "../../model/lifecycles/coverage.test-support.ts";
import { namespaceChartState } from "../../model/lifecycles/object-states.ts";
import { Sim } from "./sim.ts";
import { followPath, predictPath, type ChartDrive, type PathEvent } from "./path.ts";

/** How to drive one Namespace chart transition. */
export interface NamespacePlan {
  readonly goal: string;
  /** The chart path; default: the shortest path to the goal. */
  readonly events?: readonly PathEvent[];
  readonly why?: string;
}

const NS = "t";
const NODE = "n1";
const HOLD = "kubeprop.test/hold";
const OWN: ReadonlySet<string> = new Set(["SomeResourcesRemain", "SomeFinalizersRemain", "ContentDeletionFailed", "ContentRemoved"]);

let base: State | undefined;
const baseCluster = (): State => (base ??= new Sim([{ name: NODE }]).state);

const runningPod = (name: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: NS },
  spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
});

/** Drives one plan through the full model. */
export function driveNamespacePlan(plan: NamespacePlan): ChartDrive {
  const events = plan.events ?? chartCoverage("namespace").transitions.find((t) => t.goal === plan.goal)?.steps.map((s) => s.event as PathEvent);
  if (!events) throw new Error(`no chart path to ${plan.goal}`);
  const path = predictPath(NAMESPACE_CHART, undefined, events, plan.goal);
  const has = (type: string) => events.some((e) => e.type === type);

  const sim = new Sim(baseCluster());
  const object = `Namespace ${NS}`;
  sim.api({ verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
  if (has("ContentRemoved")) {
    // A finalizer of its own, through the finalize subresource (the namespace strategy keeps only "kubernetes"
    // from a create's spec.finalizers).
    const ns = sim.get("namespaces", NS)!;
    sim.api({ verb: "update", resource: "namespaces", name: NS, subresource: "finalize", object: { ...ns, spec: { finalizers: ["kubernetes", HOLD] } } });
  }
  // The pods need the namespace's default ServiceAccount (the serviceaccount controller creates it).
  sim.settle();
  if (has("SomeResourcesRemain") || has("ContentDeletionFailed")) sim.api({ verb: "create", resource: "pods", namespace: NS, object: runningPod("web") });
  if (has("SomeFinalizersRemain"))
    sim.api({ verb: "create", resource: "configmaps", namespace: NS, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept", namespace: NS, finalizers: [HOLD] } } });
  sim.settle();
  if (has("ContentDeletionFailed")) sim.step({ type: "node.crash", node: NODE });

  const stateNow = () => {
    const ns = sim.get("namespaces", NS);
    return ns ? namespaceChartState(ns) : "gone";
  };
  const strayedAt = followPath(sim, object, events, path, {
    stateNow,
    own: OWN,
    drive(e) {
      if (e.type === "Delete") sim.api({ verb: "delete", resource: "namespaces", name: NS });
      else if (e.type === "Finalized") {
        const ns = sim.get("namespaces", NS)!;
        sim.api({ verb: "update", resource: "namespaces", name: NS, subresource: "finalize", object: { ...ns, spec: { ...ns.spec, finalizers: [] } } });
      }
    },
  });
  return { sim, object, expected: path.expected, lastTransition: path.lastTransition, recorded: sim.transitionsOf(object), strayedAt };
}

/** A plan for every Namespace chart transition the model produces (all follow the shortest chart path). */
export const NAMESPACE_PLANS: readonly NamespacePlan[] = [
  { goal: "Active#Delete#0" },
  { goal: "Terminating.deletingContent#SomeResourcesRemain#0" },
  { goal: "Terminating.deletingContent#SomeFinalizersRemain#0" },
  { goal: "Terminating.deletingContent#ContentDeletionFailed#0" },
  { goal: "Terminating.deletingContent#ContentRemoved#0" },
  { goal: "Terminating.finalizing#Finalized#0" },
];
