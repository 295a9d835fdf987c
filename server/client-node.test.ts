/**
 * @kubernetes/client-node (1.4.0, the release that runs on Node 20) against `kubeprop serve`: the generic object API
 * with a manifest file, the typed API, a watch, the errors a real server gives, a namespace deleted to the end, a
 * CRD and its custom resources. And `--strict`: a request that breaks a safety invariant is answered 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as k8s from "@kubernetes/client-node";
import { servedCluster } from "./default-cluster.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import type { Invariant } from "../invariants/types.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { btreeValues } from "../model/collections/btree.ts";
import { startServe, type Served } from "./serve.ts";

const EXAMPLES = fileURLToPath(new URL("../examples/serve/", import.meta.url));

async function serve(invariants: readonly Invariant[] = ALL_INVARIANTS, strict = false): Promise<{ served: Served; kc: k8s.KubeConfig }> {
  const dir = mkdtempSync(join(tmpdir(), "kubeprop-client-node-"));
  const served = await startServe({ scenario: servedCluster({ name: "client-node", nodes: 1 }), kinds: KUBEPROP_KINDS, invariants, clock: "manual", port: 0, kubeconfig: join(dir, "kubeconfig"), strict, log: () => {} });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, "kubeconfig"));
  return { served, kc };
}

/** The HTTP code of a rejected client-node call (1.4.0's ApiException carries `code`). */
async function codeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

describe("@kubernetes/client-node against kubeprop serve", () => {
  let served: Served;
  let kc: k8s.KubeConfig;
  beforeAll(async () => ({ served, kc } = await serve()));
  afterAll(async () => served?.close());

  it("creates a Deployment and a Service from a manifest file with the generic object API", async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    const specs = k8s.loadAllYaml(readFileSync(join(EXAMPLES, "app.yaml"), "utf8")) as k8s.KubernetesObject[];
    for (const spec of specs) {
      spec.metadata!.namespace = "default";
      const made = await client.create(spec);
      expect(made.metadata?.uid).toBeTruthy();
    }
    const d = (await client.read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" } })) as k8s.V1Deployment;
    expect(d.status?.readyReplicas).toBe(3);
    const pods = await client.list("v1", "Pod", "default", undefined, undefined, undefined, undefined, "app=web");
    expect(pods.items).toHaveLength(3);
  });

  it("the typed API patches with a strategic merge patch, keeping the other fields of the container", async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const patched = await apps.patchNamespacedDeployment(
      { name: "web", namespace: "default", body: { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } } } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
    );
    const c = patched.spec!.template.spec!.containers[0]!;
    expect(c.image).toBe("nginx:1.28");
    expect(c.ports?.[0]?.containerPort).toBe(80);
  });

  it("a watch sees the pods a scale-up makes", async () => {
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch("/api/v1/namespaces/default/pods", { labelSelector: "app=web", resourceVersion: String(served.cluster.state.store.revision) }, (type, obj) => {
      if (type === "ADDED") seen.push(obj.metadata.name);
    }, () => {});
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.patchNamespacedDeploymentScale({ name: "web", namespace: "default", body: { spec: { replicas: 5 } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    req.abort();
    expect(seen).toHaveLength(2);
  });

  it("answers 404, 409 and 422 as a real server does", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    expect(await codeOf(core.readNamespacedConfigMap({ name: "nope", namespace: "default" }))).toBe(404);
    const cm = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "settings" }, data: { mode: "blue" } } });
    expect(await codeOf(core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "settings" } } }))).toBe(409);
    await core.patchNamespacedConfigMap({ name: "settings", namespace: "default", body: { data: { mode: "green" } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    expect(await codeOf(core.replaceNamespacedConfigMap({ name: "settings", namespace: "default", body: cm }))).toBe(409);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const bad = { metadata: { name: "bad" }, spec: { replicas: -1, selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "x" }] } } } };
    expect(await codeOf(apps.createNamespacedDeployment({ namespace: "default", body: bad }))).toBe(422);
  });

  it("deletes a namespace to the end", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "team-a" } } });
    await core.createNamespacedConfigMap({ namespace: "team-a", body: { metadata: { name: "x" } } });
    await core.deleteNamespace({ name: "team-a" });
    // The namespace controller waits namespaceDeletionGracePeriod (5 s) before it empties a namespace
    // (namespace_controller.go enqueueNamespace): on the manual clock, time must pass.
    expect((await core.readNamespace({ name: "team-a" })).status?.phase).toBe("Terminating");
    served.cluster.advance(10);
    expect(await codeOf(core.readNamespace({ name: "team-a" }))).toBe(404);
    expect(await codeOf(core.readNamespacedConfigMap({ name: "x", namespace: "team-a" }))).toBe(404);
  });

  it("serves a CRD's custom resources", async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    await client.create(k8s.loadYaml(readFileSync(join(EXAMPLES, "widgets-crd.yaml"), "utf8")) as k8s.KubernetesObject);
    const w = k8s.loadYaml(readFileSync(join(EXAMPLES, "widget.yaml"), "utf8")) as k8s.KubernetesObject;
    w.metadata!.namespace = "default";
    await client.create(w);
    const got = (await client.read({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "gizmo", namespace: "default" } })) as { spec: { size: number } };
    expect(got.spec.size).toBe(3);
  });
});

describe("kubeprop serve --strict", () => {
  const noBadConfigMaps: Invariant = {
    id: "no-bad-configmaps",
    description: "no ConfigMap is named bad",
    kind: "safety",
    source: "this test",
    check: (s) =>
      btreeValues(s.store.kvs)
        .filter((kv: any) => kv.value?.kind === "ConfigMap" && kv.value.metadata.name === "bad")
        .map(() => ({ invariant: "no-bad-configmaps", objects: ["ConfigMap default/bad"], message: "a ConfigMap is named bad" })),
  };

  it("answers a request that breaks a safety invariant with a 500 naming it; without --strict the write is answered and the violation recorded", async () => {
    for (const strict of [true, false]) {
      const { served, kc } = await serve([noBadConfigMaps], strict);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      let caught: { code?: number; body?: string } | undefined;
      try {
        await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "bad" } } });
      } catch (e) {
        caught = e as { code?: number; body?: string };
      }
      if (strict) {
        expect(caught?.code).toBe(500);
        expect(String(caught?.body)).toContain("the request broke the safety invariant no-bad-configmaps: a ConfigMap is named bad");
      } else {
        expect(caught).toBeUndefined();
      }
      expect(served.cluster.violations.map((v) => v.violation.invariant)).toEqual(["no-bad-configmaps"]);
      expect(served.cluster.trace().expectViolation?.invariant).toBe("no-bad-configmaps");
      await served.close();
    }
  });
});
