/**
 * The machine's real kubectl against `kubeprop serve` (in this process, on a free loopback port): the session a
 * user has with a real cluster. kubectl comes with this machine kind; where it is missing the suite says so and
 * is skipped, unless KUBEPROP_REQUIRE_KUBECTL=1 (set by .ci/run) makes that a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { servedCluster } from "./default-cluster.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe, type Served } from "./serve.ts";
import { kubectlForTests } from "./kubectl.test-support.ts";

const EXAMPLES = fileURLToPath(new URL("../examples/serve/", import.meta.url));

const available = kubectlForTests();
if (!available) console.warn("kubectl is not on PATH: the kubectl session tests are skipped");

let served: Served;
let dir: string;
let kubeconfig: string;

/** Runs kubectl against the server (asynchronously: the server answers from this same process). */
function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, "kube-cache") }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

describe.runIf(available)("kubectl against kubeprop serve", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeprop-kubectl-"));
    kubeconfig = join(dir, "kubeconfig");
    served = await startServe({
      scenario: servedCluster({ name: "kubectl-session" }),
      kinds: KUBEPROP_KINDS,
      invariants: ALL_INVARIANTS,
      clock: "real",
      port: 0,
      kubeconfig,
      log: () => {},
    });
  });
  afterAll(async () => served?.close());

  it("kubectl version and api-resources read the discovery documents", async () => {
    const v = await kubectl(["version", "-o", "json"]);
    expect(v.stderr).toBe("");
    expect(JSON.parse(v.stdout).serverVersion.major).toBe("1");
    const r = await kubectl(["api-resources", "--no-headers"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  it("a fresh cluster shows what kubectl shows on a real one: system PriorityClasses, the kubernetes Service, kube-root-ca.crt", async () => {
    const pc = await kubectl(["get", "priorityclasses"]);
    expect(pc.stderr).toBe("");
    expect(pc.stdout).toMatch(
      /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\nsystem-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority\nsystem-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority\n$/,
    );
    const svc = await kubectl(["get", "service", "kubernetes", "-n", "default"]);
    expect(svc.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+\n$/);
    const cms = await kubectl(["get", "configmaps", "-A", "-o", "name"]);
    expect(cms.stdout.trim().split("\n")).toEqual(Array(4).fill("configmap/kube-root-ca.crt"));
    const missing = await kubectl(["run", "p", "--image=nginx", "--overrides", JSON.stringify({ spec: { priorityClassName: "foo" } })]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (Forbidden): pods "p" is forbidden: no PriorityClass with name foo was found\n');
  });

  it("applies a Deployment and a Service from a manifest file, and kubectl get shows them", async () => {
    const a = await kubectl(["apply", "-f", join(EXAMPLES, "app.yaml")]);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe("deployment.apps/web created\nservice/web created\n");
    const again = await kubectl(["apply", "-f", join(EXAMPLES, "app.yaml")]);
    expect(again.stdout).toBe("deployment.apps/web unchanged\nservice/web unchanged\n");
    const s = await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('deployment "web" successfully rolled out');
    const get = await kubectl(["get", "deployments"]);
    expect(get.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\S+\n$/);
    const pods = await kubectl(["get", "pods", "-l", "app=web", "-o", "name"]);
    expect(pods.stdout.trim().split("\n")).toHaveLength(3);
    const svc = await kubectl(["get", "service", "web", "-o", "jsonpath={.spec.clusterIP}"]);
    expect(svc.stdout).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("kubectl scale changes the replicas through the scale subresource", async () => {
    const r = await kubectl(["scale", "deployment/web", "--replicas=5"]);
    expect(r.stdout).toBe("deployment.apps/web scaled\n");
    const s = await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"]);
    expect(s.code).toBe(0);
    const n = await kubectl(["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"]);
    expect(n.stdout).toBe("5");
  });

  it("kubectl get pods --watch sees new pods come", async () => {
    const child = spawn("kubectl", ["get", "pods", "-l", "app=web", "--watch", "--output-watch-events"], { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, "kube-cache") } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise((r) => setTimeout(r, 1500));
    await kubectl(["scale", "deployment/web", "--replicas=6"]);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (out.match(/^ADDED\s/gm) ?? []).length < 6) await new Promise((r) => setTimeout(r, 100));
    child.kill();
    expect((out.match(/^ADDED\s/gm) ?? []).length).toBe(6);
    expect(out.split("\n")[0]).toMatch(/^EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  });

  it("answers a conflict (409) and an invalid object (422) as a real server does", async () => {
    const dup = await kubectl(["create", "deployment", "web", "--image=nginx"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    const stale = (await kubectl(["get", "deployment", "web", "-o", "json"])).stdout;
    await kubectl(["label", "deployment", "web", "touched=yes"]);
    const file = join(dir, "stale.json");
    writeFileSync(file, stale);
    const conflict = await kubectl(["replace", "-f", file]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    const bad = await kubectl(["apply", "-f", "-"], "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: bad}}\n  template:\n    metadata: {labels: {app: bad}}\n    spec: {containers: [{name: c, image: nginx}]}\n");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it("kubectl delete removes the Deployment, and its ReplicaSet and pods go with it", async () => {
    const r = await kubectl(["delete", "deployment", "web"]);
    expect(r.stdout).toBe('deployment.apps "web" deleted\n');
    const deadline = Date.now() + 30_000;
    let pods = "x";
    while (Date.now() < deadline && pods !== "") {
      pods = (await kubectl(["get", "pods,replicasets", "-l", "app=web", "-o", "name"])).stdout.trim();
      if (pods !== "") await new Promise((r) => setTimeout(r, 200));
    }
    expect(pods).toBe("");
  });

  it("deletes a namespace to the end", async () => {
    expect((await kubectl(["create", "namespace", "team-a"])).stdout).toBe("namespace/team-a created\n");
    expect((await kubectl(["-n", "team-a", "create", "configmap", "settings", "--from-literal=mode=blue"])).code).toBe(0);
    const del = await kubectl(["delete", "namespace", "team-a", "--timeout=60s"]);
    expect(del.stdout).toBe('namespace "team-a" deleted\n');
    const gone = await kubectl(["get", "namespace", "team-a"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('Error from server (NotFound): namespaces "team-a" not found\n');
  });

  it("serves a CRD's custom resources once it is established", async () => {
    expect((await kubectl(["apply", "-f", join(EXAMPLES, "widgets-crd.yaml")])).stdout).toBe("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n");
    const wait = await kubectl(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s"]);
    expect(wait.code).toBe(0);
    const a = await kubectl(["apply", "-f", join(EXAMPLES, "widget.yaml")]);
    expect(a.stdout).toBe("widget.example.com/gizmo created\n");
    const get = await kubectl(["get", "wd", "gizmo", "-o", "jsonpath={.spec.size}"]);
    expect(get.stdout).toBe("3");
    // kubectl asks for fieldValidation=Strict: an unknown field is refused, a wrong type is invalid (the CRD's schema).
    const unknown = await kubectl(["apply", "-f", "-"], "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: other}\nspec: {size: 1, colour: red}\n");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.colour"');
    const wrong = await kubectl(["apply", "-f", "-"], "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: other}\nspec: {size: big}\n");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The Widget "other" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"');
  });
});

describe.runIf(available)("kubectl: a manifest whose fields do not decode", () => {
  let served: Served;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeprop-kubectl-decode-"));
    served = await startServe({ scenario: servedCluster({ name: "kubectl-decode" }), kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: "manual", port: 0, kubeconfig: join(dir, "kubeconfig"), log: () => {} });
  });
  afterAll(async () => served?.close());

  it("a string replicas and a bad quantity are 400 BadRequest, as the API server's decoder answers", async () => {
    const run = (stdin: string) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = execFile("kubectl", ["apply", "-f", "-"], { env: { ...process.env, KUBECONFIG: join(dir, "kubeconfig"), KUBECACHEDIR: join(dir, "kube-cache") } }, (err, _out, stderr) =>
          resolve({ code: err ? 1 : 0, stderr }),
        );
        child.stdin!.end(stdin);
      });
    const replicas = await run('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: "3"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n');
    expect(replicas.code).toBe(1);
    expect(replicas.stderr).toContain('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    const cpu = await run('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: four}}}]}\n');
    expect(cpu.code).toBe(1);
    expect(cpu.stderr).toContain("Error from server (BadRequest)");
    expect(cpu.stderr).toContain("quantities must match the regular expression");
  });

  const WEB_REPLICAZ = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: typo}\nspec:\n  replicaz: 3\n  selector: {matchLabels: {app: typo}}\n  template:\n    metadata: {labels: {app: typo}}\n    spec: {containers: [{name: c, image: nginx, imagee: x}]}\n";
  const kubectlIn = (args: string[], stdin: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: join(dir, "kubeconfig"), KUBECACHEDIR: join(dir, "kube-cache") } }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
      child.stdin!.end(stdin);
    });

  it("kubectl apply of a Deployment with an unknown field is refused (kubectl asks for fieldValidation=Strict)", async () => {
    const r = await kubectlIn(["apply", "-f", "-"], WEB_REPLICAZ);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz", unknown field "spec.template.spec.containers[0].imagee"\n',
    );
  });

  it("kubectl apply --validate=warn creates it without the fields and prints the server's warnings", async () => {
    const r = await kubectlIn(["apply", "--validate=warn", "-f", "-"], WEB_REPLICAZ);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("deployment.apps/typo created\n");
    expect(r.stderr).toBe('Warning: unknown field "spec.replicaz"\nWarning: unknown field "spec.template.spec.containers[0].imagee"\n');
    const got = await kubectlIn(["get", "deployment", "typo", "-o", "jsonpath={.spec.replicas}"], "");
    expect(got.stdout).toBe("1");
  });
});
