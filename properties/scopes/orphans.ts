import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { node, user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { undoableNodeFaults } from "./node-faults.ts";
import { informerStep, nextStep } from "./lag.ts";
import { btreeGet } from "../../model/collections/btree.ts";

const NODE = "node-1";
const KUBELET = `kubelet/${NODE}`;

/** A pod bound straight to the node (as a DaemonSet's or a user's pod with spec.nodeName). */
const webPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default" },
  spec: { nodeName: NODE, containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
};

/** A run-to-completion pod the user adds to the node (any write will do to open a hole in the kubelet's watch). */
const jobPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { generateName: "job-", namespace: "default" },
  spec: { nodeName: NODE, restartPolicy: "Never", containers: [{ name: "work", image: "busybox:1.37", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
};

/** What the user does: force-delete a pod (kubectl delete --force --grace-period=0), add a job pod (up to 3 pods). */
function userOps(state: State): Action[] {
  const pods = objectsUnder(state, "/registry/pods/");
  const out: Action[] = pods.map((p) => user({ verb: "delete", resource: "pods", namespace: p.metadata.namespace, name: p.metadata.name, gracePeriodSeconds: 0 }));
  if (pods.length < 3) out.push(user({ verb: "create", resource: "pods", namespace: "default", object: jobPod }));
  return out;
}

/**
 * One node with a pod that the user force-deletes while the kubelet's pod watch is behind (and adds job pods),
 * and etcd compacts the history the watch needs: the kubelet must relist and drop — or kill — the pod the API
 * no longer has (HandlePodCleanups). Where kubernetes#131115 lives.
 *
 * Operations: until the kubelet has listed its pods, that list (its other work is left to the run); then the
 * user's force-deletions and job pods, and etcd's compaction (kube-apiserver compacts every 5 minutes). Faults: the kubelet's next step with its pod watch left behind, compaction, the user's
 * operations, the node's crash and partition.
 */
export const orphans: Scope = {
  id: "orphans",
  description: "pods bound to one node, force-deleted (and job pods added) while the kubelet's pod watch lags; compaction, node crash and partition",
  needs: ["kubelet"],
  nodes: [node(NODE)],
  objects: [webPod],
  ops(state, rt) {
    // The kubelet's first list of its pods; then what the user and etcd do.
    const kubelet = btreeGet(state.components, KUBELET);
    if (kubelet && !kubelet.informers.pods?.synced) return informerStep(rt, state, KUBELET, "pods");
    return [...userOps(state), { type: "store.compact" }];
  },
  faults(state, rt) {
    return [...nextStep(rt, state, KUBELET, "pods"), { type: "store.compact" }, ...userOps(state), ...undoableNodeFaults(state)];
  },
  maxFaults: 2,
  settleTime: 60,
};
