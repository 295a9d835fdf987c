import fc from "fast-check";
import type { Action } from "../../model/actions.ts";
import type { Scope, ScopeCluster } from "./types.ts";
import { clusterArb } from "../arbitraries/cluster.ts";
import { deploymentArb, replicaSetArb, replicationControllerArb, serviceArb } from "../arbitraries/manifests.ts";
import { componentRestarts, containerCrashes, deployment, node, nodeFaults, user, deleteFirstLivePod } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

/** Generated clusters: 1-3 nodes of assorted capacities and zones, a Deployment, a ReplicaSet, an RC and a Service. */
const clusters: fc.Arbitrary<ScopeCluster> = fc
  .tuple(clusterArb({ minNodes: 1, maxNodes: 3 }), deploymentArb("web"), replicaSetArb("cache"), replicationControllerArb("legacy"), serviceArb("web", "web"))
  .map(([nodes, d, rs, rc, svc]) => ({ nodes, objects: [d, rs, rc, svc] }));

const WORKLOADS: readonly [prefix: string, resource: string][] = [
  ["/registry/deployments/", "deployments.apps"],
  ["/registry/replicasets/", "replicasets.apps"],
  ["/registry/controllers/", "replicationcontrollers"],
];

/**
 * Every workload controller at once on a generated cluster (issue 6's cluster and manifest generators): the
 * three replica controllers, the scheduler, kubelets, Endpoints and kube-proxy, with scaling, image updates, pod
 * deletion, node and container faults. fast-check shrinks the cluster with the run.
 */
export const mixed: Scope = {
  id: "mixed",
  description: "a generated cluster (nodes, a Deployment, a ReplicaSet, an RC, a Service): scaling, image updates, pod deletion; node crash and partition, container crash, restarts",
  needs: ["scheduler", "kubelet", "replicaset-controller", "replicationcontroller-controller", "deployment-controller"],
  nodes: [node("node-1"), node("node-2", "zone-b")],
  objects: [deployment("web", 2)],
  clusters,
  ops(state) {
    const out: Action[] = [];
    for (const [prefix, resource] of WORKLOADS) {
      for (const w of objectsUnder(state, prefix)) {
        // ReplicaSets the Deployment owns are its business, not the user's.
        if (w.metadata.ownerReferences?.length) continue;
        const ref = { resource, namespace: w.metadata.namespace, name: w.metadata.name };
        for (const r of [0, 3]) if (w.spec.replicas !== r) out.push(user({ verb: "patch", ...ref, patch: { spec: { replicas: r } } }));
        if (resource === "deployments.apps") {
          const img = w.spec.template.spec.containers[0].image;
          out.push(user({ verb: "set-image", ...ref, image: img === "nginx:1.25" ? "nginx:1.26" : "nginx:1.25" }));
        }
      }
    }
    out.push(...deleteFirstLivePod(state));
    return out;
  },
  faults(state) {
    return [...nodeFaults(state), ...containerCrashes(state), ...componentRestarts(state).slice(0, 3)];
  },
  maxFaults: 2,
  settleTime: 600,
  runs: 10,
};
