import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { informerStep, nextStep } from "./lag.ts";

const SCHEDULER = "kube-scheduler";

/** A pod that needs more than half of a 1-cpu node. */
const bigPod = (name: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { ...(name.endsWith("-") ? { generateName: name } : { name }), namespace: "default", labels: { app: "big" } },
  spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "600m", memory: "128Mi" } } }] },
});

const smallNode = (name: string) => ({ name, capacity: { cpu: "1", memory: "2Gi", pods: "10" } });

/** What the user does: create another big pod (up to 4), delete one. */
function userOps(state: State): Action[] {
  const out: Action[] = [];
  const pods = objectsUnder(state, "/registry/pods/");
  if (pods.length < 4) out.push(user({ verb: "create", resource: "pods", namespace: "default", object: bigPod("big-") }));
  const live = pods.find((p) => !p.metadata.deletionTimestamp);
  if (live) out.push(user({ verb: "delete", resource: "pods", namespace: live.metadata.namespace, name: live.metadata.name }));
  return out;
}

/**
 * Pods of 600m for one node of 1 cpu, created by the user: one fits, the next must wait. Where the
 * scheduler's cache and its assumed pods matter (kubernetes#76772): its pod informer lags its own bindings.
 *
 * Runs start from the settled, empty cluster (Scope.warmUp): every informer has listed, so the race is the
 * user's creates against the scheduler's cycles, and the bounded explorer reaches it in five actions (two
 * creates, the pod informer delivering both, two scheduling cycles) instead of first listing everything.
 * While the scheduler's worker has work, the scope's operations are its own next steps with its pod watch left
 * behind (nextStep, lag.ts); otherwise the user's pod creation and deletion, and the scheduler's pod watch
 * delivering what it has (once listed, nextStep never offers it, so without it the creates would reach the
 * scheduler only through the rare pick of that sync among all component actions). Among the faults it offers
 * the next steps and the user's operations at any moment, with scheduler restarts and compaction.
 */
export const scheduling: Scope = {
  id: "scheduling",
  description: "600m pods created for one 1-cpu node while the scheduler's pod informer lags; pod creation and deletion, scheduler restarts, compaction",
  needs: ["scheduler", "kubelet"],
  nodes: [smallNode("node-1")],
  objects: [],
  ops(state, rt) {
    const steps = nextStep(rt, state, SCHEDULER, "pods");
    return steps.length > 0 ? steps : [...userOps(state), ...informerStep(rt, state, SCHEDULER, "pods")];
  },
  faults(state, rt) {
    return [...nextStep(rt, state, SCHEDULER, "pods"), ...userOps(state), { type: "component.restart", component: SCHEDULER }, { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 30,
  warmUp: true,
};
