import { describe, expect, it } from "vitest";
import { cluster, fails, ok } from "../../test/helpers.ts";
import type { ApiRequest } from "./request.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";
import { widgetCrd } from "./crd-schema/widget-crd.test-support.ts";

const template = { metadata: { labels: { app: "web", tier: "front" } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } };
const deployment: KObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] }, template } };
const replicaSet: KObject = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template } };
const rc: KObject = { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "web" }, spec: { replicas: 2, selector: { tier: "front", app: "web" }, template } };

const crd = (scale: boolean): KObject =>
  widgetCrd({
    subresources: scale ? { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" } } : { status: {} },
  });
const widget = (spec: Record<string, unknown> = { replicas: 2 }): KObject => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec });

/** A cluster with one object of `resource` (and the CRD first for widgets), and that object as stored. */
function withObject(resource: string, object: KObject, withCrd?: boolean): { state: State; obj: KObject } {
  let s = cluster();
  if (withCrd !== undefined) s = ok(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd(withCrd) }).state;
  return ok(s, { verb: "create", resource, namespace: "default", object });
}

const CASES = [
  { name: "deployment", resource: "deployments.apps", object: deployment, selector: "app=web,tier in (back,front)" },
  { name: "replicaset", resource: "replicasets.apps", object: replicaSet, selector: "app=web" },
  { name: "replicationcontroller", resource: "replicationcontrollers", object: rc, selector: "app=web,tier=front" },
] as const;

const scaleReq = (resource: string, verb: "get", name = "web"): ApiRequest => ({ verb, resource, namespace: "default", name, subresource: "scale" });

describe("scale subresource of the built-in workloads", () => {
  for (const c of CASES) {
    it(`${c.name}: get answers the autoscaling/v1 Scale of the object`, () => {
      const { state, obj } = withObject(c.resource, c.object);
      expect(ok(state, scaleReq(c.resource, "get")).obj).toEqual({
        apiVersion: "autoscaling/v1",
        kind: "Scale",
        metadata: { name: "web", namespace: "default", uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
        spec: { replicas: 2 },
        status: { replicas: 0, selector: c.selector },
      });
    });

    it(`${c.name}: an update of the Scale changes only spec.replicas of the object`, () => {
      const { state, obj } = withObject(c.resource, c.object);
      const scale = ok(state, scaleReq(c.resource, "get")).obj;
      const r = ok(state, { verb: "update", resource: c.resource, namespace: "default", name: "web", subresource: "scale", object: { ...scale, spec: { replicas: 5 }, status: { replicas: 99 } } });
      const after = ok(r.state, { verb: "get", resource: c.resource, namespace: "default", name: "web" }).obj;
      expect(after.spec).toEqual({ ...obj.spec, replicas: 5 });
      expect(after.status).toEqual(obj.status);
      expect(after.metadata.generation).toBe((obj.metadata.generation ?? 0) + 1);
      expect(r.obj.spec).toEqual({ replicas: 5 });
      expect(r.obj.status.replicas).toBe(0);
      expect(r.obj.metadata.resourceVersion).toBe(after.metadata.resourceVersion);
      expect(r.obj.metadata.resourceVersion).not.toBe(scale.metadata.resourceVersion);
    });

    it(`${c.name}: a merge patch of the Scale (kubectl scale) sets the replicas`, () => {
      const { state } = withObject(c.resource, c.object);
      const r = ok(state, { verb: "patch", resource: c.resource, namespace: "default", name: "web", subresource: "scale", patch: { spec: { replicas: 3 } } });
      expect(r.obj.kind).toBe("Scale");
      expect(r.obj.spec).toEqual({ replicas: 3 });
      expect(ok(r.state, { verb: "get", resource: c.resource, namespace: "default", name: "web" }).obj.spec.replicas).toBe(3);
      // Scaling to zero: spec.replicas is omitempty in autoscaling/v1.
      const z = ok(r.state, { verb: "patch", resource: c.resource, namespace: "default", name: "web", subresource: "scale", patch: { spec: { replicas: 0 } } });
      expect(z.obj.spec).toEqual({});
      expect(ok(z.state, { verb: "get", resource: c.resource, namespace: "default", name: "web" }).obj.spec.replicas).toBe(0);
    });

    it(`${c.name}: a stale resourceVersion in the Scale is a 409 Conflict`, () => {
      const { state } = withObject(c.resource, c.object);
      const scale = ok(state, scaleReq(c.resource, "get")).obj;
      const moved = ok(state, { verb: "patch", resource: c.resource, namespace: "default", name: "web", subresource: "scale", patch: { spec: { replicas: 4 } } }).state;
      const st = fails(moved, { verb: "update", resource: c.resource, namespace: "default", name: "web", subresource: "scale", object: { ...scale, spec: { replicas: 6 } } }, 409);
      expect(st.reason).toBe("Conflict");
      expect(st.message).toBe(`Operation cannot be fulfilled on ${c.resource} "web": the object has been modified; please apply your changes to the latest version and try again`);
      // A patch naming the stale resourceVersion is refused the same way.
      fails(moved, { verb: "patch", resource: c.resource, namespace: "default", name: "web", subresource: "scale", patch: { metadata: { resourceVersion: scale.metadata.resourceVersion }, spec: { replicas: 6 } } }, 409);
    });

    it(`${c.name}: negative replicas are 422 with ValidateScale's field and message`, () => {
      const { state } = withObject(c.resource, c.object);
      const st = fails(state, { verb: "patch", resource: c.resource, namespace: "default", name: "web", subresource: "scale", patch: { spec: { replicas: -1 } } }, 422);
      expect(st.reason).toBe("Invalid");
      expect(st.message).toBe('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
      expect(st.details).toEqual({ name: "web", group: "autoscaling", kind: "Scale", causes: [{ type: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" }] });
    });

    it(`${c.name}: a missing object is 404 on get, update and patch`, () => {
      const { state } = withObject(c.resource, c.object);
      const msg = `${c.resource} "nope" not found`;
      expect(fails(state, scaleReq(c.resource, "get", "nope"), 404).message).toBe(msg);
      expect(fails(state, { verb: "update", resource: c.resource, namespace: "default", name: "nope", subresource: "scale", object: { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "nope" }, spec: { replicas: 1 } } }, 404).message).toBe(msg);
      expect(fails(state, { verb: "patch", resource: c.resource, namespace: "default", name: "nope", subresource: "scale", patch: { spec: { replicas: 1 } } }, 404).message).toBe(msg);
    });
  }

  it("a UID precondition that does not hold is a 409 on <resource>/scale", () => {
    const { state, obj } = withObject("deployments.apps", deployment);
    const st = fails(state, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", subresource: "scale", patch: { metadata: { uid: "other" }, spec: { replicas: 1 } } }, 409);
    expect(st.message).toBe(`Operation cannot be fulfilled on deployments/scale.apps "web": Precondition failed: UID in precondition: other, UID in object meta: ${obj.metadata.uid}`);
  });

  it("a Scale named differently from the URL is a 400", () => {
    const { state } = withObject("deployments.apps", deployment);
    const st = fails(state, { verb: "update", resource: "deployments.apps", namespace: "default", name: "web", subresource: "scale", object: { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "db" }, spec: { replicas: 1 } } }, 400);
    expect(st.message).toBe("the name of the object (db) does not match the name on the URL (web)");
  });

  it("a resource without /scale (pods) is a 404 for the path", () => {
    let s = cluster();
    s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" } } }).state;
    const st = fails(s, { verb: "get", resource: "configmaps", namespace: "default", name: "web", subresource: "scale" }, 404);
    expect(st.message).toBe("the server could not find the requested resource");
  });
});

describe("scale subresource of a custom resource", () => {
  const W = "widgets.example.com";

  it("get reads the CRD's specReplicasPath, statusReplicasPath and labelSelectorPath", () => {
    let { state, obj } = withObject(W, widget(), true);
    state = ok(state, { verb: "update", resource: W, namespace: "default", name: "w1", subresource: "status", object: { ...obj, status: { replicas: 1, selector: "app=w1" } } }).state;
    const live = ok(state, { verb: "get", resource: W, namespace: "default", name: "w1" }).obj;
    expect(ok(state, { verb: "get", resource: W, namespace: "default", name: "w1", subresource: "scale" }).obj).toEqual({
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: { name: "w1", namespace: "default", uid: obj.metadata.uid, resourceVersion: live.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
      spec: { replicas: 2 },
      status: { replicas: 1, selector: "app=w1" },
    });
  });

  it("update and merge patch set the field at specReplicasPath and nothing else", () => {
    const { state, obj } = withObject(W, widget({ replicas: 2, size: "L" }), true);
    const scale = ok(state, { verb: "get", resource: W, namespace: "default", name: "w1", subresource: "scale" }).obj;
    const u = ok(state, { verb: "update", resource: W, namespace: "default", name: "w1", subresource: "scale", object: { ...scale, spec: { replicas: 7 } } });
    expect(u.obj.spec).toEqual({ replicas: 7 });
    expect(ok(u.state, { verb: "get", resource: W, namespace: "default", name: "w1" }).obj.spec).toEqual({ replicas: 7, size: "L" });
    const p = ok(u.state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { spec: { replicas: 1 } } });
    const live = ok(p.state, { verb: "get", resource: W, namespace: "default", name: "w1" }).obj;
    expect(live.spec).toEqual({ replicas: 1, size: "L" });
    expect(live.metadata.generation).toBe((obj.metadata.generation ?? 0) + 2);
  });

  it("a stale resourceVersion is 409, negative replicas 422 with the CRD's path, a missing object 404", () => {
    const { state } = withObject(W, widget(), true);
    const scale = ok(state, { verb: "get", resource: W, namespace: "default", name: "w1", subresource: "scale" }).obj;
    const moved = ok(state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { spec: { replicas: 4 } } }).state;
    expect(fails(moved, { verb: "update", resource: W, namespace: "default", name: "w1", subresource: "scale", object: { ...scale, spec: { replicas: 6 } } }, 409).message).toBe(
      'Operation cannot be fulfilled on widgets.example.com "w1": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(fails(state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { spec: { replicas: -1 } } }, 422).message).toBe(
      'Widget.example.com "w1" is invalid: .spec.replicas: Invalid value: -1: should be a non-negative integer',
    );
    expect(fails(state, { verb: "get", resource: W, namespace: "default", name: "nope", subresource: "scale" }, 404).message).toBe('widgets.example.com "nope" not found');
  });

  it("an object without the replicas field: get is a 500, a patch that does not set it a 400, one that does succeeds", () => {
    const { state } = withObject(W, widget({ size: "L" }), true);
    const g = fails(state, { verb: "get", resource: W, namespace: "default", name: "w1", subresource: "scale" }, 500);
    expect(g.message).toBe('Internal error occurred: the spec replicas field ".spec.replicas" does not exist');
    const p = fails(state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { metadata: { labels: { a: "b" } } } }, 400);
    expect(p.message).toBe('the spec replicas field ".spec.replicas" cannot be empty');
    const set = ok(state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { spec: { replicas: 2 } } });
    expect(ok(set.state, { verb: "get", resource: W, namespace: "default", name: "w1" }).obj.spec).toEqual({ size: "L", replicas: 2 });
  });

  it("a CRD without subresources.scale answers 404 for its objects' /scale, as the CRD handler does", () => {
    const { state } = withObject(W, widget(), false);
    const st = fails(state, { verb: "get", resource: W, namespace: "default", name: "w1", subresource: "scale" }, 404);
    expect(st.message).toBe('widgets.example.com "w1" not found');
    fails(state, { verb: "patch", resource: W, namespace: "default", name: "w1", subresource: "scale", patch: { spec: { replicas: 3 } } }, 404);
  });
});
