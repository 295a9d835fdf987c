/** A controller's client.patch as a model request: the strategy's content type is the request's patch type. */
import { describe, expect, it } from "vitest";
import { bootstrap } from "../model/bootstrap.ts";
import { handle } from "../model/apiserver/handle.ts";
import { requestOf } from "./requests.ts";
import { PatchStrategy } from "./types.ts";

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:1" }] } } },
};
const patchOf = (strategy: string) => requestOf(bootstrap(), "patch", [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: { template: { spec: { containers: [{ name: "b", image: "b:2" }] } } } }, undefined, undefined, undefined, undefined, strategy]);

describe("client.patch with a strategy", () => {
  it("a strategic merge patch merges the containers by name, as the API server does (the default strategy)", () => {
    const req = patchOf(PatchStrategy.StrategicMergePatch);
    expect(req).toMatchObject({ verb: "patch", patchType: "strategic" });
    const s = handle(bootstrap(), { verb: "create", resource: "deployments.apps", namespace: "default", object: deployment as never }).state;
    const r = handle(s, req as never).result as any;
    expect(r.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(["a=a:1", "b=b:2"]);
  });

  it("a merge patch is one; a JSON patch cannot be an object: 415", () => {
    expect(patchOf(PatchStrategy.MergePatch)).toMatchObject({ verb: "patch" });
    expect((patchOf(PatchStrategy.MergePatch) as { patchType?: string }).patchType).toBeUndefined();
    expect(patchOf(PatchStrategy.JsonPatch)).toMatchObject({ kind: "Status", code: 415 });
  });
});
