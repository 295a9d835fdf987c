import { describe, expect, it } from "vitest";
import { bootstrap } from "../../bootstrap.ts";
import { addNode } from "../../add-node.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { step } from "../../step.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import type { State } from "../../state.ts";
import { CAPACITY, getNode, must, noExecute, onlyControlPlane, readyOf } from "./cluster.test-support.ts";

/** Two nodes with real kubelets, the scheduler, the ReplicaSet controller and this controller. */
function cluster(): State {
  let s = bootstrap({ without: onlyControlPlane("nodelifecycle-controller", "scheduler", "replicaset-controller") });
  for (const name of ["n1", "n2"]) s = addNode(s, { name, capacity: CAPACITY }).state;
  s = must(s, {
    verb: "create",
    resource: "replicasets.apps",
    namespace: "default",
    object: {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web" },
      spec: { replicas: 4, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } } },
    },
  }).state;
  return advance(settle(s).state, 30).state;
}

const pods = (s: State) => {
  const r = handle(s, { verb: "list", resource: "pods", namespace: "default" });
  if (isStatus(r.result)) throw new Error(r.result.message);
  return (r.result as any).items as any[];
};

describe("node lifecycle controller with real kubelets", () => {
  it("a crashed node goes Unknown and is tainted; its pods are evicted after 300 s and replaced on the live node", () => {
    let s = cluster();
    expect(readyOf(getNode(s, "n1"))).toBe("True");
    const onN1 = pods(s).filter((p) => p.spec.nodeName === "n1").map((p) => p.metadata.name);
    expect(onN1.length).toBeGreaterThan(0);
    s = step(s, { type: "node.crash", node: "n1" });
    s = advance(s, 60).state;
    expect(readyOf(getNode(s, "n1"))).toBe("Unknown");
    expect(readyOf(getNode(s, "n2"))).toBe("True");
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
    for (const name of onN1) expect(pods(s).find((p) => p.metadata.name === name)?.metadata.deletionTimestamp).toBeUndefined();
    s = advance(s, 320).state;
    // Evicted: terminating (the dead kubelet cannot confirm), and replaced by the ReplicaSet on n2.
    for (const name of onN1) expect(pods(s).find((p) => p.metadata.name === name)?.metadata.deletionTimestamp).toBeDefined();
    const live = pods(s).filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.spec.nodeName === "n2")).toBe(true);
  });

  it("a partitioned node goes Unknown; when the partition heals the kubelet's status brings it back and the taints go", () => {
    let s = cluster();
    s = step(s, { type: "node.partition", node: "n1" });
    s = advance(s, 60).state;
    expect(readyOf(getNode(s, "n1"))).toBe("Unknown");
    expect(noExecute(getNode(s, "n1"))).toEqual(["node.kubernetes.io/unreachable"]);
    s = step(s, { type: "node.heal", node: "n1" });
    s = advance(s, 30).state;
    expect(readyOf(getNode(s, "n1"))).toBe("True");
    expect(getNode(s, "n1").spec.taints ?? []).toEqual([]);
    expect(pods(s).filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
  });
});
