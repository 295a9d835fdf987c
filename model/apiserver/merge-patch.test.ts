/** JSON merge patch (RFC 7386): applying a patch, and making the patch between two documents. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMergePatch, mergePatch } from "./merge-patch.ts";

/** JSON objects without nulls (a merge patch cannot set a null: null means "remove"). */
const document = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie("value"), { maxLength: 3 }), tie("object")),
  object: fc.dictionary(fc.constantFrom("a", "b", "c", "d"), tie("value"), { maxKeys: 4 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

describe("createMergePatch", () => {
  it("makes the patch that turns one document into the other", () =>
    fc.assert(
      fc.property(document, document, (from, to) => {
        expect(mergePatch(from, createMergePatch(from, to))).toEqual(to);
      }),
    ));

  it("is empty between equal documents, whatever their keys' order", () => {
    expect(createMergePatch({ a: { x: 1, y: [1, 2] }, b: "s" }, { b: "s", a: { y: [1, 2], x: 1 } })).toEqual({});
  });

  it("removes with null, replaces lists whole, patches objects key by key", () => {
    expect(createMergePatch({ a: 1, b: [1, 2], c: { x: 1, y: 2 } }, { b: [2], c: { x: 1, y: 3 }, d: true })).toEqual({ a: null, b: [2], c: { y: 3 }, d: true });
  });
});
