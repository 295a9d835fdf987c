/**
 * The kubelet keeps running a pod the API no longer has (kubernetes#131115 "Kubelet can host phantom pod upon
 * etcd restore"; #56212). The kubelet decides what to run from its pod manager, fed by its API pod watch, and
 * HandlePodCleanups kills only what the pod manager does not have. When the history its watch needs is gone, a
 * reflector must relist (410 Gone), and the relist removes the pods that vanished meanwhile. After an etcd
 * restore without `--bump-revision --mark-compacted` nothing said the history was gone: no relist, the pod the
 * restore erased stayed in the pod manager, and the kubelet ran it (and counted its cpu at admission, rejecting
 * new pods OutOfcpu) until it was restarted. Here the hole is a compaction while the kubelet's watch is behind a
 * force-deletion, and the variant loses what the relist implies about the hole (the pods it no longer lists stay
 * in the pod manager): makeKubeletBehavior({ dropsRelistDeletions: true }).
 */
import type { Bug } from "./types.ts";

export const kubeletOrphanPod: Bug = {
  id: "kubelet-orphan-pod",
  title: "kubelet keeps a pod that vanished in a hole of its watch history and runs it though the API no longer has it",
  source: "kubernetes/kubernetes#131115 (also #56212; the etcd-side fix: etcd-io/etcd#16028)",
  component: "kubelet",
  invariant: "runtime-matches-api",
  scope: "orphans",
  // the kubelet lists its pods, the user force-deletes the pod and creates another, etcd compacts
  minimalLength: 4,
  budget: { seed: 9, runs: 60 },
  // From the force-deletion and the compaction (scenarios/zoo/kubelet-orphan-pod.yaml), exploring the kubelet's
  // actions (the controllers and the clock lag): its watch gets 410 and relists, its pod workers run, and once
  // it is idle the ending (faults stop, 60 s pass) leaves web running (8 states; bug off 8 at depth 6).
  explore: { depth: 6, scenario: "scenarios/zoo/kubelet-orphan-pod.yaml", components: ["kubelet/*"] },
  variant: { components: { kubelet: { dropsRelistDeletions: true } } },
};
