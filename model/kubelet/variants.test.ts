import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { advance } from "../advance.ts";
import { handle } from "../apiserver/handle.ts";
import { btreeGet } from "../collections/btree.ts";
import { withVariant } from "../config.ts";
import { runningPodsOn } from "../world/running-pods.ts";
import type { State } from "../state.ts";
import { apiPod, boundPod, clusterWithNodes, createPod } from "./kubelet.test-support.ts";
import { kubeletBehavior } from "./behavior.ts";
import { makeKubeletBehavior } from "./variants.ts";

/**
 * A pod runs on n1; it is force-deleted while the kubelet's pod watch is behind, etcd compacts the history the
 * watch needed, and the kubelet's next watch gets 410 Gone.
 */
function forceDeletedInAHole(variant: boolean): State {
  const plain = clusterWithNodes(["n1"]);
  // The variant: the same cluster with its kubelet's bug-zoo switch on.
  const cluster = variant ? { ...plain, config: withVariant(plain.config, { components: { kubelet: { dropsRelistDeletions: true } } }) } : plain;
  let s = settle(createPod(cluster, boundPod("web"))).state;
  expect(apiPod(s, "web")!.status.phase).toBe("Running");
  s = handle(s, { verb: "delete", resource: "pods", namespace: "default", name: "web", gracePeriodSeconds: 0 }).state;
  s = step(s, { type: "store.compact" });
  s = step(s, { type: "informer.sync", component: "kubelet/n1", resource: "pods" });
  expect(btreeGet(s.components, "kubelet/n1")!.informers.pods!.expired).toBe(true);
  return advance(s, 30).state;
}

describe("makeKubeletBehavior", () => {
  it("with no option is the kubelet itself", () => {
    expect(makeKubeletBehavior()).toBe(kubeletBehavior);
  });

  it("the kubelet relists after 410 Gone and kills the pod the API no longer has", () => {
    const s = forceDeletedInAHole(false);
    expect(apiPod(s, "web")).toBeUndefined();
    expect(runningPodsOn(s, "n1")).toEqual([]);
  });

  it("dropsRelistDeletions (kubernetes#131115): the relist's implied deletion is lost, the pod stays in the pod manager and keeps running", () => {
    const s = forceDeletedInAHole(true);
    const kubelet = btreeGet(s.components, "kubelet/n1")!;
    expect(kubelet.informers.pods!.expired).toBe(false);
    expect(btreeGet(kubelet.informers.pods!.cache, "default/web")).toBeDefined();
    expect(apiPod(s, "web")).toBeUndefined();
    expect(runningPodsOn(s, "n1").map((p) => p.name)).toEqual(["web"]);
  });
});
