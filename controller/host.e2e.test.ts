/**
 * The example operator's module, unchanged, run as a plain process (controller/host.ts) with the real
 * @kubernetes/client-node against `kubeprop serve` in this process: it makes a WebApp's children as the in-model
 * run does, the garbage collector takes them with their WebApp, and the buggy operator leaves orphans that the
 * example's invariant (noOrphanedChildren, on the served cluster's state) reports.
 *
 * The served clock is manual: the server settles the cluster after every request, so what the controller's
 * requests set off has happened by their answers. Time passes only when a test lets it (the control API's
 * advance): the garbage collector monitors a custom resource from its first discovery Sync after the CRD
 * appeared (every 30 s, model/controllers/garbagecollector/monitors.ts), so the tests let 30 s pass before they
 * delete a WebApp, as a WebApp's life in a real cluster would.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as k8s from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";
import { parseScenario } from "../model/scenario/parse.ts";
import type { Scenario } from "../model/scenario/types.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "./kinds.ts";
import { startServe, type Served } from "../server/serve.ts";
import { kubeconfigYaml } from "../server/kubeconfig.ts";
import { loadControllerProject } from "../properties/project.ts";
import { loadControllerModule } from "../cli/run-controller.ts";
import { noOrphanedChildren } from "../examples/webapp-operator/invariants.ts";
import { ControllerBridge } from "./bridge.ts";
import { runController, type RunningController } from "./host.ts";
import type { ControllerDefinition } from "./types.ts";
import { componentAt } from "../model/state.ts";
import { GARBAGE_COLLECTOR_ID } from "../model/controllers/garbagecollector/index.ts";

const DIR = "examples/webapp-operator";
const CLUSTER = `name: host-e2e
nodes:
  - name: node-1
    capacity: { cpu: "4", memory: 8Gi, pods: "110" }
`;
const WEBAPP = { apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default" }, spec: { message: "hello", replicas: 2, image: "nginx:1.25" } };
const CHILDREN: readonly (readonly [string, string, string])[] = [
  ["v1", "ConfigMap", "shop-config"],
  ["apps/v1", "Deployment", "shop"],
  ["v1", "Service", "shop"],
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(scenario: Scenario = parseScenario(CLUSTER, "host-e2e.yaml")): Promise<{ served: Served; kc: k8s.KubeConfig; api: k8s.KubernetesObjectApi }> {
  const served = await startServe({ scenario, kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: "manual", port: 0, log: () => {} });
  cleanups.push(() => served.close());
  // The kubeconfig `kubeprop serve --kubeconfig` writes, read by client-node as a user's program reads one.
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigYaml(served.url));
  return { served, kc, api: k8s.KubernetesObjectApi.makeApiClient(kc) };
}

async function run(def: ControllerDefinition, kc: k8s.KubeConfig): Promise<{ running: RunningController; lines: string[] }> {
  const lines: string[] = [];
  const running = await runController(def, { kubeConfig: kc, log: (l) => lines.push(l) });
  cleanups.push(() => running.stop());
  // Bounded: an informer that cannot list (no discovery for its kind, a refused connection) retries for ever.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the controller's informers did not list within 10 s: ${lines.join(" | ")}`)), 10_000)));
  await Promise.race([running.synced, late]).finally(() => clearTimeout(timer));
  return { running, lines };
}

/** The operator's children as they are now: kind/name → what the operator set (owner kinds, labels, spec it owns). */
async function children(api: k8s.KubernetesObjectApi): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [apiVersion, kind, name] of CHILDREN) {
    const o = (await api.list(apiVersion, kind, "default")).items.find((i) => i.metadata?.name === name) as (k8s.KubernetesObject & Record<string, any>) | undefined;
    if (!o) continue;
    out[`${kind}/${name}`] = {
      owners: (o.metadata?.ownerReferences ?? []).map((r) => `${r.kind}/${r.name} controller=${r.controller}`),
      labels: o.metadata?.labels,
      ...(kind === "ConfigMap" ? { data: o.data } : {}),
      ...(kind === "Deployment" ? { replicas: o.spec.replicas, image: o.spec.template.spec.containers[0].image } : {}),
      ...(kind === "Service" ? { selector: o.spec.selector } : {}),
    };
  }
  return out;
}

/** Polls until `ok` holds (bounded), failing with what there was. */
async function until<T>(what: string, read: () => Promise<T>, ok: (x: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  let last = await read();
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/** Lets logical time pass on the served cluster (the control API's advance, `kubeprop ctl advance`). */
const letTimePass = async (served: Served, duration: string) => {
  const r = await fetch(`${served.url}/kubeprop/v1/advance`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ duration }) });
  expect(r.status).toBe(200);
};
/** The resources the served garbage collector monitors now. */
const gcMonitors = (served: Served) => Object.keys(componentAt(served.cluster.state, GARBAGE_COLLECTOR_ID)?.informers ?? {});

const createCrd = async (api: k8s.KubernetesObjectApi) => api.create(parseYaml(readFileSync(`${DIR}/crd.yaml`, "utf8")) as k8s.KubernetesObject);

describe("a controller module run as a plain process against kubeprop serve (controller/host.ts)", () => {
  it("the fixed operator makes the WebApp's owned children and status; deleted, the WebApp's children are collected", { timeout: 60_000 }, async () => {
    const { served, kc, api } = await serve();
    await createCrd(api);
    const def = await loadControllerModule(`${DIR}/controller.ts`);
    const { running, lines } = await run(def, kc);
    await api.create(WEBAPP);
    const made = await until("the WebApp's three children", () => children(api), (c) => Object.keys(c).length === 3);
    for (const child of Object.values(made)) expect((child as { owners: string[] }).owners).toEqual(["WebApp/shop controller=true"]);
    expect(made["Deployment/shop"]).toMatchObject({ replicas: 2, image: "nginx:1.25" });
    expect(made["ConfigMap/shop-config"]).toMatchObject({ data: { message: "hello" } });
    // The operator reports the Deployment's ready replicas once the model's controllers and kubelet made them.
    await until("the WebApp's status.readyReplicas = 2", async () => ((await api.read(WEBAPP)) as { status?: { readyReplicas?: number } }).status?.readyReplicas, (n) => n === 2);
    expect(running.counts.done).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes("error"))).toEqual([]);

    // The collector's next discovery Sync (within 30 s of the CRD) monitors WebApps.
    expect(gcMonitors(served)).not.toContain("webapps.example.com");
    await letTimePass(served, "30s");
    expect(gcMonitors(served)).toContain("webapps.example.com");
    await api.delete(WEBAPP);
    await until("the children to be collected", () => children(api), (c) => Object.keys(c).length === 0);
    expect(noOrphanedChildren.check(served.cluster.state)).toEqual([]);
  });

  it("the buggy operator's children outlive their WebApp: noOrphanedChildren fails on the served cluster", { timeout: 60_000 }, async () => {
    const { served, kc, api } = await serve();
    await createCrd(api);
    await run(await loadControllerModule(`${DIR}/buggy-controller.ts`), kc);
    await api.create(WEBAPP);
    const made = await until("the WebApp's three children", () => children(api), (c) => Object.keys(c).length === 3);
    for (const child of Object.values(made)) expect((child as { owners: string[] }).owners).toEqual([]);
    expect(noOrphanedChildren.check(served.cluster.state)).toEqual([]);
    await letTimePass(served, "30s");
    await api.delete(WEBAPP);
    // Nothing will collect them: give the cluster the time the fixed operator's children took, then look.
    await new Promise((r) => setTimeout(r, 500));
    expect(Object.keys(await children(api)).sort()).toEqual(["ConfigMap/shop-config", "Deployment/shop", "Service/shop"]);
    const violations = noOrphanedChildren.check(served.cluster.state);
    expect(violations.map((v) => v.objects[0]).sort()).toEqual(["ConfigMap default/shop-config", "Deployment default/shop", "Service default/shop"]);
    expect(violations[0]!.message).toMatch(/was made for WebApp shop, which no longer exists/);
  });

  it("a reconcile that fails is retried with back-off (5 ms, 10 ms) until it succeeds; a failed reconcile's memory changes are dropped", { timeout: 60_000 }, async () => {
    const { kc, api } = await serve();
    // A controller that fails its first two reconciles (the API server refuses its ConfigMap), then succeeds.
    let tries = 0;
    const flaky: ControllerDefinition = {
      name: "flaky",
      watches: [{ apiVersion: "v1", kind: "Secret" }],
      async reconcile(key, { client, memory }) {
        // The cluster's own Secrets (service account tokens) are reconciled too, and left alone.
        if (key !== "default/s") return;
        tries++;
        const [namespace, name] = key.split("/") as [string, string];
        memory["seen"] = ((memory["seen"] as number | undefined) ?? 0) + 1;
        await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: tries < 3 ? "Not_A_Name" : `${name}-copy`, namespace }, data: { seen: String(memory["seen"]) } });
      },
    };
    const { running, lines } = await run(flaky, kc);
    await api.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" } });
    await until("the third reconcile of default/s to succeed", async () => tries, (n) => n === 3);
    await until("the controller to count it", async () => running.counts.failed, (n) => n === 2);
    expect(lines.filter((l) => l.includes("reconcile default/s: error"))).toEqual([
      expect.stringMatching(/requeued after 0\.005 s\): HTTP-Code: 422/),
      expect.stringMatching(/requeued after 0\.01 s\): HTTP-Code: 422/),
    ]);
    // A failed reconcile's memory changes are dropped, as the model keeps a run's memory only when it is done.
    const cm = (await api.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "s-copy", namespace: "default" } })) as { data?: Record<string, string> };
    expect(cm.data).toEqual({ seen: "1" });
  });

  it("the same module, unchanged, makes the same children in the model (serve --controller) as in the plain process", { timeout: 60_000 }, async () => {
    const file = `${DIR}/controller.ts`;
    // What the CLI loads for run-controller is what the model's worker loads for the component: same name, watches.
    const def = await loadControllerModule(file);
    const described = new ControllerBridge().describe(file);
    expect(described).toMatchObject({ name: def.name, watches: JSON.parse(JSON.stringify(def.watches)) });

    const plain = await serve();
    await createCrd(plain.api);
    await run(def, plain.kc);
    await plain.api.create(WEBAPP);
    const byHost = await until("the plain process's children", () => children(plain.api), (c) => Object.keys(c).length === 3);

    // The model runs the module as a component of the served cluster (what `kubeprop serve --controller` does).
    const project = await loadControllerProject(file);
    const base = parseScenario(CLUSTER, "host-e2e.yaml");
    const inModel = await serve({ ...base, config: { ...base.config, ...project.config }, objects: [...project.scope.objects] });
    await inModel.api.create(WEBAPP);
    const byModel = await until("the in-model run's children", () => children(inModel.api), (c) => Object.keys(c).length === 3);
    expect(byHost).toEqual(byModel);

    // And the in-model run's children are collected with their WebApp too, once the collector monitors WebApps.
    await letTimePass(inModel.served, "30s");
    expect(gcMonitors(inModel.served)).toContain("webapps.example.com");
    await inModel.api.delete(WEBAPP);
    expect(await children(inModel.api)).toEqual({});
  });
});
