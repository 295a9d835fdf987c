/**
 * What the machine's kubectl shows of the status the model's components write (issue 14): `kubectl rollout
 * status` failing on ProgressDeadlineExceeded, `kubectl get nodes -o wide` and `kubectl describe node` reading the
 * kubelet's nodeInfo and conditions, and the empty status of a new Service.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../model/scenario/parse.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe, type Served } from "./serve.ts";
import { kubectlForTests } from "./kubectl.test-support.ts";

const CLUSTER = `name: kubectl-status
nodes:
  - name: node-1
    capacity: { cpu: "4", memory: 8Gi, pods: "110" }
`;

const available = kubectlForTests();

let served: Served;
let kubeconfig: string;

function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** A Deployment whose pod asks for more cpu than any node has, with a 2 s progress deadline. */
const STUCK = `apiVersion: apps/v1
kind: Deployment
metadata: { name: stuck }
spec:
  progressDeadlineSeconds: 2
  replicas: 1
  selector: { matchLabels: { app: stuck } }
  template:
    metadata: { labels: { app: stuck } }
    spec:
      containers:
        - name: app
          image: nginx:1.25
          resources: { requests: { cpu: "64" } }
`;

describe.runIf(available)("status as kubectl shows it, against kubeprop serve", () => {
  beforeAll(async () => {
    kubeconfig = join(mkdtempSync(join(tmpdir(), "kubeprop-status-")), "kubeconfig");
    served = await startServe({ scenario: parseScenario(CLUSTER, "kubectl-status.yaml"), kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: "real", port: 0, kubeconfig, log: () => {} });
  });
  afterAll(async () => served?.close());

  it("kubectl rollout status fails once the Progressing condition says ProgressDeadlineExceeded", async () => {
    const a = await kubectl(["apply", "-f", "-"], STUCK);
    expect(a.stdout).toBe("deployment.apps/stuck created\n");
    const s = await kubectl(["rollout", "status", "deployment/stuck", "--timeout=30s"]);
    expect(s.code).not.toBe(0);
    expect(s.stderr).toContain('deployment "stuck" exceeded its progress deadline');
    const cond = await kubectl(["get", "deployment", "stuck", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"]);
    expect(cond.stdout).toBe("ProgressDeadlineExceeded");
  });

  it("kubectl get nodes -o wide shows the kubelet's version, OS image, kernel and runtime", async () => {
    const r = await kubectl(["get", "nodes", "-o", "wide", "--no-headers"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0-kubeprop\s+172\.18\.0\.2\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+6\.8\.0-kubeprop\s+containerd:\/\/1\.7\.24\n$/);
  });

  it("kubectl describe node lists the four kubelet conditions with their reasons", async () => {
    const r = await kubectl(["describe", "node", "node-1"]);
    expect(r.stderr).toBe("");
    for (const [type, status, reason] of [
      ["MemoryPressure", "False", "KubeletHasSufficientMemory"],
      ["DiskPressure", "False", "KubeletHasNoDiskPressure"],
      ["PIDPressure", "False", "KubeletHasSufficientPID"],
      ["Ready", "True", "KubeletReady"],
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${type}\\s+${status}\\s+.*\\s${reason}\\s+`, "m"));
    }
    expect(r.stdout).toMatch(/Kubelet Version:\s+v1\.32\.0-kubeprop/);
    expect(r.stdout).toMatch(/Operating System:\s+linux/);
  });

  it("a new Service's status is loadBalancer: {}", async () => {
    const c = await kubectl(["create", "service", "clusterip", "web", "--tcp=80:8080"]);
    expect(c.stderr).toBe("");
    const r = await kubectl(["get", "service", "web", "-o", "json"]);
    expect(JSON.parse(r.stdout).status).toEqual({ loadBalancer: {} });
  });
});
