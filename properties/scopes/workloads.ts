import type { Action } from "../../model/actions.ts";
import type { Scope } from "./types.ts";
import { componentRestarts, containerCrashes, deployment, node, nodeFaults, user, deleteFirstLivePod } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

/** A ReplicaSet / Deployment workload on three nodes: scale, image changes, pause/resume, pod deletion, node faults. */
export const workloads: Scope = {
  id: "workloads",
  description: "a Deployment on 3 nodes: scaling, image updates, pause/resume, pod deletion; node crash and partition, container crash, controller restarts, compaction",
  needs: ["scheduler", "kubelet", "replicaset-controller", "deployment-controller"],
  nodes: [node("node-1"), node("node-2"), node("node-3", "zone-b")],
  objects: [deployment("web", 3)],
  ops(state) {
    const out: Action[] = [];
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      const ref = { resource: "deployments.apps", namespace: d.metadata.namespace, name: d.metadata.name };
      for (const r of [1, 4]) if (d.spec.replicas !== r) out.push(user({ verb: "patch", ...ref, patch: { spec: { replicas: r } } }));
      const img = d.spec.template.spec.containers[0].image;
      out.push(user({ verb: "set-image", ...ref, image: img === "nginx:1.25" ? "nginx:1.26" : "nginx:1.25" }));
      out.push(user({ verb: "patch", ...ref, patch: { spec: { paused: !d.spec.paused } } }));
    }
    out.push(...deleteFirstLivePod(state));
    return out;
  },
  faults(state) {
    return [...nodeFaults(state), ...containerCrashes(state), ...componentRestarts(state).slice(0, 3), { type: "store.compact" }];
  },
  maxFaults: 3,
  settleTime: 600,
};

