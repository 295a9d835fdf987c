import type { Action } from "../../model/actions.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { computeHash } from "../../model/controllers/deployment/hash.ts";
import { componentRestarts, containerCrashes, node, nodeFaults, user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

const HASH_LABEL = "pod-template-hash";

/** A pod template of the app: `cpu` is the container's request. */
const template = (image: string, cpu: string) => ({
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "app", image, resources: { requests: { cpu, memory: "128Mi" } } }] },
});

/** Version 1, which runs; version 2 asks for more cpu than a node has, so its pods are never scheduled. */
const V1 = template("nginx:1.25", "250m");
const V2 = template("nginx:1.26", "3");

/** A ReplicaSet of the Deployment as the controller writes them: hash label and selector, the rollout annotations. */
function replicaSet(t: typeof V1, replicas: number, revision: number): KObject {
  const hash = computeHash(t);
  const labels = { ...t.metadata.labels, [HASH_LABEL]: hash };
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `web-${hash}`,
      namespace: "default",
      labels,
      annotations: { "deployment.kubernetes.io/desired-replicas": "2", "deployment.kubernetes.io/max-replicas": "3", "deployment.kubernetes.io/revision": String(revision) },
    },
    spec: { replicas, selector: { matchLabels: labels }, template: { ...t, metadata: { labels } } },
  };
}

/**
 * The Deployment, paused in the middle of its rollout from version 1 to version 2: 2 replicas, maxSurge 1 and
 * maxUnavailable 1 (at least one pod available), the new ReplicaSet already at its full size — kubernetes#44436's
 * "pause a failed deployment".
 */
const WEB: KObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 2,
    paused: true,
    selector: { matchLabels: { app: "web" } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: V2,
  },
};

/**
 * A Deployment paused in the middle of a failed rollout, on two nodes, as kube-controller-manager finds it when
 * it starts: the old ReplicaSet (version 1) scaled down to one pod, the new one (version 2, whose pods ask for
 * more cpu than any node has) at its full size of two. The ReplicaSets are orphans the Deployment adopts (as
 * after an orphaning delete). The one available pod must stay while the Deployment is paused (kubernetes#44436).
 * User operations: pause and resume, scaling, fixing version 2's request (a rollout that can finish), new images;
 * faults: node crashes and partitions, container crashes, controller restarts, compaction.
 */
export const rollouts: Scope = {
  id: "rollouts",
  description: "a Deployment paused mid-rollout to a version that cannot be scheduled, on 2 nodes: pause/resume, scaling, fixing the version, new images; node and container faults, controller restarts, compaction",
  needs: ["scheduler", "kubelet", "replicaset-controller", "deployment-controller"],
  nodes: [node("node-1"), node("node-2")],
  objects: [WEB, replicaSet(V1, 1, 1), replicaSet(V2, 2, 2)],
  ops(state) {
    const out: Action[] = [];
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      const ref = { resource: "deployments.apps", namespace: d.metadata.namespace, name: d.metadata.name };
      out.push(user({ verb: "patch", ...ref, patch: { spec: { paused: !d.spec.paused } } }));
      for (const r of [1, 3]) if (d.spec.replicas !== r) out.push(user({ verb: "patch", ...ref, patch: { spec: { replicas: r } } }));
      const c = d.spec.template.spec.containers[0];
      if (c.resources?.requests?.cpu !== "250m") out.push(user({ verb: "patch", ...ref, patch: { spec: { template: { spec: { containers: [{ ...c, resources: { requests: { cpu: "250m", memory: "128Mi" } } }] } } } } }));
      out.push(user({ verb: "set-image", ...ref, image: c.image === "nginx:1.27" ? "nginx:1.26" : "nginx:1.27" }));
    }
    return out;
  },
  faults(state) {
    return [
      ...nodeFaults(state),
      ...containerCrashes(state),
      ...componentRestarts(state).filter((a) => a.type === "component.restart" && /deployment|replicaset/.test(a.component)),
      { type: "store.compact" },
    ];
  },
  maxFaults: 2,
  settleTime: 30,
};
