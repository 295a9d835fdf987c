import { describe, expect, it } from "vitest";
import { cluster, ok } from "../../test/helpers.ts";
import { settle } from "../settle.ts";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  compareKubeAwareVersions,
  negotiateDiscovery,
  versionInfo,
} from "./discovery.ts";

/** kubectl 1.32's Accept for /api and /apis (client-go discovery_client.go acceptDiscoveryFormats), as seen on the wire. */
const KUBECTL_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

const widgetCrd = (extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Cluster",
    names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"], categories: ["all", "toys"] },
    versions: [{ name: "v1", served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas" } }, schema: { openAPIV3Schema: { type: "object" } } }],
    ...extra,
  },
});

const withCrd = (s: State = cluster()): State => ok(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: widgetCrd() }).state;

const resources = (list: Record<string, unknown> | undefined) => (list?.resources ?? []) as Record<string, any>[];
const byName = (list: Record<string, unknown> | undefined, name: string) => resources(list).find((r) => r.name === name);

describe("discovery: /version, /api, /apis", () => {
  it("reports a 1.32 server (kubectl warns past one minor version of skew)", () => {
    const v = versionInfo();
    expect(v.major).toBe("1");
    expect(v.minor).toBe("32");
    expect(v.gitVersion).toMatch(/^v1\.32\.\d+/);
    expect(v.platform).toBe("linux/amd64");
  });

  it("/api lists v1, with the server address for 0.0.0.0/0 when given", () => {
    expect(apiVersions()).toEqual({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
    expect(apiVersions("127.0.0.1:6443").serverAddressByClientCIDRs).toEqual([{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }]);
  });

  it("/apis lists the served groups in kube-apiserver's priority order, preferred version first", () => {
    const list = apiGroupList(cluster()) as { groups: any[] };
    expect(list.groups.map((g) => g.name)).toEqual(["apps", "autoscaling", "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io"]);
    const autoscaling = list.groups.find((g) => g.name === "autoscaling");
    expect(autoscaling.preferredVersion).toEqual({ groupVersion: "autoscaling/v2", version: "v2" });
    expect(apiGroup(cluster(), "apps")).toMatchObject({ kind: "APIGroup", apiVersion: "v1", name: "apps" });
    expect(apiGroup(cluster(), "batch")).toBeUndefined();
  });

  it("orders versions as CompareKubeAwareVersionStrings' documented example", () => {
    const shuffled = ["foo10", "v1", "v3beta1", "v11alpha2", "v10", "foo1", "v12alpha1", "v2", "v10beta3", "v11beta2"];
    expect([...shuffled].sort(compareKubeAwareVersions)).toEqual(["v10", "v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1", "v11alpha2", "foo1", "foo10"]);
  });
});

describe("discovery: APIResourceList", () => {
  it("lists core resources with names, short names, categories and verbs as upstream's api__v1.json", () => {
    const core = apiResourceList(cluster(), "", "v1");
    expect(core).toMatchObject({ kind: "APIResourceList", groupVersion: "v1" });
    expect(core).not.toHaveProperty("apiVersion");
    expect(byName(core, "pods")).toEqual({
      name: "pods",
      singularName: "pod",
      namespaced: true,
      kind: "Pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["po"],
      categories: ["all"],
      storageVersionHash: "xPOwRZ+Yhw8=",
    });
    expect(byName(core, "pods/status")).toEqual({ name: "pods/status", singularName: "", namespaced: true, kind: "Pod", verbs: ["get", "patch", "update"] });
    expect(byName(core, "pods/binding")).toMatchObject({ kind: "Binding", verbs: ["create"] });
    expect(byName(core, "pods/eviction")).toMatchObject({ group: "policy", version: "v1", kind: "Eviction" });
    expect(byName(core, "namespaces")!.verbs).not.toContain("deletecollection");
    expect(byName(core, "namespaces/finalize")).toMatchObject({ namespaced: false, verbs: ["update"] });
    const shortNames = Object.fromEntries(resources(core).filter((r) => r.shortNames).map((r) => [r.name, r.shortNames]));
    expect(shortNames).toEqual({
      configmaps: ["cm"],
      endpoints: ["ep"],
      events: ["ev"],
      namespaces: ["ns"],
      nodes: ["no"],
      persistentvolumeclaims: ["pvc"],
      persistentvolumes: ["pv"],
      pods: ["po"],
      replicationcontrollers: ["rc"],
      resourcequotas: ["quota"],
      serviceaccounts: ["sa"],
      services: ["svc"],
    });
    const names = resources(core).map((r) => r.name);
    expect(names).toEqual([...names].sort());
  });

  it("lists apps, autoscaling and apiextensions resources with their scale and status subresources", () => {
    const apps = apiResourceList(cluster(), "apps", "v1");
    expect(apps).toMatchObject({ apiVersion: "v1", groupVersion: "apps/v1" });
    expect(byName(apps, "deployments")).toMatchObject({ shortNames: ["deploy"], categories: ["all"], kind: "Deployment" });
    expect(byName(apps, "deployments/scale")).toEqual({ name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
    expect(byName(apps, "replicasets")!.shortNames).toEqual(["rs"]);
    expect(byName(apiResourceList(cluster(), "autoscaling", "v2"), "horizontalpodautoscalers")).toMatchObject({ shortNames: ["hpa"], categories: ["all"] });
    expect(byName(apiResourceList(cluster(), "apiextensions.k8s.io", "v1"), "customresourcedefinitions")).toMatchObject({ shortNames: ["crd", "crds"], namespaced: false });
    expect(byName(apiResourceList(cluster(), "", "v1"), "replicationcontrollers/scale")).toMatchObject({ group: "autoscaling", kind: "Scale" });
  });

  it("answers undefined (the server's 404) for a group-version it does not serve", () => {
    expect(apiResourceList(cluster(), "apps", "v1beta1")).toBeUndefined();
    expect(apiResourceList(cluster(), "batch", "v1")).toBeUndefined();
    expect(apiResourceList(cluster(), "", "v2")).toBeUndefined();
  });
});

describe("discovery: custom resources", () => {
  it("serves a CRD's resource with the names, scope and subresources it declares while the CRD exists", () => {
    const s = withCrd();
    expect((apiGroupList(s) as { groups: any[] }).groups.map((g) => g.name)).toContain("example.com");
    const list = apiResourceList(s, "example.com", "v1");
    expect(byName(list, "widgets")).toEqual({
      name: "widgets",
      singularName: "widget",
      namespaced: false,
      kind: "Widget",
      verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
      shortNames: ["wd"],
      categories: ["all", "toys"],
    });
    expect(byName(list, "widgets/status")).toMatchObject({ kind: "Widget", verbs: ["get", "patch", "update"] });
    expect(byName(list, "widgets/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale" });
  });

  it("drops the group once the CRD is deleted and its cleanup has run", () => {
    let s = withCrd();
    s = ok(s, { verb: "delete", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }).state;
    s = settle(s).state;
    expect(apiResourceList(s, "example.com", "v1")).toBeUndefined();
    expect((apiGroupList(s) as { groups: any[] }).groups.map((g) => g.name)).not.toContain("example.com");
  });

  it("restricts the verbs of a CRD that is Terminating, as the discovery controller does", () => {
    let s = withCrd();
    const crd = ok(s, { verb: "get", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }).obj;
    s = ok(s, {
      verb: "update",
      resource: "customresourcedefinitions.apiextensions.k8s.io",
      name: "widgets.example.com",
      subresource: "status",
      object: { ...crd, status: { conditions: [{ type: "Terminating", status: "True" }] } },
    }).state;
    expect(byName(apiResourceList(s, "example.com", "v1"), "widgets")!.verbs).toEqual(["delete", "deletecollection", "get", "list", "watch"]);
  });
});

describe("discovery: the aggregated form", () => {
  it("picks the form from kubectl's Accept header and answers with the Content-Type client-go checks", () => {
    expect(negotiateDiscovery(KUBECTL_DISCOVERY_ACCEPT)).toEqual({ form: "aggregated", version: "v2", contentType: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" });
    expect(negotiateDiscovery("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json").form).toBe("aggregated");
    expect(negotiateDiscovery("application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io")).toMatchObject({ version: "v2" });
    expect(negotiateDiscovery("application/json, */*")).toEqual({ form: "legacy", contentType: "application/json" });
    expect(negotiateDiscovery(undefined).form).toBe("legacy");
    expect(negotiateDiscovery("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json").form).toBe("legacy");
  });

  it("holds, for every group-version, the same resources as the legacy lists (client-go SplitGroupsAndResources)", () => {
    const s = withCrd();
    const lists = [aggregatedDiscovery(s, "api"), aggregatedDiscovery(s, "apis", "v2beta1")] as { items: any[]; apiVersion: string }[];
    expect(lists[0]!.items.map((i) => i.metadata.name)).toEqual([undefined]);
    expect(lists[1]!.apiVersion).toBe("apidiscovery.k8s.io/v2beta1");
    for (const list of lists) {
      for (const group of list.items) {
        const name: string = group.metadata.name ?? "";
        for (const v of group.versions) {
          expect(v.freshness).toBe("Current");
          const legacy = resources(apiResourceList(s, name, v.version));
          const fromAggregated = v.resources.flatMap((r: any) => [
            { name: r.resource, kind: r.responseKind.kind, namespaced: r.scope === "Namespaced", verbs: r.verbs },
            ...(r.subresources ?? []).map((sub: any) => ({ name: `${r.resource}/${sub.subresource}`, kind: sub.responseKind.kind, namespaced: r.scope === "Namespaced", verbs: sub.verbs })),
          ]);
          expect(fromAggregated).toEqual(legacy.map((l) => ({ name: l.name, kind: l.kind, namespaced: l.namespaced, verbs: l.verbs })));
        }
      }
    }
  });

  it("gives a subresource the group and version of the kind it answers with", () => {
    const apis = aggregatedDiscovery(cluster(), "apis") as { items: any[] };
    const deployments = apis.items.find((i) => i.metadata.name === "apps").versions[0].resources.find((r: any) => r.resource === "deployments");
    expect(deployments.subresources).toEqual([
      { subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] },
      { subresource: "status", responseKind: { group: "apps", version: "v1", kind: "Deployment" }, verbs: ["get", "patch", "update"] },
    ]);
    expect(deployments).toMatchObject({ scope: "Namespaced", singularResource: "deployment", shortNames: ["deploy"], categories: ["all"] });
  });
});
