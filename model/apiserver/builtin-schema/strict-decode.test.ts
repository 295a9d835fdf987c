/**
 * Strict decoding of the built-in kinds (strict-decode.ts, decode.ts): unknown fields under each field validation
 * directive for create, update and patch (k8s.io/apiserver/pkg/endpoints/handlers create.go, update.go, patch.go,
 * rest.go fieldValidation), wrong types as encoding/json words them (decode.go literalStore/object/array), and a
 * realistic manifest set that decodes with nothing to report. test/field-validation-fidelity.test.ts drives
 * Kubernetes' own TestFieldValidation vectors.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../handle.ts";
import type { FieldValidation } from "../request.ts";
import type { KObject } from "../../objects/types.ts";
import { builtinMessageOf, decodeBuiltin } from "./strict-decode.ts";
import { BUILTIN_KIND_MESSAGES, BUILTIN_MESSAGES } from "./fields.generated.ts";
import { REALISTIC_MANIFESTS } from "./realistic-manifests.test-support.ts";

const deployment = (spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KObject =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } }, ...spec },
    ...extra,
  }) as unknown as KObject;
const fv = (v: FieldValidation | undefined) => (v ? { fieldValidation: v } : {});
const create = (obj: KObject, v?: FieldValidation) => handle(bootstrap(), { verb: "create", resource: "deployments.apps", namespace: "default", object: obj, ...fv(v) });
const REPLICAZ = 'unknown field "spec.replicaz"';

describe("unknown fields of a built-in kind, by field validation directive", () => {
  it("Strict: create is 400 naming the field as the strict decoder does, and nothing is written", () => {
    const r = create(deployment({ replicaz: 3 }), "Strict");
    expect(r.result).toMatchObject({ kind: "Status", code: 400, reason: "BadRequest", message: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${REPLICAZ}` });
    expect(handle(r.state, { verb: "get", resource: "deployments.apps", namespace: "default", name: "web" }).result).toMatchObject({ kind: "Status", code: 404 });
  });

  it("Strict: a list element's field is named with its index, several fields in the body's order", () => {
    const d = deployment({ replicaz: 3, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a", image: "x" }, { name: "b", imagee: "y" }] } } });
    const r = create(d, "Strict");
    expect((r.result as any).message).toBe(
      // The spread keeps "template" where the base object has it, before the appended "replicaz".
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[1].imagee", unknown field "spec.replicaz"',
    );
  });

  it.each([["Warn"], [undefined]] as const)("%s: created without the field, each unknown field a warning", (v) => {
    const r = create(deployment({ replicaz: 3 }, { extra: true }), v);
    expect(r.result.kind).toBe("Deployment");
    expect((r.result as any).spec.replicaz).toBeUndefined();
    expect((r.result as any).extra).toBeUndefined();
    expect(r.warnings).toEqual([REPLICAZ, 'unknown field "extra"']);
  });

  it("Ignore: created without the field, silently", () => {
    const r = create(deployment({ replicaz: 3 }), "Ignore");
    expect((r.result as any).spec.replicaz).toBeUndefined();
    expect(r.warnings).toBeUndefined();
  });

  it.each([["Strict"], ["Warn"], ["Ignore"], [undefined]] as const)("update with %s", (v) => {
    const s = create(deployment()).state;
    const r = handle(s, { verb: "update", resource: "deployments.apps", namespace: "default", name: "web", object: deployment({ replicas: 2, replicaz: 3 }), ...fv(v) });
    if (v === "Strict") {
      expect((r.result as any).message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${REPLICAZ}`);
      expect(r.state).toBe(s);
      return;
    }
    expect((r.result as any).spec).toMatchObject({ replicas: 2 });
    expect((r.result as any).spec.replicaz).toBeUndefined();
    expect(r.warnings ?? []).toEqual(v === "Ignore" ? [] : [REPLICAZ]);
  });

  it.each([
    ["merge", "Strict"],
    ["strategic", "Strict"],
    ["merge", "Warn"],
    ["strategic", undefined],
    ["merge", "Ignore"],
  ] as const)("a %s patch with %s whose result has an unknown field", (patchType, v) => {
    const s = create(deployment()).state;
    const r = handle(s, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { replicas: 4, replicaz: 3 } }, patchType, ...fv(v) });
    if (v === "Strict") {
      // handlers/patch.go: NewInvalid(GroupKind{}, "", field.Invalid("patch", <patched JSON>, strict decoding error)).
      expect(r.result).toMatchObject({ code: 422, reason: "Invalid" });
      expect((r.result as any).message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.replicaz"$/);
      expect(r.state).toBe(s);
      return;
    }
    expect((r.result as any).spec.replicas).toBe(4);
    expect((r.result as any).spec.replicaz).toBeUndefined();
    expect(r.warnings ?? []).toEqual(v === "Ignore" ? [] : [REPLICAZ]);
  });

  it("what is stored has no unknown field (a later get shows none)", () => {
    const s = create(deployment({ replicaz: 3 }), "Warn").state;
    const got = handle(s, { verb: "get", resource: "deployments.apps", namespace: "default", name: "web" }).result as any;
    expect(got.spec.replicaz).toBeUndefined();
    expect(got.spec.replicas).toBe(1);
  });

  it("field names are case-sensitive: Replicas is unknown", () => {
    expect(decodeBuiltin("Deployment", deployment({ Replicas: 3 }) as any).strictErrors).toEqual(['unknown field "spec.Replicas"']);
  });
});

describe("values that do not fit their Go type (encoding/json UnmarshalTypeError)", () => {
  const why = (obj: KObject) => decodeBuiltin("Deployment", obj as unknown as Record<string, unknown>).typeError;
  const podSpec = (spec: Record<string, unknown>) => deployment({ template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } } });
  const container = (c: Record<string, unknown>) => deployment({ template: { spec: { containers: [{ name: "c", image: "nginx", ...c }] } } });
  it.each([
    ["int32 given a string", deployment({ minReadySeconds: "5" }), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.minReadySeconds of type int32"],
    ["int64 given a fraction", podSpec({ terminationGracePeriodSeconds: 1.5 }), "json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64"],
    ["bool given a string", deployment({ paused: "yes" }), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool"],
    ["string given a number", podSpec({ serviceAccountName: 7 }), "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.serviceAccountName of type string"],
    ["object given a string", deployment({ strategy: "Recreate" }), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy"],
    ["array given an object", container({ args: { a: 1 } }), "json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.args of type []string"],
    ["list of structs given a string", podSpec({ containers: "nginx" }), "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"],
    ["string in a list given a bool", container({ command: ["run", true] }), "json: cannot unmarshal bool into Go struct field Container.spec.template.spec.containers.command of type string"],
    ["map value given a number", deployment({}, { metadata: { name: "web", labels: { app: 1 } } }), "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"],
    ["field of an embedded struct", podSpec({ volumes: [{ name: "v", emptyDir: "x" }] }), "json: cannot unmarshal string into Go struct field Volume.spec.template.spec.volumes.VolumeSource.emptyDir of type v1.EmptyDirVolumeSource"],
    ["IntOrString given a bool", deployment({ strategy: { rollingUpdate: { maxSurge: true } } }), "json: cannot unmarshal bool into Go value of type int32"],
  ])("%s", (_name, obj, expected) => {
    expect(why(obj)).toBe(expected);
  });

  it("the first type error wins over strict errors, and is the 400 of a Strict create", () => {
    const r = create(deployment({ replicaz: 1, paused: "no" }), "Strict");
    expect((r.result as any).message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool');
  });

  it("a wrong type is refused whatever the directive", () => {
    expect((create(deployment({ paused: "no" }), "Ignore").result as any).code).toBe(400);
  });
});

describe("the field table", () => {
  it("a realistic manifest of every common kind decodes with no unknown field and no type error", () => {
    for (const m of REALISTIC_MANIFESTS) {
      const [group, version] = m.apiVersion.includes("/") ? m.apiVersion.split("/") : ["", m.apiVersion];
      const message = builtinMessageOf(group!, version!, m.kind);
      expect(message, m.kind).toBeDefined();
      const d = decodeBuiltin(message!, m as unknown as Record<string, unknown>);
      expect({ kind: m.kind, strict: d.strictErrors, type: d.typeError }).toEqual({ kind: m.kind, strict: [], type: undefined });
      expect(d.object).toEqual(m);
    }
  });

  it("names a message for every kind, and every message it names exists", () => {
    for (const message of Object.values(BUILTIN_KIND_MESSAGES)) expect(BUILTIN_MESSAGES[message], message).toBeDefined();
    for (const [name, m] of Object.entries(BUILTIN_MESSAGES)) {
      for (const [field, f] of Object.entries(m.fields)) {
        if (/^[A-Z]/.test(f.type)) expect(BUILTIN_MESSAGES[f.type], `${name}.${field}`).toBeDefined();
      }
    }
  });

  it("drops exactly the fields the table does not have, anywhere in the object", () =>
    fc.assert(
      fc.property(fc.stringMatching(/^x[a-zA-Z]{0,8}$/), fc.constantFrom("spec", "spec.template.spec", "metadata"), (key, at) => {
        const obj = structuredClone(deployment()) as any;
        const parent = at.split(".").reduce((o: any, k) => o[k], obj);
        parent[key] = 1;
        const d = decodeBuiltin("Deployment", obj);
        expect(d.strictErrors).toEqual([`unknown field "${at}.${key}"`]);
        expect(d.object).toEqual(deployment());
      }),
    ));
});
