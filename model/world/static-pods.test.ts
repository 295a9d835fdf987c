import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { advance } from "../advance.ts";
import { apiPod, clusterWithNodes, must, sandboxOf, statusOf } from "../kubelet/kubelet.test-support.ts";
import { runningPodsOn } from "./running-pods.ts";
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION, staticPodObject } from "./static-pods.ts";
import { CONFIG_SOURCE_ANNOTATION } from "../kubelet/pod-phase.ts";
import type { KObject } from "../objects/types.ts";

const etcd: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "etcd", namespace: "kube-system", labels: { component: "etcd" } },
  spec: { containers: [{ name: "etcd", image: "registry.k8s.io/etcd:3.5.12-0" }] },
};

describe("kubelet: static pods", () => {
  it("a static pod runs on its node and appears in the API as a mirror pod <name>-<node>", () => {
    const s = settle(clusterWithNodes(["n1", "n2"], { n1: [etcd] })).state;
    const staticPod = staticPodObject(etcd, "n1");
    const mirror = apiPod(s, "etcd-n1", "kube-system")!;
    expect(mirror.metadata.annotations).toMatchObject({
      [CONFIG_MIRROR_ANNOTATION]: staticPod.metadata.uid,
      [CONFIG_HASH_ANNOTATION]: staticPod.metadata.uid,
      [CONFIG_SOURCE_ANNOTATION]: "file",
    });
    expect(mirror.metadata.uid).not.toBe(staticPod.metadata.uid);
    expect(mirror.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "n1", uid: expect.any(String), controller: true }]);
    expect(mirror.spec.nodeName).toBe("n1");
    expect(mirror.spec.tolerations).toContainEqual({ operator: "Exists", effect: "NoExecute" });
    expect(mirror.status.phase).toBe("Running");
    expect(statusOf(mirror, "etcd")).toMatchObject({ ready: true, restartCount: 0 });
    expect(runningPodsOn(s, "n1")).toEqual([{ namespace: "kube-system", name: "etcd-n1", uid: staticPod.metadata.uid, static: true }]);
    expect(runningPodsOn(s, "n2")).toEqual([]);
  });

  it("deleting the mirror pod makes the kubelet create it again; the static pod keeps running", () => {
    let s = settle(clusterWithNodes(["n1"], { n1: [etcd] })).state;
    const before = apiPod(s, "etcd-n1", "kube-system")!;
    const sandbox = sandboxOf(s, "n1", "etcd-n1", "kube-system")!;
    s = must(s, { verb: "delete", resource: "pods", namespace: "kube-system", name: "etcd-n1" }).state;
    s = settle(s).state;
    const after = apiPod(s, "etcd-n1", "kube-system")!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    expect(after.status.phase).toBe("Running");
    expect(statusOf(after, "etcd").restartCount).toBe(0);
    expect(sandboxOf(s, "n1", "etcd-n1", "kube-system")).toEqual(sandbox);
  });

  it("a crashed static container is restarted like any other (restartPolicy defaults to Always)", () => {
    let s = settle(clusterWithNodes(["n1"], { n1: [etcd] })).state;
    s = settle(step(s, { type: "container.crash", namespace: "kube-system", pod: "etcd-n1", container: "etcd", exitCode: 1 })).state;
    expect(statusOf(apiPod(s, "etcd-n1", "kube-system"), "etcd")).toMatchObject({ restartCount: 1, state: { running: {} } });
  });

  it("static pods run even when the API server cannot be reached; the mirror pod follows after the heal", () => {
    let s = settle(clusterWithNodes(["n1"], { n1: [etcd] })).state;
    s = step(s, { type: "node.partition", node: "n1" });
    s = step(s, { type: "node.crash", node: "n1" });
    s = must(s, { verb: "delete", resource: "pods", namespace: "kube-system", name: "etcd-n1", gracePeriodSeconds: 0 }).state;
    s = settle(step(s, { type: "node.recover", node: "n1" })).state;
    expect(runningPodsOn(s, "n1").map((p) => p.name)).toEqual(["etcd-n1"]);
    expect(apiPod(s, "etcd-n1", "kube-system")).toBeUndefined();
    // After the heal the caches list; the next housekeeping tick (≤ 10 s) finds the mirror missing.
    s = settle(step(s, { type: "node.heal", node: "n1" })).state;
    expect(apiPod(s, "etcd-n1", "kube-system")).toBeUndefined();
    s = advance(s, 10).state;
    expect(apiPod(s, "etcd-n1", "kube-system")?.status.phase).toBe("Running");
  });

  it("a mirror pod whose static pod does not exist is deleted", () => {
    let s = settle(clusterWithNodes(["n1"])).state;
    const orphan = { ...staticPodObject(etcd, "n1") };
    const { uid: _u, ...meta } = orphan.metadata;
    s = must(s, {
      verb: "create",
      resource: "pods",
      namespace: "kube-system",
      object: { ...orphan, metadata: { ...meta, annotations: { ...meta.annotations, [CONFIG_MIRROR_ANNOTATION]: "stale" } }, status: undefined } as KObject,
    }).state;
    s = settle(s).state;
    expect(apiPod(s, "etcd-n1", "kube-system")).toBeUndefined();
    expect(runningPodsOn(s, "n1")).toEqual([]);
  });
});
