/** The patch verb through handle(): each patch type on a Deployment, the status subresource, and the 415s. */
import { describe, expect, it } from "vitest";
import { cluster, fails, ok } from "../../../test/helpers.ts";
import type { ApiRequest } from "../request.ts";
import type { State } from "../../state.ts";
import { SERVER_SIDE_APPLY_UNSUPPORTED } from "./patch.ts";

const DEPLOYMENTS = "deployments.apps";
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "nginx:1" }, { name: "log", image: "busybox:1" }] },
    },
  },
};

const withDeployment = (): { state: State; rv: string } => {
  const r = ok(cluster(), { verb: "create", resource: DEPLOYMENTS, namespace: "default", object: deployment });
  return { state: r.state, rv: r.obj.metadata.resourceVersion! };
};
const patchReq = (patch: Record<string, unknown>, extra: Partial<Extract<ApiRequest, { verb: "patch" }>> = {}): ApiRequest =>
  ({ verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", patch, ...extra }) as ApiRequest;
const images = (o: any) => o.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`);

describe("patch types through handle()", () => {
  const oneImage = { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:2" }] } } } };

  it("a strategic merge patch changes one container's image and keeps the others", () => {
    const { obj } = ok(withDeployment().state, patchReq(oneImage, { patchType: "strategic" }));
    expect(images(obj)).toEqual(["web=nginx:2", "log=busybox:1"]);
    expect(obj.metadata.generation).toBe(2);
  });

  it("the same body as a merge patch (the default) replaces the container list", () => {
    const { obj } = ok(withDeployment().state, patchReq(oneImage));
    expect(images(obj)).toEqual(["web=nginx:2"]);
  });

  it("a JSON patch applies its operations to the stored object", () => {
    const { obj } = ok(
      withDeployment().state,
      { verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", patchType: "json", patch: [
        { op: "test", path: "/spec/replicas", value: 2 },
        { op: "replace", path: "/spec/template/spec/containers/1/image", value: "busybox:2" },
        { op: "add", path: "/metadata/labels/tier", value: "front" },
      ] },
    );
    expect(images(obj)).toEqual(["web=nginx:1", "log=busybox:2"]);
    expect(obj.metadata.labels).toEqual({ app: "web", tier: "front" });
  });

  it("a failed JSON patch test is 422 Invalid with upstream's fixed message, and changes nothing", () => {
    const st = fails(withDeployment().state, { verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", patchType: "json", patch: [{ op: "test", path: "/spec/replicas", value: 5 }] }, 422);
    expect(st.reason).toBe("Invalid");
    expect(st.message).toBe("the server rejected our request due to an error in our request");
  });

  it("a JSON patch that is not a list is 400", () => {
    const st = fails(withDeployment().state, { verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", patchType: "json", patch: { op: "add" } as never }, 400);
    expect(st.message).toBe("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  });

  it("a strategic patch missing a merge key is the plain 500 upstream answers", () => {
    const st = fails(withDeployment().state, patchReq({ spec: { template: { spec: { containers: [{ image: "x" }] } } } }, { patchType: "strategic" }), 500);
    expect(st.message).toBe("map: map[image:x] does not contain declared merge key: name");
  });

  it("a resourceVersion in the patched object is a precondition, for every patch type", () => {
    const { state, rv } = withDeployment();
    const stale = String(Number(rv) - 1);
    fails(state, patchReq({ metadata: { resourceVersion: stale }, spec: { replicas: 3 } }, { patchType: "strategic" }), 409);
    fails(state, { verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", patchType: "json", patch: [{ op: "replace", path: "/metadata/resourceVersion", value: stale }] }, 409);
    expect(ok(state, patchReq({ metadata: { resourceVersion: rv }, spec: { replicas: 3 } }, { patchType: "strategic" })).obj.spec.replicas).toBe(3);
  });

  it("patches the status subresource with a strategic patch (conditions merged by type) and a JSON patch", () => {
    const { state } = withDeployment();
    const s1 = ok(state, patchReq({ status: { conditions: [{ type: "Available", status: "True" }, { type: "Progressing", status: "True" }] } }, { patchType: "strategic", subresource: "status" }));
    const s2 = ok(s1.state, patchReq({ status: { conditions: [{ type: "Available", status: "False" }] }, spec: { replicas: 9 } }, { patchType: "strategic", subresource: "status" }));
    expect(s2.obj.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(["Available=False", "Progressing=True"]);
    expect(s2.obj.spec.replicas).toBe(2); // the status subresource keeps the spec
    const s3 = ok(s2.state, { verb: "patch", resource: DEPLOYMENTS, namespace: "default", name: "web", subresource: "status", patchType: "json", patch: [{ op: "add", path: "/status/observedGeneration", value: 1 }] });
    expect(s3.obj.status.observedGeneration).toBe(1);
  });

  it("an invalid result is 422 as for an update; a patch that changes nothing answers 200 with the stored object", () => {
    const { state } = withDeployment();
    const st = fails(state, patchReq({ spec: { replicas: -1 } }, { patchType: "strategic" }), 422);
    expect(st.reason).toBe("Invalid");
    const before = ok(state, { verb: "get", resource: DEPLOYMENTS, namespace: "default", name: "web" }).obj;
    const same = ok(state, patchReq({ spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1" }] } } } }, { patchType: "strategic" }));
    expect(same.obj).toEqual(before);
    expect(same.state.store).toBe(state.store);
  });

  it("server-side apply is 415 UnsupportedMediaType saying kubeprop does not support it", () => {
    const st = fails(withDeployment().state, patchReq(deployment, { patchType: "apply" }), 415);
    expect(st.reason).toBe("UnsupportedMediaType");
    expect(st.message).toBe(SERVER_SIDE_APPLY_UNSUPPORTED);
  });
});

describe("patch types of a custom resource", () => {
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true }] },
  };
  const withWidget = () => {
    const s = ok(cluster(), { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd }).state;
    return ok(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec: { size: 3, parts: ["a"] } } }).state;
  };
  const req = (extra: object): ApiRequest => ({ verb: "patch", resource: "widgets.example.com", namespace: "default", name: "w1", ...extra }) as ApiRequest;

  it("refuses a strategic merge patch with the CRD handler's 415 (its accepted patch types)", () => {
    const st = fails(withWidget(), req({ patchType: "strategic", patch: { spec: { size: 4 } } }), 415);
    expect(st.reason).toBe("UnsupportedMediaType");
    expect(st.message).toBe("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
  });

  it("takes merge and JSON patches", () => {
    const s = ok(withWidget(), req({ patch: { spec: { parts: ["b"] } } }));
    expect(s.obj.spec).toEqual({ size: 3, parts: ["b"] });
    expect(ok(s.state, req({ patchType: "json", patch: [{ op: "add", path: "/spec/parts/-", value: "c" }] })).obj.spec.parts).toEqual(["b", "c"]);
  });
});
