import { describe, expect, it } from "vitest";
import { settle } from "../../settle.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import type { State } from "../../state.ts";
import { GARBAGE_COLLECTOR_KIND } from "./behavior.ts";
import { onlyControlPlane } from "../nodelifecycle/cluster.test-support.ts";
import { must } from "./gc.test-support.ts";

/** The collector beside the real ReplicaSet controller (no scheduler: the pods stay unbound). */
function cluster(): State {
  let s = bootstrap({ without: onlyControlPlane(GARBAGE_COLLECTOR_KIND, "replicaset-controller") });
  s = must(s, {
    verb: "create",
    resource: "replicasets.apps",
    namespace: "default",
    object: {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } } },
    },
  }).state;
  return settle(s).state;
}

const pods = (s: State) => {
  const r = handle(s, { verb: "list", resource: "pods", namespace: "default" });
  if (isStatus(r.result)) throw new Error(r.result.message);
  return (r.result as any).items as any[];
};

describe("garbage collector with the ReplicaSet controller", () => {
  it("the controller's pods carry a blocking controller reference; background deletion collects them", () => {
    let s = cluster();
    expect(pods(s)).toHaveLength(3);
    for (const p of pods(s)) expect(p.metadata.ownerReferences).toMatchObject([{ kind: "ReplicaSet", name: "web", controller: true, blockOwnerDeletion: true }]);
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web" }).state;
    s = settle(s).state;
    expect(pods(s)).toEqual([]);
  });

  it("foreground deletion: the ReplicaSet (not recreating pods while it is being deleted) goes last", () => {
    let s = cluster();
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web", propagationPolicy: "Foreground" }).state;
    let rsGoneWithPods = false;
    s = settle(s, {
      onStep: (_a, st) => {
        const rs = handle(st, { verb: "get", resource: "replicasets.apps", namespace: "default", name: "web" });
        if (isStatus(rs.result) && pods(st).length > 0) rsGoneWithPods = true;
      },
    }).state;
    expect(rsGoneWithPods).toBe(false);
    expect(pods(s)).toEqual([]);
    expect(isStatus(handle(s, { verb: "get", resource: "replicasets.apps", namespace: "default", name: "web" }).result)).toBe(true);
  });

  it("orphan deletion leaves the pods running without an owner", () => {
    let s = cluster();
    s = must(s, { verb: "delete", resource: "replicasets.apps", namespace: "default", name: "web", propagationPolicy: "Orphan" }).state;
    s = settle(s).state;
    expect(pods(s)).toHaveLength(3);
    for (const p of pods(s)) expect(p.metadata.ownerReferences).toBeUndefined();
  });
});
