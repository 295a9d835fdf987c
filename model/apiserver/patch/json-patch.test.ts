/** JSON patch (RFC 6902): the examples of the RFC's appendix A, and the answers upstream's handler gives. */
import { describe, expect, it } from "vitest";
import { JSON_PATCH_APPLY_FAILED, jsonPatch } from "./json-patch.ts";

/** RFC 6902 appendix A (A.13, a document with a duplicate "op" member, cannot be written as a JSON value here). */
const APPENDIX_A: ReadonlyArray<{ name: string; doc: unknown; patch: unknown[]; expected?: unknown }> = [
  { name: "A.1 adding an object member", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz", value: "qux" }], expected: { baz: "qux", foo: "bar" } },
  { name: "A.2 adding an array element", doc: { foo: ["bar", "baz"] }, patch: [{ op: "add", path: "/foo/1", value: "qux" }], expected: { foo: ["bar", "qux", "baz"] } },
  { name: "A.3 removing an object member", doc: { baz: "qux", foo: "bar" }, patch: [{ op: "remove", path: "/baz" }], expected: { foo: "bar" } },
  { name: "A.4 removing an array element", doc: { foo: ["bar", "qux", "baz"] }, patch: [{ op: "remove", path: "/foo/1" }], expected: { foo: ["bar", "baz"] } },
  { name: "A.5 replacing a value", doc: { baz: "qux", foo: "bar" }, patch: [{ op: "replace", path: "/baz", value: "boo" }], expected: { baz: "boo", foo: "bar" } },
  {
    name: "A.6 moving a value",
    doc: { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
    patch: [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }],
    expected: { foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } },
  },
  { name: "A.7 moving an array element", doc: { foo: ["all", "grass", "cows", "eat"] }, patch: [{ op: "move", from: "/foo/1", path: "/foo/3" }], expected: { foo: ["all", "cows", "eat", "grass"] } },
  {
    name: "A.8 testing a value: success",
    doc: { baz: "qux", foo: ["a", 2, "c"] },
    patch: [{ op: "test", path: "/baz", value: "qux" }, { op: "test", path: "/foo/1", value: 2 }],
    expected: { baz: "qux", foo: ["a", 2, "c"] },
  },
  { name: "A.9 testing a value: error", doc: { baz: "qux" }, patch: [{ op: "test", path: "/baz", value: "bar" }] },
  { name: "A.10 adding a nested member object", doc: { foo: "bar" }, patch: [{ op: "add", path: "/child", value: { grandchild: {} } }], expected: { foo: "bar", child: { grandchild: {} } } },
  { name: "A.11 ignoring unrecognized elements", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz", value: "qux", xyz: 123 }], expected: { foo: "bar", baz: "qux" } },
  { name: "A.12 adding to a nonexistent target", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz/bat", value: "qux" }] },
  { name: "A.14 ~ escape ordering", doc: { "/": 9, "~1": 10 }, patch: [{ op: "test", path: "/~01", value: 10 }], expected: { "/": 9, "~1": 10 } },
  { name: "A.15 comparing strings and numbers", doc: { "/": 9, "~1": 10 }, patch: [{ op: "test", path: "/~01", value: "10" }] },
  { name: "A.16 adding an array value", doc: { foo: ["bar"] }, patch: [{ op: "add", path: "/foo/-", value: ["abc", "def"] }], expected: { foo: ["bar", ["abc", "def"]] } },
];

describe("JSON patch, RFC 6902 appendix A", () => {
  it.each(APPENDIX_A.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const before = JSON.stringify(c.doc);
    const r = jsonPatch(c.doc, c.patch);
    if (c.expected === undefined) expect(r).toEqual({ ok: false, code: 422, message: JSON_PATCH_APPLY_FAILED });
    else expect(r).toEqual({ ok: true, document: c.expected });
    expect(JSON.stringify(c.doc)).toBe(before);
  });
});

describe("JSON patch as the API server answers it (handlers/patch.go)", () => {
  it("a body that is not a list of operations is 400, as jsonpatch.DecodePatch fails", () => {
    expect(jsonPatch({}, { op: "add" })).toEqual({ ok: false, code: 400, message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch" });
    expect(jsonPatch({}, ["add"])).toEqual({ ok: false, code: 400, message: "json: cannot unmarshal string into Go value of type jsonpatch.Operation" });
  });

  it("an unknown op, a missing path and a remove of a missing member are 422", () => {
    for (const op of [{ op: "frobnicate", path: "/a" }, { op: "add", value: 1 }, { op: "remove", path: "/nope" }, { op: "replace", path: "/nope", value: 1 }]) {
      expect(jsonPatch({ a: 1 }, [op])).toMatchObject({ ok: false, code: 422 });
    }
  });

  it("a test of a missing member against null passes, as evanphx/json-patch v4 compares them", () => {
    expect(jsonPatch({ a: 1 }, [{ op: "test", path: "/b", value: null }, { op: "add", path: "/c", value: 2 }])).toEqual({ ok: true, document: { a: 1, c: 2 } });
  });

  it("operations apply in order and a failure leaves nothing applied", () => {
    expect(jsonPatch({ a: [1] }, [{ op: "add", path: "/a/-", value: 2 }, { op: "copy", from: "/a", path: "/b" }])).toEqual({ ok: true, document: { a: [1, 2], b: [1, 2] } });
    const doc = { a: 1 };
    expect(jsonPatch(doc, [{ op: "replace", path: "/a", value: 2 }, { op: "test", path: "/a", value: 1 }])).toMatchObject({ ok: false });
    expect(doc).toEqual({ a: 1 });
  });
});
