/**
 * kubectl's typed `create` commands against `kubeprop serve`: kubectl sends these bodies as Kubernetes protobuf
 * (Content-Type application/vnd.kubernetes.protobuf) and takes the JSON answer (its Accept lists
 * application/json after protobuf). Also the protobuf bodies that must be refused, over plain HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../model/scenario/parse.ts";
import { get } from "../model/apiserver/read.ts";
import { isStatus } from "../model/apiserver/status.ts";
import type { KObject } from "../model/objects/types.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe, type Served } from "./serve.ts";
import { kubectlForTests } from "./kubectl.test-support.ts";
import { encodeBody, withEnvelope } from "./protobuf/encode.test-support.ts";

const CLUSTER = `name: kubectl-create
nodes:
  - name: node-1
    capacity: { cpu: "4", memory: 8Gi, pods: "110" }
`;

const available = kubectlForTests();

let served: Served;
let kubeconfig: string;

beforeAll(async () => {
  kubeconfig = join(mkdtempSync(join(tmpdir(), "kubeprop-create-")), "kubeconfig");
  served = await startServe({ scenario: parseScenario(CLUSTER, "kubectl-create.yaml"), kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: "real", port: 0, kubeconfig, log: () => {} });
});
afterAll(async () => served?.close());

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function stored(resource: string, namespace: string | undefined, name: string): KObject {
  const r = get(served.cluster.state, resource, namespace, name).result;
  if (isStatus(r)) throw new Error(`${resource} ${name}: ${r.message}`);
  return r;
}

describe.runIf(available)("kubectl create (protobuf bodies) against kubeprop serve", () => {
  it("kubectl create namespace", async () => {
    const r = await kubectl(["create", "namespace", "team-a"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("namespace/team-a created\n");
    expect(stored("namespaces", undefined, "team-a").status).toEqual({ phase: "Active" });
  });

  it("kubectl create configmap --from-literal", async () => {
    const r = await kubectl(["-n", "team-a", "create", "configmap", "settings", "--from-literal=mode=blue", "--from-literal=size=3"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("configmap/settings created\n");
    expect(stored("configmaps", "team-a", "settings").data).toEqual({ mode: "blue", size: "3" });
  });

  it("kubectl create secret generic: the bytes arrive base64, as a JSON body carries them", async () => {
    const r = await kubectl(["-n", "team-a", "create", "secret", "generic", "creds", "--from-literal=user=admin", "--from-literal=pass=s3cr=t"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("secret/creds created\n");
    const secret = stored("secrets", "team-a", "creds") as KObject & { data?: Record<string, string>; type?: string };
    expect(secret.data).toEqual({ user: Buffer.from("admin").toString("base64"), pass: Buffer.from("s3cr=t").toString("base64") });
    expect(secret.type).toBe("Opaque");
    const read = await kubectl(["-n", "team-a", "get", "secret", "creds", "-o", "jsonpath={.data.pass}"]);
    expect(Buffer.from(read.stdout, "base64").toString()).toBe("s3cr=t");
  });

  it("kubectl create serviceaccount", async () => {
    const r = await kubectl(["-n", "team-a", "create", "serviceaccount", "robot"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("serviceaccount/robot created\n");
    expect(stored("serviceaccounts", "team-a", "robot").metadata.uid).toMatch(/\S/);
  });

  it("kubectl create deployment --replicas=2: stored with its template, and rolled out by the model's controllers", async () => {
    const r = await kubectl(["-n", "team-a", "create", "deployment", "web", "--image=nginx", "--replicas=2"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("deployment.apps/web created\n");
    const d = stored("deployments.apps", "team-a", "web") as KObject & { spec: { replicas: number; selector: unknown; template: { spec: { containers: { name: string; image: string }[] } } } };
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: "web" } });
    expect(d.spec.template.spec.containers.map((c) => [c.name, c.image])).toEqual([["nginx", "nginx"]]);
    const s = await kubectl(["-n", "team-a", "rollout", "status", "deployment/web", "--timeout=60s"]);
    expect(s.stdout).toContain('deployment "web" successfully rolled out');
  });

  it("a second create of the same name is the conflict a real server gives", async () => {
    const r = await kubectl(["-n", "team-a", "create", "configmap", "settings", "--from-literal=mode=red"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: failed to create configmap: configmaps "settings" already exists\n');
  });
});

describe("protobuf bodies over HTTP", () => {
  const post = (path: string, body: Uint8Array) =>
    fetch(served.url + path, { method: "POST", headers: { "Content-Type": "application/vnd.kubernetes.protobuf", Accept: "application/vnd.kubernetes.protobuf,application/json" }, body });

  it("a protobuf ConfigMap is created and answered in JSON", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", encodeBody("v1", "ConfigMap", "k8s.io.api.core.v1.ConfigMap", { metadata: { name: "from-proto", generateName: "", uid: "" }, data: { k: "v" } }));
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as KObject & { data: unknown };
    expect(body.data).toEqual({ k: "v" });
    expect(body.metadata.uid).toMatch(/\S/);
  });

  it("a body without the k8s\\x00 prefix is a 400 naming why", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", Buffer.from('{"kind":"ConfigMap"}'));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "BadRequest", message: "the body of the request was in an unknown format - couldn't decode protobuf: the body does not start with the protobuf prefix k8s\\x00" });
  });

  it("a truncated body is a 400", async () => {
    const whole = encodeBody("v1", "ConfigMap", "k8s.io.api.core.v1.ConfigMap", { metadata: { name: "cut" }, data: { k: "v" } });
    const res = await post("/api/v1/namespaces/default/configmaps", whole.subarray(0, whole.length - 9));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^the body of the request was in an unknown format - couldn't decode protobuf: /);
  });

  it("a kind kubeprop has no schema for: 404 on a path the model does not serve, 400 on one it does", async () => {
    const job = withEnvelope("batch/v1", "Job", Uint8Array.of());
    const unserved = await post("/apis/batch/v1/namespaces/default/jobs", job);
    expect(unserved.status).toBe(404);
    const served_ = await post("/api/v1/namespaces/default/configmaps", job);
    expect(served_.status).toBe(400);
    expect(((await served_.json()) as { message: string }).message).toBe("the body of the request was in an unknown format - couldn't decode protobuf: no protobuf schema for batch/v1, Kind=Job");
  });
});
