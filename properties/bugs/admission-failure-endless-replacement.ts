/**
 * Endless replacement of pods the kubelet rejects at admission (kubernetes#42433 "kube-scheduler scheduling
 * despite OutOfCPU"; #43846, #89007, #106419). A ReplicaSet ignores Failed pods and replaces them at once,
 * without back-off; when the kubelet keeps rejecting what the scheduler places, the two loop forever and
 * rejected pods pile up by the thousand. The disagreement modelled here is the one of kubernetes#104560 (the
 * 1.22 regression fixed by PR #104577): the kubelet's admission counted pods that had already finished
 * (Succeeded or Failed) as holding their resources. One Failed pod on the node (here, a pod pinned to it that
 * the kubelet rejected for its node selector) makes the kubelet reject the ReplicaSet pod the scheduler
 * rightly placed there (OutOfcpu); the rejected pod is Failed in turn and keeps the node "full" for the next
 * replacement, forever. Variant: makeKubeletBehavior({ admissionCountsTerminalPods: true }).
 */
import type { Bug } from "./types.ts";

export const admissionFailureEndlessReplacement: Bug = {
  id: "admission-failure-endless-replacement",
  title: "kubelet admission counts finished pods: ReplicaSet pods rejected OutOfcpu and replaced endlessly",
  source: "kubernetes/kubernetes#42433 (the loop; also #43846, #89007) and #104560 / PR #104577 (finished pods counted at admission)",
  component: "kubelet",
  invariant: "admission-rejections-bounded",
  scope: "admission",
  // The scope's own cluster is enough: every run ends in the loop once time passes (no chosen action needed).
  minimalLength: 1,
  budget: { seed: 1, runs: 5 },
  // From the ReplicaSet's creation (scenarios/zoo/admission-failure-endless-replacement.yaml), exploring the
  // ReplicaSet controller, the scheduler and the kubelet (the others lag): three rounds of create, bind, reject
  // are 22 actions, the deepest the zoo explores (~163,000 states, ~3 min; bug off 11,827 states at depth 22).
  explore: { depth: 22, maxStates: 200_000, scenario: "scenarios/zoo/admission-failure-endless-replacement.yaml", components: ["kube-controller-manager/replicaset", "kube-scheduler", "kubelet/*"] },
  variant: { components: { kubelet: { admissionCountsTerminalPods: true } } },
};
