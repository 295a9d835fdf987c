/** Which keys an event enqueues, shared by the model's user-controller kind and the plain-process host. */
import { describe, expect, it } from "vitest";
import { declaredKeys, definitionProblem, handlerKeys, watchedPath, watchedResource } from "./enqueue.ts";

const child = (ownerReferences: { kind: string; name: string; controller?: boolean }[], namespace: string | null = "shop-ns") => ({ metadata: { name: "c", ...(namespace ? { namespace } : {}), ownerReferences } });

describe("enqueue", () => {
  it("self: the object's own namespace/name (name alone when cluster-scoped)", () => {
    expect(declaredKeys("self", child([]))).toEqual(["shop-ns/c"]);
    expect(declaredKeys("self", child([], null))).toEqual(["c"]);
  });

  it("owner: the controlling owner of that kind only (not a non-controller owner, not another kind)", () => {
    expect(declaredKeys({ owner: "WebApp" }, child([{ kind: "WebApp", name: "shop", controller: true }]))).toEqual(["shop-ns/shop"]);
    expect(declaredKeys({ owner: "WebApp" }, child([{ kind: "WebApp", name: "shop" }]))).toEqual([]);
    expect(declaredKeys({ owner: "WebApp" }, child([{ kind: "ReplicaSet", name: "rs", controller: true }]))).toEqual([]);
  });

  it("a handler's answer enqueues only when it is a list of strings", () => {
    expect(handlerKeys(["a", "b/c"])).toEqual({ keys: ["a", "b/c"] });
    expect("error" in handlerKeys("a")).toBe(true);
    expect("error" in handlerKeys([1])).toBe(true);
    expect("error" in handlerKeys(undefined)).toBe(true);
  });

  it("paths and resource ids of watched kinds: built-ins by the table, custom resources by plural and group", () => {
    expect(watchedResource({ apiVersion: "apps/v1", kind: "Deployment" })).toBe("deployments.apps");
    expect(watchedPath({ apiVersion: "apps/v1", kind: "Deployment" })).toBe("/apis/apps/v1/deployments");
    expect(watchedPath({ apiVersion: "v1", kind: "ConfigMap", namespace: "team-a" })).toBe("/api/v1/namespaces/team-a/configmaps");
    expect(watchedPath({ apiVersion: "v1", kind: "Endpoints" })).toBe("/api/v1/endpoints");
    expect(watchedPath({ apiVersion: "example.com/v1", kind: "WebApp", plural: "webapps" })).toBe("/apis/example.com/v1/webapps");
    expect(watchedPath({ apiVersion: "example.com/v1", kind: "Policy" })).toBe("/apis/example.com/v1/policys");
  });

  it("a definition needs a DNS-label name and at least one watch with apiVersion and kind", () => {
    expect(definitionProblem({ name: "ok-name", watches: [{ apiVersion: "v1", kind: "Pod" }] })).toBeUndefined();
    expect(definitionProblem({ name: "Bad_Name", watches: [{ apiVersion: "v1", kind: "Pod" }] })).toMatch(/DNS label/);
    expect(definitionProblem({ name: "x", watches: [] })).toMatch(/watches nothing/);
    expect(definitionProblem({ name: "x", watches: [{ kind: "Pod" }] })).toBe("watches[0] needs an apiVersion and a kind");
  });
});
