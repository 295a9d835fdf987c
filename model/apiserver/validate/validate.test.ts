/**
 * Table test of the kind validators against test/fixtures/fidelity/core-validation.json (ConfigMap, Secret, Pod
 * containers/volumes/scheduling, Service, Deployment; rows modelled on pkg/apis/core/validation/validation_test.go
 * and pkg/apis/apps/validation/validation_test.go), asserting the exact 422 message, plus the path a manifest
 * takes through the API server's front door.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KObject } from "../../objects/types.ts";
import { applyDefaults } from "../defaults.ts";
import { BUILTIN_RESOURCES } from "../resources.ts";
import { invalidStatus } from "../status.ts";
import { validateCreate, validateUpdate } from "./index.ts";
import { isConfigMapKey } from "../../validation/names.ts";
import { cluster, fails, ok } from "../../../test/helpers.ts";

interface Row {
  kind: string;
  function: string;
  source: string;
  object: KObject;
  old?: KObject;
  expected: string | null;
}

/** Expands the `{repeat, times}` stand-in for a Go strings.Repeat value. */
const expand = (x: any): any =>
  Array.isArray(x) ? x.map(expand) : x && typeof x === "object" ? ("repeat" in x && "times" in x ? String(x.repeat).repeat(x.times) : Object.fromEntries(Object.entries(x).map(([k, v]) => [k, expand(v)]))) : x;

const rows: Row[] = expand(JSON.parse(readFileSync(new URL("../../../test/fixtures/fidelity/core-validation.json", import.meta.url), "utf8")));
const info = (kind: string) => BUILTIN_RESOURCES.find((r) => r.kind === kind)!;

describe("core-validation.json", () => {
  it("has rows for every kind it names", () => {
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["ConfigMap", "Secret", "Pod", "Service", "Deployment"]));
  });
  for (const row of rows) {
    it(`${row.function}: ${row.source.replace(/^.*#/, "")}`, () => {
      const i = info(row.kind);
      const errs = row.old ? validateUpdate(i, applyDefaults(row.object), applyDefaults(row.old)) : validateCreate(i, applyDefaults(row.object));
      const message = errs.length === 0 ? null : invalidStatus(i.group, i.kind, "x", errs).message;
      expect(message).toBe(row.expected);
    });
  }
});

describe("validation through the API server", () => {
  const configMap = (data: Record<string, string>): KObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data }) as KObject;

  it("refuses a ConfigMap key with a space with the 422 kubectl prints, and stores nothing", () => {
    const st = fails(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: configMap({ "log level": "debug" }) }, 422);
    expect(st.reason).toBe("Invalid");
    expect(st.message).toBe(
      `ConfigMap "app-config" is invalid: data[log level]: Invalid value: "log level": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
    expect(st.details?.causes).toEqual([
      { type: "FieldValueInvalid", field: "data[log level]", message: expect.stringContaining('Invalid value: "log level"') },
    ]);
  });

  it("refuses a probe with two handlers inside a Deployment's template", () => {
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx:1.25", readinessProbe: { httpGet: { path: "/", port: 80 }, exec: { command: ["true"] } } }] },
        },
      },
    } as unknown as KObject;
    const st = fails(cluster(), { verb: "create", resource: "deployments.apps", namespace: "default", object: dep }, 422);
    expect(st.message).toBe('Deployment.apps "web" is invalid: spec.template.spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type');
  });

  it("lets an immutable ConfigMap change its labels but not its data", () => {
    const created = ok(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: { ...configMap({ a: "1" }), immutable: true } as KObject });
    const relabelled = { ...created.obj, metadata: { ...created.obj.metadata, labels: { tier: "x" } } };
    const after = ok(created.state, { verb: "update", resource: "configmaps", namespace: "default", name: "app-config", object: relabelled });
    const changed = { ...after.obj, data: { a: "2" } } as KObject;
    const st = fails(after.state, { verb: "update", resource: "configmaps", namespace: "default", name: "app-config", object: changed }, 422);
    expect(st.message).toBe('ConfigMap "app-config" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it("repeated identical errors are reported once, as ErrorList.ToAggregate drops repeats", () => {
    const st = invalidStatus("", "Pod", "p", [
      { type: "FieldValueRequired", field: "spec.x", detail: "" },
      { type: "FieldValueRequired", field: "spec.x", detail: "" },
    ]);
    expect(st.message).toBe('Pod "p" is invalid: spec.x: Required value');
    expect(st.details?.causes).toHaveLength(2);
  });
});

describe("isConfigMapKey", () => {
  it("accepts exactly the keys made of [-._a-zA-Z0-9] that do not start with '..' (and are at most 253 bytes)", () =>
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (key) => {
        const expectValid = key.length > 0 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== "." && !key.startsWith("..");
        expect(isConfigMapKey(key).length === 0).toBe(expectValid);
      }),
    ));
});
