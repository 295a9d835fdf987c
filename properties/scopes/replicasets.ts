import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { node, user, deleteFirstLivePod } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { nextStep } from "./lag.ts";

const RS_CONTROLLER = "kube-controller-manager/replicaset";

/** A bare ReplicaSet (no Deployment above it) with small pods. */
export const bareReplicaSet = (name: string, replicas: number): KObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
    },
  },
});

/** What the user does: scale the ReplicaSet to 1 or 3, delete a pod. */
function userOps(state: State): Action[] {
  const out: Action[] = [];
  for (const rs of objectsUnder(state, "/registry/replicasets/")) {
    const ref = { resource: "replicasets.apps", namespace: rs.metadata.namespace, name: rs.metadata.name };
    for (const r of [1, 3]) if (rs.spec.replicas !== r) out.push(user({ verb: "patch", ...ref, patch: { spec: { replicas: r } } }));
  }
  out.push(...deleteFirstLivePod(state));
  return out;
}

/**
 * A bare ReplicaSet on one node, where expectations matter (kubernetes#41675): the ReplicaSet controller's pod
 * informer lags while its worker and its ReplicaSet informer move on.
 *
 * A run picks among ~30 enabled component actions, so the five ReplicaSet controller steps of the race would
 * rarely line up by chance. The scope therefore offers, as its operations while that controller has work, the
 * controller's own next steps with its pod watch left behind (nextStep, lag.ts), and the user's scaling
 * and pod deletion otherwise; among the faults it offers both at any moment (a user acting while the controller
 * is busy stays likely), with controller restarts and compaction.
 */
export const replicasets: Scope = {
  id: "replicasets",
  description: "a bare ReplicaSet on 1 node: scale up/down and pod deletion while its controller's pod informer lags; controller restarts, compaction",
  needs: ["scheduler", "kubelet", "replicaset-controller"],
  nodes: [node("node-1")],
  objects: [bareReplicaSet("web", 2)],
  ops(state, rt) {
    const lag = nextStep(rt, state, RS_CONTROLLER, "pods");
    return lag.length > 0 ? lag : userOps(state);
  },
  faults(state, rt) {
    return [...nextStep(rt, state, RS_CONTROLLER, "pods"), ...userOps(state), { type: "component.restart", component: RS_CONTROLLER }, { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 30,
  // Starts from the settled cluster (Scope.warmUp): both pods exist and every cache has caught up, so the
  // bounded explorer reaches the expectations race (rs-no-expectations) in five actions from a scale-up.
  warmUp: true,
};
