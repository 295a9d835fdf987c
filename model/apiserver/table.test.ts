import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cluster, ok, pod } from "../../test/helpers.ts";
import { timestamp } from "../clock.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";
import { BUILTIN_BY_ID } from "./resources.ts";
import { resolveResource } from "./lookup.ts";
import { humanDuration } from "./table/duration.ts";
import { podCells } from "./table/pod.ts";
import { PRINTERS } from "./table/printers.ts";
import { parseSimpleJsonPath } from "./table/custom.ts";
import { negotiateTable, parseIncludeObject, toTable } from "./table.ts";
import { widgetCrd } from "./crd-schema/widget-crd.test-support.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../test/fixtures/fidelity/${name}`, import.meta.url), "utf8"));

/** kubectl get's Accept header (kubectl 1.32, seen on the wire). */
const KUBECTL_GET_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

const NOW = 30 * 24 * 3600;

/** Replaces the fixtures' {"$ago": seconds} with the timestamp that many seconds before NOW. */
function resolveAgo(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(resolveAgo);
  if (v && typeof v === "object") {
    if ("$ago" in v) return timestamp(NOW - (v as { $ago: number }).$ago);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAgo(x)]));
  }
  return v;
}

describe("HumanDuration (apimachinery duration_test.go)", () => {
  for (const c of fixture("human-duration.json")) {
    it(`${c.durationGo} -> ${c.expected}`, () => expect(humanDuration(c.seconds)).toBe(c.expected));
  }
});

describe("printPod (printers_test.go TestPrintPod)", () => {
  for (const c of fixture("print-pod.json")) {
    it(`${c.source.split("#")[1]}: ${c.expectedCells.slice(1, 4).join(" ")}`, () => {
      const row = podCells(resolveAgo(c.pod) as KObject, NOW);
      expect(row.cells.slice(0, 5)).toEqual(c.expectedCells);
      expect(row.conditions).toEqual(c.expectedConditions);
    });
  }

  it("counts a started, ready sidecar (restartable init container) among the ready containers", () => {
    const p = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "sidecar" },
      spec: { initContainers: [{ name: "proxy", restartPolicy: "Always" }], containers: [{ name: "app" }] },
      status: {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [{ name: "proxy", ready: true, started: true, restartCount: 1, state: { running: {} } }],
        containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: {} } }],
      },
    } as KObject;
    expect(podCells(p, NOW).cells.slice(1, 4)).toEqual(["2/2", "Running", "1"]);
  });

  it("fills the wide cells: IP, node, nominated node and readiness gates", () => {
    const p = {
      ...pod("w"),
      spec: { nodeName: "n1", containers: [{ name: "c" }], readinessGates: [{ conditionType: "a" }, { conditionType: "b" }] },
      status: { phase: "Running", podIPs: [{ ip: "10.0.0.7" }], conditions: [{ type: "a", status: "True" }, { type: "b", status: "False" }] },
    } as KObject;
    expect(podCells(p, NOW).cells.slice(5)).toEqual(["10.0.0.7", "n1", "<none>", "1/2"]);
    expect(podCells({ ...p, spec: { containers: [] }, status: {} } as KObject, NOW).cells.slice(5)).toEqual(["<none>", "<none>", "<none>", "<none>"]);
  });
});

describe("printers of the other built-in kinds", () => {
  it("prints a LoadBalancer Service as printers_test.go's service4 (wide)", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "service4" },
      spec: { clusterIPs: ["1.5.6.7"], type: "LoadBalancer", ports: [{ port: 80, protocol: "TCP" }, { port: 8090, protocol: "UDP" }, { port: 8000, protocol: "TCP" }], selector: { foo: "bar" } },
      status: { loadBalancer: { ingress: [{ ip: "2.3.4.5" }, { ip: "3.4.5.6" }, { ip: "5.6.7.8", hostname: "host5678" }] } },
    } as KObject;
    expect(PRINTERS.Service!.row(svc, NOW).cells).toEqual(["service4", "LoadBalancer", "1.5.6.7", "2.3.4.5,3.4.5.6,5.6.7.8", "80/TCP,8090/UDP,8000/TCP", "<unknown>", "foo=bar"]);
  });

  it("prints a node's status and roles, endpoints with '+ N more', a quota's request and limit columns", () => {
    const node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "edge" } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "False" }], nodeInfo: { kubeletVersion: "v1.32.0" }, addresses: [{ type: "InternalIP", address: "10.1.1.1" }] },
    } as KObject;
    expect(PRINTERS.Node!.row(node, NOW).cells.slice(0, 7)).toEqual(["n1", "NotReady,SchedulingDisabled", "control-plane,edge", "<unknown>", "v1.32.0", "10.1.1.1", "<none>"]);
    const ep = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "e" }, subsets: [{ addresses: [1, 2, 3, 4].map((i) => ({ ip: `10.0.0.${i}` })), ports: [{ port: 80 }] }] } as unknown as KObject;
    expect(PRINTERS.Endpoints!.row(ep, NOW).cells[1]).toBe("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...");
    const rq = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, status: { hard: { pods: "10", "limits.cpu": "2", "requests.memory": "1024Mi" }, used: { pods: "3", "limits.cpu": "500m" } } } as KObject;
    expect(PRINTERS.ResourceQuota!.row(rq, NOW).cells.slice(1, 3)).toEqual(["pods: 3/10, requests.memory: 0/1Gi", "limits.cpu: 500m/2"]);
  });
});

describe("toTable", () => {
  const withDeployment = (): State =>
    ok(cluster(), {
      verb: "create",
      resource: "deployments.apps",
      namespace: "default",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", labels: { app: "web" } },
        spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } } },
      },
    }).state;

  it("answers a list as a meta.k8s.io/v1 Table whose rows carry PartialObjectMetadata by default", () => {
    const s = withDeployment();
    const list = ok(s, { verb: "list", resource: "deployments.apps", namespace: "default" }).obj;
    const t = toTable(s, BUILTIN_BY_ID.get("deployments.apps")!, list, s.clock.now + 125);
    expect(t).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { resourceVersion: list.metadata.resourceVersion } });
    expect(t.columnDefinitions!.map((c) => [c.name, c.priority])).toEqual([
      ["Name", 0],
      ["Ready", 0],
      ["Up-to-date", 0],
      ["Available", 0],
      ["Age", 0],
      ["Containers", 1],
      ["Images", 1],
      ["Selector", 1],
    ]);
    expect(t.columnDefinitions![0]!.format).toBe("name");
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.cells).toEqual(["web", "0/3", 0, 0, "2m5s", "nginx", "nginx:1.25", "app=web"]);
    const item = (list as unknown as { items: KObject[] }).items[0]!;
    expect(t.rows[0]!.object).toEqual({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: item.metadata });
  });

  it("honours includeObject, noHeaders and the v1beta1 version; one object gives one row", () => {
    const s = withDeployment();
    const info = BUILTIN_BY_ID.get("deployments.apps")!;
    const obj = ok(s, { verb: "get", resource: "deployments.apps", namespace: "default", name: "web" }).obj;
    expect(toTable(s, info, obj, 0, { includeObject: "Object" }).rows[0]!.object).toEqual(obj);
    expect(toTable(s, info, obj, 0, { includeObject: "None" }).rows[0]!.object).toBeNull();
    const beta = toTable(s, info, obj, 0, { version: "v1beta1", noHeaders: true });
    expect(beta.apiVersion).toBe("meta.k8s.io/v1beta1");
    expect(beta.columnDefinitions).toBeNull();
    expect((beta.rows[0]!.object as { apiVersion: string }).apiVersion).toBe("meta.k8s.io/v1beta1");
    expect(beta.metadata.resourceVersion).toBe(obj.metadata.resourceVersion);
  });

  it("prints CRDs with the default Name/Created At table, custom resources with their CRD's columns", () => {
    const crd = widgetCrd({
      // Keeps the spec as sent: a schema naming no fields would prune it (as the CRD handler does).
      schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      additionalPrinterColumns: [
        { name: "Size", type: "integer", jsonPath: ".spec.size" },
        { name: "Color", type: "string", jsonPath: ".spec.color", priority: 1 },
        { name: "First", type: "string", jsonPath: ".spec.parts[0].name" },
        { name: "Created", type: "date", jsonPath: ".metadata.creationTimestamp" },
      ],
    });
    let s = ok(cluster(), { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd }).state;
    const crdInfo = BUILTIN_BY_ID.get("customresourcedefinitions.apiextensions.k8s.io")!;
    const crdTable = toTable(s, crdInfo, ok(s, { verb: "get", resource: crdInfo.plural + ".apiextensions.k8s.io", name: "widgets.example.com" }).obj, 0);
    expect(crdTable.columnDefinitions!.map((c) => c.name)).toEqual(["Name", "Created At"]);
    expect(crdTable.rows[0]!.cells).toEqual(["widgets.example.com", "2026-01-01T00:00:00Z"]);

    const w = ok(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec: { size: 3.7, color: "blue", parts: [{ name: "gear" }] } } as KObject });
    s = w.state;
    const t = toTable(s, resolveResource(s, "widgets.example.com")!, w.obj, 3 * 3600);
    expect(t.columnDefinitions!.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Size", "integer", 0],
      ["Color", "string", 1],
      ["First", "string", 0],
      ["Created", "date", 0],
    ]);
    expect(t.columnDefinitions![1]!.description).toBe("Custom resource definition column (in JSONPath format): .spec.size");
    expect(t.rows[0]!.cells).toEqual(["w1", 3, "blue", "gear", "3h"]);
    const bare = toTable(s, resolveResource(s, "widgets.example.com")!, { ...w.obj, spec: {} }, 0);
    expect(bare.rows[0]!.cells).toEqual(["w1", null, null, null, "0s"]);
  });

  it("gives a CRD without printer columns the single Age column", () => {
    const crd: KObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "gadgets.example.com" },
      spec: { group: "example.com", scope: "Cluster", names: { plural: "gadgets", kind: "Gadget" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } }] },
    };
    const s = ok(cluster(), { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd }).state;
    const t = toTable(s, resolveResource(s, "gadgets.example.com")!, { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g", creationTimestamp: timestamp(0) } }, 90);
    expect(t.columnDefinitions!.map((c) => c.name)).toEqual(["Name", "Age"]);
    expect(t.rows[0]!.cells).toEqual(["g", "90s"]);
  });

  it("reads only simple JSONPaths", () => {
    expect(parseSimpleJsonPath(".spec.replicas")).toEqual(["spec", "replicas"]);
    expect(parseSimpleJsonPath(".metadata.labels['app.kubernetes.io/name']")).toEqual(["metadata", "labels", "app.kubernetes.io/name"]);
    expect(parseSimpleJsonPath(".status.conditions[?(@.type=='Ready')].status")).toBeUndefined();
    expect(parseSimpleJsonPath("spec")).toBeUndefined();
  });
});

describe("Table negotiation", () => {
  it("recognises kubectl get's Accept header and plain JSON", () => {
    expect(negotiateTable(KUBECTL_GET_ACCEPT)).toBe("v1");
    expect(negotiateTable("application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json")).toBe("v1beta1");
    expect(negotiateTable("application/json")).toBeUndefined();
    expect(negotiateTable("application/json, */*")).toBeUndefined();
    expect(negotiateTable(undefined)).toBeUndefined();
    expect(parseIncludeObject("Object")).toBe("Object");
    expect(parseIncludeObject("object")).toBeUndefined();
  });
});

describe("printPriorityClass (printers.go): kubectl get priorityclasses", () => {
  it("prints NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY for the system classes and a user's default class", () => {
    const s = ok(cluster(), {
      verb: "create",
      resource: "priorityclasses.scheduling.k8s.io",
      object: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "batch" }, value: 10, globalDefault: true, preemptionPolicy: "Never" } as unknown as KObject,
    }).state;
    const list = ok(s, { verb: "list", resource: "priorityclasses.scheduling.k8s.io" }).obj;
    const t = toTable(s, BUILTIN_BY_ID.get("priorityclasses.scheduling.k8s.io")!, list, s.clock.now + 90);
    expect(t.columnDefinitions!.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Value", "integer", 0],
      ["Global-Default", "boolean", 0],
      ["Age", "string", 0],
      ["PreemptionPolicy", "string", 0],
    ]);
    expect(t.rows!.map((r) => r.cells)).toEqual([
      ["batch", 10, true, "90s", "Never"],
      ["system-cluster-critical", 2000000000, false, "90s", "PreemptLowerPriority"],
      ["system-node-critical", 2000001000, false, "90s", "PreemptLowerPriority"],
    ]);
  });
});
