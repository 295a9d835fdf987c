import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { State } from "../../state.ts";
import { fixedKind } from "../../components/kinds.ts";
import { BUILTIN_KINDS } from "../../builtin-kinds.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../config.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { timestamp } from "../../clock.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";

const FILE = new URL("../../../scenarios/hpa.yaml", import.meta.url);

/**
 * A stand-in for the Deployment and ReplicaSet controllers, the scheduler and the kubelets, which other
 * modules provide: it keeps pods <deployment>-0 .. -(n-1) for spec.replicas = n, reports them Running and Ready
 * at once, and writes the Deployment's status.replicas / readyReplicas.
 */
const workloadStandIn: ComponentBehavior = {
  kind: "test-workload-stand-in",
  source: "test stand-in",
  watches: () => [{ resource: "deployments.apps" }, { resource: "pods" }],
  keysFor: (resource, ev) => (resource === "deployments.apps" ? [metaNamespaceKey(ev.object)] : []),
  reconcile(state, c, key, log) {
    const d = cacheGet(c, "deployments.apps", key);
    if (!d) return { state };
    const ns = d.metadata.namespace!;
    const name = d.metadata.name!;
    const want: number = d.spec.replicas;
    const have = new Set(cacheList(c, "pods", ns).filter((p) => p.metadata.labels?.app === name).map((p) => p.metadata.name!));
    let s: State = state;
    for (const pod of have) {
      if (Number(pod.slice(name.length + 1)) >= want) s = send(s, c.id, { verb: "delete", resource: "pods", namespace: ns, name: pod }, log).state;
    }
    for (let i = 0; i < want; i++) {
      const pod = `${name}-${i}`;
      if (have.has(pod)) continue;
      const created = send(s, c.id, { verb: "create", resource: "pods", namespace: ns, object: { apiVersion: "v1", kind: "Pod", metadata: { name: pod, labels: d.spec.template.metadata.labels }, spec: d.spec.template.spec } }, log);
      if (isStatus(created.result)) continue; // created before, the cache lags
      const now = timestamp(s.clock.now);
      s = send(created.state, c.id, { verb: "patch", resource: "pods", namespace: ns, name: pod, subresource: "status", patch: { status: { phase: "Running", startTime: now, conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }] } } }, log).state;
    }
    if (d.status?.replicas !== want || d.status?.readyReplicas !== want) {
      s = send(s, c.id, { verb: "patch", resource: "deployments.apps", namespace: ns, name, subresource: "status", patch: { status: { replicas: want, readyReplicas: want } } }, log).state;
    }
    return { state: s };
  },
  initialMemory: () => null,
};

describe("scenarios/hpa.yaml", () => {
  const text = readFileSync(FILE, "utf8");

  it("parses: a Deployment and an HPA, load up, load down, with expectations on spec.replicas", () => {
    const sc = parseScenario(text, "hpa.yaml");
    expect(sc.objects.map((o) => o.kind)).toEqual(["Deployment", "HorizontalPodAutoscaler"]);
    const replicas = sc.steps.flatMap((st) => (st.kind === "expect" && st.expect.resource === "deployments.apps" ? [st.expect.fields?.["spec.replicas"]] : []));
    expect(replicas).toEqual([1, 4, 4, 4, 1]);
  });

  it("runs green with the HPA controller and a stand-in for the workload controllers and kubelets", () => {
    // The stand-in runs as kube-controller-manager's deployment controller.
    const kinds = BUILTIN_KINDS.with(fixedKind(workloadStandIn));
    const components = DEFAULT_CLUSTER_CONFIG.components.map((c) => (c.kind === "deployment-controller" ? { ...c, kind: workloadStandIn.kind } : c));
    const sc = parseScenario(text, "hpa.yaml");
    const r = runScenario({ ...sc, config: { ...sc.config, components } }, { kinds });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
  });
});
