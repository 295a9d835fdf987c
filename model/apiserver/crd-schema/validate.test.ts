/**
 * One schema keyword at a time, through the API server: a valid custom resource is stored, an invalid one is
 * answered 422 with upstream's words (kube-openapi's "in body" messages inside apimachinery's field errors).
 */
import { describe, expect, it } from "vitest";
import { handle } from "../handle.ts";
import { isStatus } from "../status.ts";
import type { JSONSchemaProps } from "./schema.ts";
import { createWidget, widget, withWidgetCrd } from "./widget-crd.test-support.ts";

interface Row {
  readonly keyword: string;
  readonly schema: JSONSchemaProps;
  readonly valid: unknown;
  readonly invalid: unknown;
  /** The 422 message after `Widget.example.com "w" is invalid: `. */
  readonly message: string;
}

const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({ type: "object", properties, ...extra });

const ROWS: readonly Row[] = [
  { keyword: "type integer", schema: obj({ size: { type: "integer" } }), valid: { size: 3 }, invalid: { size: "3" }, message: `spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"` },
  { keyword: "type integer refuses a fraction", schema: obj({ size: { type: "integer" } }), valid: { size: 3.0 }, invalid: { size: 3.5 }, message: `spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"` },
  { keyword: "type number takes an integer", schema: obj({ ratio: { type: "number" } }), valid: { ratio: 2 }, invalid: { ratio: true }, message: `spec.ratio: Invalid value: "boolean": spec.ratio in body must be of type number: "boolean"` },
  { keyword: "type string", schema: obj({ name: { type: "string" } }), valid: { name: "a" }, invalid: { name: 1 }, message: `spec.name: Invalid value: "integer": spec.name in body must be of type string: "integer"` },
  { keyword: "type boolean", schema: obj({ on: { type: "boolean" } }), valid: { on: false }, invalid: { on: "yes" }, message: `spec.on: Invalid value: "string": spec.on in body must be of type boolean: "string"` },
  { keyword: "type array", schema: obj({ tags: { type: "array", items: { type: "string" } } }), valid: { tags: ["a"] }, invalid: { tags: "a" }, message: `spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"` },
  { keyword: "type object", schema: obj({ spec2: { type: "object" } }), valid: { spec2: {} }, invalid: { spec2: [] }, message: `spec.spec2: Invalid value: "array": spec.spec2 in body must be of type object: "array"` },
  { keyword: "required", schema: obj({ name: { type: "string" } }, { required: ["name"] }), valid: { name: "a" }, invalid: {}, message: `spec.name: Required value` },
  { keyword: "items", schema: obj({ ports: { type: "array", items: { type: "integer" } } }), valid: { ports: [1, 2] }, invalid: { ports: [1, "x"] }, message: `spec.ports[1]: Invalid value: "string": spec.ports[1] in body must be of type integer: "string"` },
  { keyword: "additionalProperties", schema: obj({ env: { type: "object", additionalProperties: { type: "string" } } }), valid: { env: { A: "1" } }, invalid: { env: { A: 1 } }, message: `spec.env.A: Invalid value: "integer": spec.env.A in body must be of type string: "integer"` },
  { keyword: "minimum", schema: obj({ replicas: { type: "integer", minimum: 1 } }), valid: { replicas: 1 }, invalid: { replicas: 0 }, message: `spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1` },
  { keyword: "exclusiveMinimum", schema: obj({ replicas: { type: "integer", minimum: 1, exclusiveMinimum: true } }), valid: { replicas: 2 }, invalid: { replicas: 1 }, message: `spec.replicas: Invalid value: 1: spec.replicas in body should be greater than 1` },
  { keyword: "maximum", schema: obj({ replicas: { type: "integer", maximum: 10 } }), valid: { replicas: 10 }, invalid: { replicas: 11 }, message: `spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10` },
  { keyword: "exclusiveMaximum", schema: obj({ ratio: { type: "number", maximum: 1.5, exclusiveMaximum: true } }), valid: { ratio: 1.25 }, invalid: { ratio: 1.5 }, message: `spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5` },
  { keyword: "maximum of a float, printed as Go's %v", schema: obj({ ratio: { type: "number", maximum: 1000000 } }), valid: { ratio: 0.5 }, invalid: { ratio: 1000000.5 }, message: `spec.ratio: Invalid value: 1000000.5: spec.ratio in body should be less than or equal to 1e+06` },
  { keyword: "multipleOf", schema: obj({ n: { type: "integer", multipleOf: 5 } }), valid: { n: 10 }, invalid: { n: 7 }, message: `spec.n: Invalid value: 7: spec.n in body should be a multiple of 5` },
  { keyword: "minLength", schema: obj({ name: { type: "string", minLength: 3 } }), valid: { name: "abc" }, invalid: { name: "ab" }, message: `spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long` },
  { keyword: "maxLength", schema: obj({ name: { type: "string", maxLength: 3 } }), valid: { name: "äöü" }, invalid: { name: "abcd" }, message: `spec.name: Too long: value is too long` },
  { keyword: "minItems", schema: obj({ tags: { type: "array", minItems: 2, items: { type: "string" } } }), valid: { tags: ["a", "b"] }, invalid: { tags: ["a"] }, message: `spec.tags: Invalid value: 1: spec.tags in body should have at least 2 items` },
  { keyword: "maxItems", schema: obj({ tags: { type: "array", maxItems: 1, items: { type: "string" } } }), valid: { tags: ["a"] }, invalid: { tags: ["a", "b"] }, message: `spec.tags: Too many: 2: has too many items` },
  { keyword: "uniqueItems", schema: obj({ tags: { type: "array", uniqueItems: true, items: { type: "string" } } }), valid: { tags: ["a", "b"] }, invalid: { tags: ["a", "a"] }, message: `spec.tags: Invalid value: "": spec.tags in body shouldn't contain duplicates` },
  { keyword: "enum", schema: obj({ color: { type: "string", enum: ["red", "blue"] } }), valid: { color: "blue" }, invalid: { color: "pink" }, message: `spec.color: Unsupported value: "pink": supported values: "red", "blue"` },
  { keyword: "enum of numbers", schema: obj({ n: { type: "integer", enum: [1, 2] } }), valid: { n: 2 }, invalid: { n: 3 }, message: `spec.n: Unsupported value: 3: supported values: "1", "2"` },
  { keyword: "pattern", schema: obj({ id: { type: "string", pattern: "^[a-z]+$" } }), valid: { id: "abc" }, invalid: { id: "ABC" }, message: `spec.id: Invalid value: "ABC": spec.id in body should match '^[a-z]+$'` },
  { keyword: "format date-time", schema: obj({ at: { type: "string", format: "date-time" } }), valid: { at: "2026-01-01T00:00:00Z" }, invalid: { at: "yesterday" }, message: `spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"` },
  { keyword: "format uuid", schema: obj({ id: { type: "string", format: "uuid" } }), valid: { id: "123e4567-e89b-12d3-a456-426614174000" }, invalid: { id: "123" }, message: `spec.id: Invalid value: "123": spec.id in body must be of type uuid: "123"` },
  { keyword: "format ipv4", schema: obj({ ip: { type: "string", format: "ipv4" } }), valid: { ip: "10.0.0.1" }, invalid: { ip: "10.0.0.256" }, message: `spec.ip: Invalid value: "10.0.0.256": spec.ip in body must be of type ipv4: "10.0.0.256"` },
  { keyword: "nullable", schema: obj({ note: { type: "string", nullable: true }, other: { type: "object", properties: { x: { type: "string" } } } }), valid: { note: null }, invalid: { other: { x: ["y"] } }, message: `spec.other.x: Invalid value: "array": spec.other.x in body must be of type string: "array"` },
  { keyword: "x-kubernetes-int-or-string", schema: obj({ port: { "x-kubernetes-int-or-string": true } }), valid: { port: "http" }, invalid: { port: 1.5 }, message: `spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"` },
  { keyword: "maxProperties", schema: obj({ labels: { type: "object", maxProperties: 1, additionalProperties: { type: "string" } } }), valid: { labels: { a: "1" } }, invalid: { labels: { a: "1", b: "2" } }, message: `spec.labels: Too many: 2: has too many items` },
];

describe("a custom resource is validated against its CRD's openAPIV3Schema", () => {
  for (const row of ROWS) {
    it(row.keyword, () => {
      const s = withWidgetCrd(row.schema);
      const good = createWidget(s, widget(row.valid));
      expect(isStatus(good.result) ? good.result.message : "stored").toBe("stored");
      const bad = createWidget(s, widget(row.invalid));
      expect(isStatus(bad.result)).toBe(true);
      if (!isStatus(bad.result)) return;
      expect(bad.result.code).toBe(422);
      expect(bad.result.reason).toBe("Invalid");
      expect(bad.result.message).toBe(`Widget.example.com "w" is invalid: ${row.message}`);
      expect(handle(bad.state, { verb: "get", resource: "widgets.example.com", namespace: "default", name: "w" }).result).toMatchObject({ code: 404 });
    });
  }

  it("lists several errors in brackets, metadata errors first, and gives one cause per field", () => {
    const s = withWidgetCrd(obj({ replicas: { type: "integer", minimum: 1 }, color: { type: "string", enum: ["red"] } }, { required: ["name"] }));
    const r = createWidget(s, { ...widget({ replicas: 0, color: "pink" }), metadata: { name: "W_1" } });
    expect(isStatus(r.result) && r.result.message).toBe(
      `Widget.example.com "W_1" is invalid: [metadata.name: Invalid value: "W_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1, spec.color: Unsupported value: "pink": supported values: "red", spec.name: Required value]`,
    );
    expect(isStatus(r.result) && r.result.details?.causes?.map((c) => [c.type, c.field])).toEqual([
      ["FieldValueInvalid", "metadata.name"],
      ["FieldValueInvalid", "spec.replicas"],
      ["FieldValueNotSupported", "spec.color"],
      ["FieldValueRequired", "spec.name"],
    ]);
  });

  it("compares integer data with a fractional bound truncated, as MinimumNativeType does", () => {
    const s = withWidgetCrd(obj({ n: { type: "integer", minimum: 1.5 } }));
    // int64(1.5) = 1: upstream lets 1 through and words the bound as 1.
    expect(isStatus(createWidget(s, widget({ n: 1 })).result)).toBe(false);
    const r = createWidget(s, widget({ n: 0 }));
    expect(isStatus(r.result) && r.result.message).toBe(`Widget.example.com "w" is invalid: spec.n: Invalid value: 0: spec.n in body should be greater than or equal to 1`);
  });

  it("refuses a null where the schema does not allow one only when it cannot be dropped (a list item)", () => {
    const s = withWidgetCrd(obj({ tags: { type: "array", items: { type: "string" } }, note: { type: "string" } }));
    const dropped = createWidget(s, widget({ note: null }));
    expect(!isStatus(dropped.result) && dropped.result.spec).toEqual({});
    const r = createWidget(s, widget({ tags: [null] }));
    expect(isStatus(r.result) && r.result.message).toBe(`Widget.example.com "w" is invalid: spec.tags[0]: Invalid value: "null": spec.tags[0] in body must be of type string: "null"`);
  });
});
