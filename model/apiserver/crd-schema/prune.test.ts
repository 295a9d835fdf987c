/** Pruning, driven by the vectors of upstream's pruning/algorithm_test.go (TestPrune), and metadata pruning. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pruneObjectMeta } from "./object-meta.ts";
import { pruneUnknownFields } from "./prune.ts";
import type { JSONSchemaProps } from "./schema.ts";

interface PruneCase {
  readonly source: string;
  readonly json: unknown;
  readonly schema?: JSONSchemaProps;
  readonly isResourceRoot: boolean;
  readonly expectedObject: unknown;
  readonly expectedPruned: readonly string[];
}

const CASES: readonly PruneCase[] = JSON.parse(readFileSync(new URL("../../../test/fixtures/fidelity/crd-pruning.json", import.meta.url), "utf8"));

describe("pruneUnknownFields (pruning/algorithm.go)", () => {
  it("has the upstream vectors", () => expect(CASES.length).toBeGreaterThanOrEqual(11));
  for (const c of CASES) {
    it(c.source.slice(c.source.indexOf("#") + 1), () => {
      const before = JSON.stringify(c.json);
      const r = pruneUnknownFields(c.json, c.schema, c.isResourceRoot);
      expect(r.value).toEqual(c.expectedObject);
      expect(r.unknownFields).toEqual(c.expectedPruned);
      expect(JSON.stringify(c.json)).toBe(before); // pure: the input is left alone
    });
  }
});

describe("pruneObjectMeta (objectmeta GetObjectMetaWithOptions)", () => {
  it("keeps ObjectMeta's fields and reports the others as metadata.<field>", () => {
    const r = pruneObjectMeta({ name: "w", labels: { a: "b" }, colour: "red", finalizers: ["x"] });
    expect(r.value).toEqual({ name: "w", labels: { a: "b" }, finalizers: ["x"] });
    expect(r.unknownFields).toEqual(["metadata.colour"]);
  });
});
