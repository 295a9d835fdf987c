import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

/** A Deployment of int32-max replicas on one node (issue 14, "Bounded work"), settled with `settle`. */
const bigDeployment = (settle: string, settings = "") => `name: big
${settings}nodes: [{ name: n1 }]
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2147483647
      selector: { matchLabels: { app: web } }
      template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: nginx }] } }
steps:
  - settle: ${settle}
`;

const write = (text: string): string => {
  const f = join(mkdtempSync(join(tmpdir(), "kubeprop-budget-")), "big.yaml");
  writeFileSync(f, text);
  return f;
};

describe("simulate's settle budget", () => {
  it("a settle that runs out of steps says who was still at work and how many pods wait, and exits 1", () => {
    const r = kubeprop(["simulate", write(bigDeployment("{ maxSteps: 300 }"))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/step 1 \(settle\): not quiet after 300 steps: kube-controller-manager\/replicaset was still creating pods \([\d,]+ pods, [\d,]+ Pending/);
    expect(r.stdout.trim().endsWith("no violation, but the cluster was not quiet")).toBe(true);
  });

  it("--max-steps sets the budget of a settle that sets none", () => {
    const r = kubeprop(["simulate", write(bigDeployment("{}")), "--max-steps", "200"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("not quiet after 200 steps: kube-controller-manager/replicaset was still creating pods");
  });

  it("--max-steps with a bad value is bad input: one line, exit 2", () => {
    for (const bad of ["0", "-5", "lots", "1e9"]) {
      const r = kubeprop(["simulate", write(bigDeployment("{}")), "--max-steps", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`--max-steps: expected an integer >= 1, got "${bad}"`);
    }
  });

  it("a full etcd refuses the creates: the line names etcd's error, the pods stop growing, the pending pods are counted by reason", () => {
    // A 1 MiB quota fills after a few hundred pods; the budget then runs out while the scheduler and the
    // ReplicaSet go on with them.
    const r = kubeprop(["simulate", write(bigDeployment("{ maxSteps: 6000 }", "settings: { quotaBackendBytes: 1048576 }\n"))]);
    expect(r.code).toBe(1);
    const line = r.stdout.split("\n").find((l) => l.startsWith("step 1 (settle): not quiet after 6000 steps"))!;
    expect(line).toContain("; creates refused: etcdserver: mvcc: database space exceeded");
    const final = /objects: .*\bPod (\d+)\b/.exec(r.stdout);
    const pods = Number(final![1]);
    expect(pods).toBeGreaterThan(110);
    expect(pods).toBeLessThan(1000);
    expect(line).toContain(`(${pods} pods, ${pods - 110} Pending: 0/1 nodes are available: 1 Too many pods.`);
    // The summary counts the pods the scheduler turned down, by its message (as kubectl describe pod shows it).
    expect(r.stdout).toMatch(/^pending: \d+ pods not scheduled \(Unschedulable: 0\/1 nodes are available: 1 Too many pods\./m);
  });

  it("explore --scenario stops with the budget's message instead of exploring from a cluster still at work (exit 2)", () => {
    const r = kubeprop(["explore", "--scenario", write(bigDeployment("{ maxSteps: 300 }")), "--depth", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("steps[0]: the step budget ran out before the cluster was quiet, so there is no start to explore from: not quiet after 300 steps: kube-controller-manager/replicaset was still creating pods");
  });
});
