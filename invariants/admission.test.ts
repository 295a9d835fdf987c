import { describe, expect, it } from "vitest";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { cluster, ok } from "../test/helpers.ts";
import { admissionRejectionsBounded } from "./admission.ts";

/** A ReplicaSet with `replicas`, as the API stores it (no controller runs on a bare API cluster). */
function withReplicaSet(replicas: number): { state: State; rs: KObject } {
  const r = ok(cluster(), {
    verb: "create",
    resource: "replicasets.apps",
    namespace: "default",
    object: {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
    },
  });
  return { state: r.state, rs: r.obj };
}

/** A pod of the ReplicaSet bound to n1, then its status as the kubelet writes it (rejected or Running). */
function podOf(s: State, rs: KObject, name: string, status: Record<string, unknown>): State {
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true };
  const created = ok(s, {
    verb: "create",
    resource: "pods",
    namespace: "default",
    object: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: "web" }, ownerReferences: [owner] }, spec: { nodeName: "n1", containers: [{ name: "app", image: "nginx" }] } },
  }).state;
  return ok(created, { verb: "patch", resource: "pods", namespace: "default", name, subresource: "status", patch: { status } }).state;
}

const rejected = { phase: "Failed", reason: "OutOfcpu", message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 600, used: 600, capacity: 1000" };

describe("invariant admission-rejections-bounded", () => {
  it("flags a controller with more rejected pods than twice its replicas (at least 2): the hot loop", () => {
    let { state: s, rs } = withReplicaSet(1);
    s = podOf(podOf(s, rs, "web-1", rejected), rs, "web-2", rejected);
    const prev = s;
    s = podOf(s, rs, "web-3", rejected);
    expect(admissionRejectionsBounded.check(s, prev)).toEqual([
      {
        invariant: "admission-rejections-bounded",
        objects: ["ReplicaSet default/web", "Pod default/web-1", "Pod default/web-2", "Pod default/web-3"],
        message: "3 pods of ReplicaSet default/web were rejected by kubelet admission (last: OutOfcpu), more than 2: it keeps replacing pods the kubelet rejects",
      },
    ]);
  });

  it("allows a few rejections (a scheduler/kubelet race costs a pod) and scales the bound with the replicas", () => {
    let { state: s, rs } = withReplicaSet(2);
    for (const n of ["web-1", "web-2", "web-3"]) {
      const prev = s;
      s = podOf(s, rs, n, rejected);
      expect(admissionRejectionsBounded.check(s, prev)).toEqual([]);
    }
    const prev = s;
    s = podOf(s, rs, "web-4", rejected);
    expect(admissionRejectionsBounded.check(s, prev)).toEqual([]);
    const again = s;
    s = podOf(s, rs, "web-5", rejected);
    expect(admissionRejectionsBounded.check(s, again).map((v) => v.invariant)).toEqual(["admission-rejections-bounded"]);
  });

  it("counts only admission rejections, and only when a step rejects a pod", () => {
    let { state: s, rs } = withReplicaSet(1);
    for (const n of ["web-1", "web-2", "web-3"]) s = podOf(s, rs, n, { phase: "Failed", reason: "Error", message: "container exited 1" });
    s = podOf(podOf(s, rs, "web-4", rejected), rs, "web-5", rejected);
    const prev = s;
    s = podOf(s, rs, "web-6", { phase: "Running" });
    expect(admissionRejectionsBounded.check(s, prev)).toEqual([]);
  });
});
