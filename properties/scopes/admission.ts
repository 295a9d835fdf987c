import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { containerCrashes, user, deleteFirstLivePod } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { undoableNodeFaults } from "./node-faults.ts";
import { bareReplicaSet } from "./replicasets.ts";

const NODE = "node-1";

/**
 * A pod bound straight to the node (spec.nodeName set: no scheduler checks it) whose node selector the node
 * does not match, as in kubernetes#43846: the kubelet rejects it (NodeAffinity) and it stays Failed.
 */
const pinnedPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "pinned", namespace: "default" },
  spec: {
    nodeName: NODE,
    nodeSelector: { disktype: "ssd" },
    containers: [{ name: "work", image: "busybox:1.37", resources: { requests: { cpu: "600m", memory: "64Mi" } } }],
  },
};

/** A ReplicaSet of 600m pods: one fits the node. */
const web: KObject = (() => {
  const rs = bareReplicaSet("web", 1);
  const tpl = rs.spec.template;
  return { ...rs, spec: { ...rs.spec, template: { ...tpl, spec: { containers: [{ ...tpl.spec.containers[0], resources: { requests: { cpu: "600m", memory: "64Mi" } } }] } } } };
})();

function userOps(state: State): Action[] {
  const out: Action[] = [];
  for (const rs of objectsUnder(state, "/registry/replicasets/")) {
    out.push(user({ verb: "patch", resource: "replicasets.apps", namespace: rs.metadata.namespace, name: rs.metadata.name, patch: { spec: { replicas: rs.spec.replicas === 1 ? 2 : 1 } } }));
  }
  out.push(...deleteFirstLivePod(state, ["pinned"]));
  return out;
}

/**
 * One node of 1 cpu, a 600m pod pinned to it whose node selector it does not match, and a ReplicaSet of 600m
 * pods. The kubelet rejects the pinned pod (it stays Failed, bound to the node); the scheduler, which counts the
 * pinned pod until then, places a ReplicaSet pod on the node once it is Failed, and the kubelet must admit it
 * next to a Failed pod.
 * Where kubelet admission and its accounting of finished pods matter (kubernetes#42433, #104560).
 * Operations: scaling the ReplicaSet between 1 and 2 (the second pod never fits: it waits Pending) and pod
 * deletion; faults: container exits, node crash and partition, compaction, and the user's operations.
 */
export const admission: Scope = {
  id: "admission",
  description: "a 1-cpu node, a pod pinned to it that the kubelet rejects, and a ReplicaSet of pods that fit once it is Failed: kubelet admission next to a Failed pod; scaling, pod deletion, container exits, node faults, compaction",
  needs: ["scheduler", "kubelet", "replicaset-controller"],
  nodes: [{ name: NODE, capacity: { cpu: "1", memory: "4Gi", pods: "10" } }],
  objects: [pinnedPod, web],
  ops: userOps,
  faults(state) {
    return [...containerCrashes(state), ...undoableNodeFaults(state), ...userOps(state), { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 60,
};
