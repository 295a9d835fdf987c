/**
 * Coverage from chart to model: the full model (bootstrap, a node, every controller, the kubelet) is driven along
 * a chart path to every transition of the Pod, Namespace, Node Ready and Deployment rollout charts, and the edge
 * recorder (invariants/lifecycles.ts) must see that transition happen. The transitions no plan reaches are listed
 * with their reason in model/lifecycles/unreachable.test-support.ts; this file pins that the two are exactly the
 * charts.
 * The PersistentVolume chart is covered by the PV binder's own tests.
 */
import { describe, expect, it } from "vitest";
import { chartById } from "../model/lifecycles/catalog.ts";
import { UNREACHABLE_EDGES, unreachableEdgesOf } from "../model/lifecycles/unreachable.test-support.ts";
import type { LifecycleMachineId } from "../model/lifecycles/types.ts";
import type { ChartDrive } from "./lifecycle-drivers/path.ts";
import { drivePodPlan, POD_PLANS } from "./lifecycle-drivers/pod.ts";
import { driveNamespacePlan, NAMESPACE_PLANS } from "./lifecycle-drivers/namespace.ts";
import { driveNodeReadyPlan, NODE_READY_PLANS } from "./lifecycle-drivers/node-ready.ts";
import { driveRolloutPlan, ROLLOUT_PLANS } from "./lifecycle-drivers/deployment-rollout.ts";

interface Machine {
  readonly id: LifecycleMachineId;
  readonly plans: readonly { readonly goal: string }[];
  readonly drive: (plan: any) => ChartDrive;
}

const MACHINES: readonly Machine[] = [
  { id: "pod", plans: POD_PLANS, drive: drivePodPlan },
  { id: "namespace", plans: NAMESPACE_PLANS, drive: driveNamespacePlan },
  { id: "node-ready", plans: NODE_READY_PLANS, drive: driveNodeReadyPlan },
  { id: "deployment-rollout", plans: ROLLOUT_PLANS, drive: driveRolloutPlan },
];

/** Each plan is driven once; the per-plan tests and the per-chart totals read the same drives. */
const drives = new Map<string, ChartDrive>();
const driven = (m: Machine, plan: { goal: string }): ChartDrive => {
  const key = `${m.id} ${plan.goal}`;
  let d = drives.get(key);
  if (!d) drives.set(key, (d = m.drive(plan)));
  return d;
};

describe("lifecycle coverage: the plans and the unreachable list are exactly the charts", () => {
  for (const m of MACHINES) {
    it(`${m.id}: every transition is either driven by one plan or listed as unreachable, never both`, () => {
      const all = chartById(m.id).compiled.definition.transitions.map((t) => t.id);
      const goals = m.plans.map((p) => p.goal);
      const unreachable = unreachableEdgesOf(m.id).map((u) => u.edge);
      expect(new Set(goals).size).toBe(goals.length);
      expect(new Set(unreachable).size).toBe(unreachable.length);
      expect(goals.filter((g) => unreachable.includes(g))).toEqual([]);
      expect([...goals, ...unreachable].sort()).toEqual([...all].sort());
    });
  }

  it("lists only transitions of the four driven charts, each with a reason", () => {
    for (const u of UNREACHABLE_EDGES) {
      expect(MACHINES.map((m) => m.id)).toContain(u.machine);
      expect(chartById(u.machine).compiled.definition.transitions.map((t) => t.id)).toContain(u.edge);
      expect(u.reason.length).toBeGreaterThan(40);
    }
    expect(UNREACHABLE_EDGES.map((u) => `${u.machine} ${u.kind}`).reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {})).toEqual({
      "pod not-modelled": 3,
      "pod not-in-kubernetes": 7,
      "pod not-attributable": 2,
      "pod not-observable": 2,
      "namespace not-modelled": 1,
      "node-ready not-modelled": 4,
    });
  });
});

for (const m of MACHINES) {
  describe(`lifecycle coverage: the ${m.id} chart, driven through the full model`, () => {
    for (const plan of m.plans) {
      it(`${plan.goal} happens`, () => {
        const d = driven(m, plan);
        // The plan's path is a path of the chart that ends with the goal.
        expect(d.lastTransition).toBe(plan.goal);
        // The model went through every state the chart predicts along it (or several at once, where the
        // components take more than one step in one write).
        expect(d.strayedAt).toBe(-1);
        expect(d.recorded).toContain(plan.goal);
        // And no phase change along the way was off the chart.
        expect(d.sim.violations).toEqual([]);
      });
    }

    it("all drives together cover exactly the planned transitions: none of the unreachable ones", () => {
      const covered = new Set<string>();
      for (const plan of m.plans) for (const c of driven(m, plan).sim.changes) if (c.machine === m.id && c.transition) covered.add(c.transition.id);
      expect([...covered].sort()).toEqual(m.plans.map((p) => p.goal).sort());
    });
  });
}
