/**
 * The kubelet keeps running a pod the API no longer has (kubernetes#131115 "Kubelet can host phantom pod upon
 * etcd restore"; #56212). The kubelet decides what to run from its pod manager, fed by its API pod watch, and
 * HandlePodCleanups kills only what the pod manager does not have. When the history its watch needs is gone, a
 * reflector must relist (410 Gone) and the relist removes the pods that vanished meanwhile. After an etcd
 * restore without `--bump-revision --mark-compacted` nothing said the history was gone: the watch resumed, the
 * pod the restore erased stayed in the pod manager, and the kubelet ran it (and counted its cpu at admission,
 * rejecting new pods OutOfcpu) until it was restarted. Here the hole is a compaction while the kubelet's watch
 * is behind a force-deletion, and the variant resumes the watch instead of relisting:
 * makeKubeletBehavior({ resumeWatchAcrossGap: true }).
 */
import type { Bug } from "./types.ts";
import { swapBehavior } from "./switch.ts";
import { makeKubeletBehavior } from "../../model/kubelet/variants.ts";

export const kubeletOrphanPod: Bug = {
  id: "kubelet-orphan-pod",
  title: "kubelet resumes its pod watch across a lost history and keeps running a pod the API no longer has",
  source: "kubernetes/kubernetes#131115 (also #56212; the etcd-side fix: etcd-io/etcd#16028)",
  component: "kubelet",
  invariant: "runtime-matches-api",
  scope: "orphans",
  // list pods, three syncs (node status, housekeeping, the pod: it runs), force-delete, compaction
  minimalLength: 6,
  budget: { seed: 1, runs: 200 },
  enable: () => swapBehavior("kubelet", () => makeKubeletBehavior({ resumeWatchAcrossGap: true })),
};
