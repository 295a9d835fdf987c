/**
 * The schema in the write path of a custom resource: pruning (and fieldValidation=Strict refusing instead),
 * defaults, and the status subresource.
 */
import { describe, expect, it } from "vitest";
import { ok } from "../../../test/helpers.ts";
import type { KObject } from "../../objects/types.ts";
import { handle } from "../handle.ts";
import { isStatus } from "../status.ts";
import { createWidget, widget, withWidgetCrd } from "./widget-crd.test-support.ts";

const SPEC = {
  type: "object",
  properties: {
    replicas: { type: "integer", default: 1, minimum: 0 },
    mode: { type: "string", default: "fast" },
    template: { type: "object", properties: { image: { type: "string" } } },
    extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    ports: { type: "array", items: { type: "object", properties: { port: { type: "integer" }, protocol: { type: "string", default: "TCP" } } } },
  },
} as const;
const STATUS = { type: "object", properties: { ready: { type: "integer", minimum: 0 } } } as const;

const get = (s: ReturnType<typeof withWidgetCrd>) => ok(s, { verb: "get", resource: "widgets.example.com", namespace: "default", name: "w" }).obj;

describe("pruning of unknown fields", () => {
  it("drops unknown fields (nested, in list items, in metadata) and keeps those under x-kubernetes-preserve-unknown-fields", () => {
    const s = withWidgetCrd(SPEC);
    const r = createWidget(s, {
      ...widget({ replicaz: 3, template: { image: "nginx", imagePullPolicy: "Always" }, extra: { anything: { goes: 1 } }, ports: [{ port: 80, nmae: "http" }] }),
      metadata: { name: "w", colour: "red" } as KObject["metadata"],
      topLevel: true,
    });
    expect(isStatus(r.result)).toBe(false);
    const w = get(r.state);
    expect(w.spec).toEqual({ replicas: 1, mode: "fast", template: { image: "nginx" }, extra: { anything: { goes: 1 } }, ports: [{ port: 80, protocol: "TCP" }] });
    expect(w.topLevel).toBeUndefined();
    expect((w.metadata as Record<string, unknown>).colour).toBeUndefined();
  });

  it("with fieldValidation=Strict answers 400 naming every unknown field, metadata's first", () => {
    const s = withWidgetCrd(SPEC);
    const r = createWidget(s, { ...widget({ replicaz: 3, template: { imag: "x" } }), metadata: { name: "w", colour: "red" } as KObject["metadata"] }, "Strict");
    expect(isStatus(r.result) && [r.result.code, r.result.reason, r.result.message]).toEqual([
      400,
      "BadRequest",
      `Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "metadata.colour", unknown field "spec.replicaz", unknown field "spec.template.imag"`,
    ]);
    // Strict with nothing unknown stores; Warn prunes as Ignore does (the model keeps no warnings).
    expect(isStatus(createWidget(s, widget({ replicas: 2 }), "Strict").result)).toBe(false);
    const warned = createWidget(s, widget({ replicaz: 3 }), "Warn");
    expect(!isStatus(warned.result) && warned.result.spec).toEqual({ replicas: 1, mode: "fast" });
  });

  it("with Strict refuses an update with unknown fields (400) and a patch whose result has them (422 naming the patch)", () => {
    let s = withWidgetCrd(SPEC);
    s = ok(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: widget({ replicas: 2 }) }).state;
    const live = get(s);
    const u = handle(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", object: { ...live, spec: { ...live.spec, replicaz: 4 } }, fieldValidation: "Strict" });
    expect(isStatus(u.result) && [u.result.code, u.result.message]).toEqual([400, `Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.replicaz"`]);
    const p = handle(s, { verb: "patch", resource: "widgets.example.com", namespace: "default", name: "w", patch: { spec: { replicaz: 4 } }, fieldValidation: "Strict" });
    expect(isStatus(p.result) && p.result.code).toBe(422);
    expect(isStatus(p.result) && p.result.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"example.com\/v1\\",.*\\"replicaz\\":4.*": strict decoding error: unknown field "spec.replicaz"$/);
    // Without Strict the same patch is pruned away: nothing changes, the stored object is answered.
    const q = handle(s, { verb: "patch", resource: "widgets.example.com", namespace: "default", name: "w", patch: { spec: { replicaz: 4 } } });
    expect(!isStatus(q.result) && q.result.spec).toEqual({ replicas: 2, mode: "fast" });
  });

  it("keeps everything when the CRD has no schema for the version", () => {
    let s = withWidgetCrd(SPEC);
    const crd = ok(s, { verb: "get", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }).obj;
    const versions = crd.spec.versions.map((v: Record<string, unknown>) => ({ ...v, schema: undefined }));
    s = ok(s, { verb: "update", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com", object: { ...crd, spec: { ...crd.spec, versions } } }).state;
    const r = createWidget(s, widget({ anything: "goes" }), "Strict");
    expect(!isStatus(r.result) && r.result.spec).toEqual({ anything: "goes" });
  });
});

describe("defaulting", () => {
  it("fills defaults on create and on update, and a null the schema does not allow takes the default", () => {
    let s = withWidgetCrd(SPEC);
    const c = createWidget(s, widget({ ports: [{ port: 80 }] }));
    expect(!isStatus(c.result) && c.result.spec).toEqual({ replicas: 1, mode: "fast", ports: [{ port: 80, protocol: "TCP" }] });
    s = c.state;
    const live = get(s);
    const u = ok(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", object: { ...live, spec: { mode: null, replicas: 5 } } });
    expect(u.obj.spec).toEqual({ replicas: 5, mode: "fast" });
    expect(u.obj.metadata.generation).toBe(2);
  });

  it("validates the defaulted object", () => {
    const s = withWidgetCrd({ type: "object", properties: { replicas: { type: "integer", default: -1, minimum: 0 } } });
    const r = createWidget(s, widget({}));
    expect(isStatus(r.result) && r.result.message).toBe(`Widget.example.com "w" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0`);
  });
});

describe("the status subresource", () => {
  it("keeps status on main-resource writes, spec on status writes, and validates only the status there", () => {
    let s = withWidgetCrd(SPEC, { status: STATUS, subresources: true });
    const c = createWidget(s, widget({ replicas: 2 }, { status: { ready: 7 } }));
    expect(!isStatus(c.result) && c.result.status).toBeUndefined(); // create cannot set status
    s = c.state;
    let live = get(s);
    s = ok(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", subresource: "status", object: { ...live, spec: { replicas: 9 }, status: { ready: 2, bogus: 1 } } }).state;
    live = get(s);
    expect([live.spec, live.status, live.metadata.generation]).toEqual([{ replicas: 2, mode: "fast" }, { ready: 2 }, 1]);
    const bad = handle(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", subresource: "status", object: { ...live, status: { ready: -1 } } });
    expect(isStatus(bad.result) && bad.result.message).toBe(`Widget.example.com "w" is invalid: status.ready: Invalid value: -1: ready in body should be greater than or equal to 0`);
    s = ok(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", object: { ...live, spec: { replicas: 3 }, status: { ready: 0 } } }).state;
    live = get(s);
    expect([live.spec.replicas, live.status, live.metadata.generation]).toEqual([3, { ready: 2 }, 2]);
  });

  it("without the status subresource, a status change is a change of the object: it bumps the generation", () => {
    let s = withWidgetCrd(SPEC, { status: STATUS });
    s = ok(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: widget({}, { status: { ready: 1 } }) }).state;
    const live = get(s);
    expect(live.status).toEqual({ ready: 1 });
    const u = ok(s, { verb: "update", resource: "widgets.example.com", namespace: "default", name: "w", object: { ...live, status: { ready: 2 } } });
    expect([u.obj.status, u.obj.metadata.generation]).toEqual([{ ready: 2 }, 2]);
  });
});
