/**
 * The Deployment rollout chart's driver. A Deployment "web" is created (its pods request `cpu` each, on one
 * 4-cpu node), then:
 * - ReplicaSetUpdated / NewReplicaSetAvailable: the controllers make progress on their own; after a failed
 *   rollout, a new 4-cpu node (a cloud provider adding capacity) lets more pods run.
 * - ProgressDeadlineExceeded: pods that do not fit stay Pending past progressDeadlineSeconds.
 * - NewReplicaSetCreated: a user changes the pod template's image (kubectl set image).
 */
import type { State } from "../../model/state.ts";
import { DEPLOYMENT_ROLLOUT_CHART } from "../../model/lifecycles/catalog.ts";
import { chartCoverage } from "../../model/lifecycles/coverage.test-support.ts";
import { deploymentRolloutChartState } from "../../model/lifecycles/object-states.ts";
import { Sim } from "./sim.ts";
import { followPath, predictPath, type ChartDrive, type PathEvent } from "./path.ts";

/** How to drive one rollout chart transition. */
export interface RolloutPlan {
  readonly goal: string;
  /** The chart path; default: the shortest path to the goal. */
  readonly events?: readonly PathEvent[];
  readonly replicas: number;
  /** CPU request of each pod (the node has 4). */
  readonly cpu: string;
  readonly why?: string;
}

const NS = "default";
const NAME = "web";
const DEADLINE = 30;
let base: State | undefined;
const baseCluster = (): State => (base ??= new Sim([{ name: "n1" }]).state);

/** Drives one plan through the full model. */
export function driveRolloutPlan(plan: RolloutPlan): ChartDrive {
  const events = plan.events ?? chartCoverage("deployment-rollout").transitions.find((t) => t.goal === plan.goal)?.steps.map((s) => s.event as PathEvent);
  if (!events) throw new Error(`no chart path to ${plan.goal}`);
  const path = predictPath(DEPLOYMENT_ROLLOUT_CHART, undefined, events, plan.goal);
  const sim = new Sim(baseCluster());
  const object = `Deployment ${NS}/${NAME}`;
  sim.api({
    verb: "create",
    resource: "deployments.apps",
    namespace: NS,
    object: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: NAME, namespace: NS },
      spec: {
        replicas: plan.replicas,
        progressDeadlineSeconds: DEADLINE,
        selector: { matchLabels: { app: NAME } },
        template: { metadata: { labels: { app: NAME } }, spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: plan.cpu } } }] } },
      },
    },
  });
  let nodes = 1;
  let image = 25;
  const stateNow = () => {
    const d = sim.get("deployments.apps", NAME, NS);
    return d ? deploymentRolloutChartState(d) : "gone";
  };
  const strayedAt = followPath(sim, object, events, path, {
    stateNow,
    own: new Set(["ReplicaSetUpdated", "NewReplicaSetAvailable", "ProgressDeadlineExceeded"]),
    drive(e) {
      if (e.type === "NewReplicaSetCreated") sim.api({ verb: "set-image", resource: "deployments.apps", namespace: NS, name: NAME, container: "app", image: `nginx:1.${++image}` });
      else if ((e.type === "ReplicaSetUpdated" || e.type === "NewReplicaSetAvailable") && stateNow() === "failed") sim.addNode({ name: `n${++nodes}` });
    },
  });
  return { sim, object, expected: path.expected, lastTransition: path.lastTransition, recorded: sim.transitionsOf(object), strayedAt };
}

/** A plan for every rollout chart transition (all follow the shortest chart path). */
export const ROLLOUT_PLANS: readonly RolloutPlan[] = [
  { goal: "progressing#ReplicaSetUpdated#0", replicas: 3, cpu: "100m" },
  { goal: "progressing#NewReplicaSetAvailable#0", replicas: 3, cpu: "100m" },
  { goal: "progressing#ProgressDeadlineExceeded#0", replicas: 1, cpu: "100" },
  { goal: "complete#NewReplicaSetCreated#0", replicas: 2, cpu: "100m" },
  { goal: "failed#NewReplicaSetCreated#0", replicas: 1, cpu: "100" },
  { goal: "failed#ReplicaSetUpdated#0", replicas: 3, cpu: "3", why: "one pod runs, two wait; a new node lets one more run" },
  { goal: "failed#NewReplicaSetAvailable#0", replicas: 2, cpu: "3", why: "one pod runs, one waits; a new node lets the last one run" },
];
