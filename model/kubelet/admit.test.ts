import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { addNode } from "../add-node.ts";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { DEFAULT_CLUSTER_CONFIG, withVariant, type Options } from "../config.ts";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { apiPod, boundPod, createPod, sandboxOf } from "./kubelet.test-support.ts";
import { isRejectedAtAdmission } from "./admit.ts";

/** A cluster with one small node n1: 1 cpu, 2Gi, 3 pods; `kubelet` gives its kubelet options (a zoo variant). */
function smallNode(kubelet?: Options): State {
  const r = addNode(bootstrap(kubelet ? { config: withVariant(DEFAULT_CLUSTER_CONFIG, { components: { kubelet } }) } : {}), { name: "n1", capacity: { cpu: "1", memory: "2Gi", pods: "3" }, labels: { disktype: "hdd" } });
  if (r.error) throw new Error(r.error.message);
  return r.state;
}

const cpuPod = (name: string, cpu: string, extra: Record<string, unknown> = {}): KObject => {
  const p = boundPod(name, { restartPolicy: "Never", containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu } } }] });
  return { ...p, spec: { ...p.spec, ...extra } };
};

const warnings = (s: State, pod: string): string[] => {
  const r = handle(s, { verb: "list", resource: "events", namespace: "default" });
  if (isStatus(r.result)) return [];
  return (r.result as any).items.filter((e: any) => e.involvedObject?.name === pod && e.type === "Warning").map((e: any) => `${e.reason}: ${e.message}`);
};

const crash = (s: State, pod: string, exitCode: number) => step(s, { type: "container.crash", namespace: "default", pod, container: "app", exitCode });

describe("kubelet admission (pkg/kubelet/lifecycle/predicate.go)", () => {
  it("rejects a pod that does not fit next to the pods it runs: Failed, OutOfcpu, never run, with a Warning event", () => {
    let s = settle(createPod(smallNode(), cpuPod("a", "600m"))).state;
    expect(apiPod(s, "a")!.status.phase).toBe("Running");
    s = settle(createPod(s, cpuPod("b", "600m"))).state;
    const b = apiPod(s, "b")!;
    expect(b.status).toMatchObject({
      phase: "Failed",
      reason: "OutOfcpu",
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 600, used: 600, capacity: 1000",
    });
    expect(isRejectedAtAdmission(b)).toBe(true);
    expect(sandboxOf(s, "n1", "b")).toBeUndefined();
    expect(warnings(s, "b")).toEqual(["OutOfcpu: Node didn't have enough resource: cpu, requested: 600, used: 600, capacity: 1000"]);
    expect(apiPod(s, "a")!.status.phase).toBe("Running");
  });

  it("checks the pods-per-node limit first (OutOfpods)", () => {
    let s = smallNode();
    for (const n of ["a", "b", "c"]) s = settle(createPod(s, cpuPod(n, "100m"))).state;
    s = settle(createPod(s, cpuPod("d", "100m"))).state;
    expect(apiPod(s, "d")!.status).toMatchObject({ phase: "Failed", reason: "OutOfpods", message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3" });
  });

  it("rejects a pod whose node selector the node does not match (NodeAffinity)", () => {
    const s = settle(createPod(smallNode(), cpuPod("ssd", "100m", { nodeSelector: { disktype: "ssd" } }))).state;
    expect(apiPod(s, "ssd")!.status).toMatchObject({
      phase: "Failed",
      reason: "NodeAffinity",
      message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    });
    expect(settle(createPod(s, cpuPod("hdd", "100m", { nodeSelector: { disktype: "hdd" } }))).state).toSatisfy((t: State) => apiPod(t, "hdd")!.status.phase === "Running");
  });

  it("does not count a pod that has finished: the room it held is free (kubernetes#104560, PR #104577)", () => {
    let s = settle(createPod(smallNode(), cpuPod("job", "600m"))).state;
    s = settle(crash(s, "job", 0)).state;
    expect(apiPod(s, "job")!.status.phase).toBe("Succeeded");
    s = settle(createPod(s, cpuPod("next", "600m"))).state;
    expect(apiPod(s, "next")!.status.phase).toBe("Running");
  });

  it("the admissionCountsTerminalPods variant counts it and rejects the next pod", () => {
    const cluster = smallNode({ admissionCountsTerminalPods: true });
    let s = settle(createPod(cluster, cpuPod("job", "600m"))).state;
    s = settle(crash(s, "job", 1)).state;
    expect(apiPod(s, "job")!.status.phase).toBe("Failed");
    s = settle(createPod(s, cpuPod("next", "600m"))).state;
    expect(apiPod(s, "next")!.status).toMatchObject({ phase: "Failed", reason: "OutOfcpu" });
  });

  it("admits a pod once: a running pod is not rejected when the node fills up after it started", () => {
    let s = settle(createPod(smallNode(), cpuPod("a", "600m"))).state;
    s = settle(crash(s, "a", 0)).state;
    s = settle(createPod(s, cpuPod("b", "600m"))).state;
    // b runs; its own sync again (a status change) must not re-admit it against itself.
    s = settle(step(s, { type: "pod.readiness", namespace: "default", pod: "b", ready: false })).state;
    expect(apiPod(s, "b")!.status.phase).toBe("Running");
  });
});
