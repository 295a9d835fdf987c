import { describe, expect, it } from "vitest";
import { cluster, ok } from "../../test/helpers.ts";
import type { State } from "../state.ts";
import { allResources } from "./lookup.ts";
import { openapiPathOf, openapiV3GroupVersion, openapiV3Root } from "./openapi.ts";

/**
 * kubectl's check, ported from cli-runtime/pkg/resource/query_param_verifier_v3.go (supportsQueryParamV3 and
 * hasGVKExtensionV3): some PATCH operation carries the GVK extension and an inline parameter of that name.
 */
function supportsQueryParam(doc: any, gvk: { group: string; version: string; kind: string }, param: string): boolean {
  for (const path of Object.values<any>(doc.paths ?? {})) {
    const op = path.patch;
    if (!op) continue;
    const ext = op["x-kubernetes-group-version-kind"];
    if (!ext || ext.group !== gvk.group || ext.version !== gvk.version || ext.kind !== gvk.kind) continue;
    return (op.parameters ?? []).some((p: any) => p.name === param);
  }
  return false;
}

const withWidgets = (s: State = cluster()): State =>
  ok(s, {
    verb: "create",
    resource: "customresourcedefinitions.apiextensions.k8s.io",
    object: {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } }] },
    },
  }).state;

describe("OpenAPI v3: what kubectl's field-validation check reads", () => {
  it("the root lists every served group-version under client-go's path key, with a hashed serverRelativeURL", () => {
    const root = openapiV3Root(cluster());
    expect(Object.keys(root.paths).sort()).toEqual(["api/v1", "apis/apiextensions.k8s.io/v1", "apis/apps/v1", "apis/autoscaling/v2", "apis/coordination.k8s.io/v1", "apis/scheduling.k8s.io/v1"]);
    for (const [key, { serverRelativeURL }] of Object.entries(root.paths)) expect(serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${key}\\?hash=[0-9A-F]{16}$`));
  });

  it("every served kind, custom ones included, declares fieldValidation on its PATCH (kubectl then validates server-side)", () => {
    const s = withWidgets();
    for (const info of allResources(s)) {
      const doc = openapiV3GroupVersion(s, openapiPathOf(info.group, info.version));
      expect(doc, info.kind).toBeDefined();
      expect(supportsQueryParam(doc, { group: info.group, version: info.version, kind: info.kind }, "fieldValidation"), info.kind).toBe(true);
    }
  });

  it("a kind the group-version does not hold is not supported (kubectl falls back to client-side validation)", () => {
    const doc = openapiV3GroupVersion(cluster(), "apis/apps/v1");
    expect(supportsQueryParam(doc, { group: "apps", version: "v1", kind: "StatefulSet" }, "fieldValidation")).toBe(false);
    expect(supportsQueryParam(doc, { group: "apps", version: "v1", kind: "Deployment" }, "dryRunMode")).toBe(false);
  });

  it("documents the item paths with operation ids and actions as kube-apiserver names them", () => {
    const doc = openapiV3GroupVersion(cluster(), "/apis/apps/v1?hash=ignored") as any;
    const item = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    expect(item.patch.operationId).toBe("patchAppsV1NamespacedDeployment");
    expect(item.patch["x-kubernetes-action"]).toBe("patch");
    expect(doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"].patch["x-kubernetes-group-version-kind"]).toEqual({ group: "autoscaling", version: "v1", kind: "Scale" });
    expect(openapiV3GroupVersion(cluster(), "api/v1") as any).toHaveProperty(["paths", "/api/v1/nodes/{name}", "patch", "operationId"], "patchCoreV1Node");
    expect(doc.components.schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
  });

  it("answers undefined (404) for an unserved group-version; a CRD adds its group-version and leaves the other hashes", () => {
    expect(openapiV3GroupVersion(cluster(), "apis/batch/v1")).toBeUndefined();
    expect(openapiV3Root(cluster()).paths["apis/example.com/v1"]).toBeUndefined();
    const before = openapiV3Root(cluster()).paths;
    const after = openapiV3Root(withWidgets()).paths;
    expect(after["apis/example.com/v1"]).toBeDefined();
    expect(after["apis/apps/v1"]).toEqual(before["apis/apps/v1"]);
  });
});
