/**
 * The Node Ready chart's driver, on a node "n2" the driver adds:
 * - KubeletReady: the kubelet registers its Node Ready, and posts Ready=True again when its machine recovers
 *   (node.recover).
 * - NodeStatusUnknown: the machine crashes (node.crash); the node lifecycle controller marks the Ready condition
 *   Unknown once no heartbeat came for its grace period.
 * - KubeletNotReady: nothing in the model (model/lifecycles/unreachable.test-support.ts).
 */
import type { State } from "../../model/state.ts";
import { NODE_READY_CHART } from "../../model/lifecycles/catalog.ts";
import { nodeReadyChartState } from "../../model/lifecycles/object-states.ts";
import { Sim } from "./sim.ts";
import { followPath, predictPath, type ChartDrive, type PathEvent } from "./path.ts";

/** How to drive one Node Ready chart transition. */
export interface NodeReadyPlan {
  readonly goal: string;
  readonly events: readonly PathEvent[];
  readonly why?: string;
}

const NODE = "n2";
let base: State | undefined;
const baseCluster = (): State => (base ??= new Sim([{ name: "n1" }]).state);

/** Drives one plan through the full model. */
export function driveNodeReadyPlan(plan: NodeReadyPlan): ChartDrive {
  const path = predictPath(NODE_READY_CHART, undefined, plan.events, plan.goal);
  const sim = new Sim(baseCluster());
  const object = `Node ${NODE}`;
  let registered = false;
  const stateNow = () => {
    const n = sim.get("nodes", NODE);
    return n ? nodeReadyChartState(n) : "gone";
  };
  const strayedAt = followPath(sim, object, plan.events, path, {
    stateNow,
    own: new Set(),
    drive(e) {
      if (e.type === "KubeletReady") {
        if (!registered) sim.addNode({ name: NODE });
        else sim.step({ type: "node.recover", node: NODE });
        registered = true;
      } else if (e.type === "NodeStatusUnknown") sim.step({ type: "node.crash", node: NODE });
    },
  });
  return { sim, object, expected: path.expected, lastTransition: path.lastTransition, recorded: sim.transitionsOf(object), strayedAt };
}

const ready = { type: "KubeletReady" } as const;
const unknown = { type: "NodeStatusUnknown" } as const;

/** A plan for every Node Ready chart transition the model produces. */
export const NODE_READY_PLANS: readonly NodeReadyPlan[] = [
  {
    goal: "Unknown#KubeletReady#0",
    events: [ready, unknown, ready],
    why: "a kubelet registers its Node already Ready (kubelet_node_status.go initialNode): Unknown comes only from the node lifecycle controller",
  },
  { goal: "True#NodeStatusUnknown#0", events: [ready, unknown] },
];
