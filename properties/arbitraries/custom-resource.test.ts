/** customResourceArb: custom resources generated from their CRD's OpenAPI v3 schema. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";
import type { KObject } from "../../model/objects/types.ts";
import { initialState } from "../../model/scenario/run.ts";
import { handle } from "../../model/apiserver/handle.ts";
import { isStatus } from "../../model/apiserver/status.ts";
import { InputError } from "../input-error.ts";
import { ROOT } from "../../test/cli-run.ts";
import { customResourceArb } from "./custom-resource.ts";

const FILE = join(ROOT, "test/fixtures/crds/gadgets.yaml");
const CRD = parseAllDocuments(readFileSync(FILE, "utf8"))[1]!.toJS() as KObject;

interface GadgetSpec {
  size: number;
  weight?: number;
  ratio?: number;
  mode: string;
  code?: string;
  nick?: string;
  since?: string;
  port?: number | string;
  note?: string | null;
  enabled?: boolean;
  tags?: string[];
  ports?: { name: string; port?: number }[];
  labels?: Record<string, string>;
  extra?: Record<string, unknown>;
}

describe("customResourceArb", () => {
  it("generates objects of the storage version that keep every keyword of the schema", () =>
    fc.assert(
      fc.property(customResourceArb(FILE, { names: ["one", "two"], namespace: "team" }), (o) => {
        expect(o.apiVersion).toBe("example.com/v1");
        expect(o.kind).toBe("Gadget");
        expect(["one", "two"]).toContain(o.metadata.name);
        expect(o.metadata.namespace).toBe("team");
        expect(o).not.toHaveProperty("status");
        const s = o.spec as GadgetSpec;
        expect(s.size % 5 === 0 && s.size >= 10 && s.size <= 100).toBe(true);
        expect(["fast", "safe"]).toContain(s.mode);
        if (s.weight !== undefined) expect(Number.isInteger(s.weight) && s.weight > 0 && s.weight < 2 ** 31).toBe(true);
        if (s.ratio !== undefined) expect(s.ratio).toBeLessThanOrEqual(1);
        if (s.code !== undefined) expect(s.code).toMatch(/^[A-Z]{2}-[0-9]{3}$/);
        if (s.nick !== undefined) expect(s.nick.length >= 3 && s.nick.length <= 5).toBe(true);
        if (s.since !== undefined) expect(new Date(s.since).toISOString().replace(/\.000Z$/, "Z")).toBe(s.since);
        if (s.port !== undefined) expect(["number", "string"]).toContain(typeof s.port);
        if (s.note !== undefined) expect(s.note === null || typeof s.note === "string").toBe(true);
        if (s.enabled !== undefined) expect(typeof s.enabled).toBe("boolean");
        if (s.tags !== undefined) {
          expect(new Set(s.tags).size).toBe(s.tags.length);
          expect(s.tags.every((t) => ["a", "b", "c"].includes(t))).toBe(true);
        }
        if (s.ports !== undefined) {
          expect(s.ports.length).toBeGreaterThanOrEqual(1);
          expect(new Set(s.ports.map((p) => p.name)).size).toBe(s.ports.length);
          for (const p of s.ports) if (p.port !== undefined) expect(p.port >= 1 && p.port <= 65535).toBe(true);
        }
        if (s.labels !== undefined) expect(Object.values(s.labels).every((v) => typeof v === "string" && v.length <= 2)).toBe(true);
        if (s.extra !== undefined) expect(s.extra).toEqual({});
      }),
    ));

  it("draws optional fields both ways, and shrinks to the required fields at their smallest", () => {
    const arb = customResourceArb(CRD);
    const samples = fc.sample(arb, { seed: 3, numRuns: 200 }).map((o) => o.spec as GadgetSpec);
    for (const field of ["weight", "code", "tags", "ports", "labels", "since"] as const) {
      expect(samples.some((s) => s[field] !== undefined), field).toBe(true);
      expect(samples.some((s) => s[field] === undefined), field).toBe(true);
    }
    const r = fc.check(fc.property(arb, () => false), { seed: 3 });
    expect(r.counterexample![0]).toEqual({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "a", namespace: "default" }, spec: { size: 10, mode: "fast" } });
  });

  it("takes the CRD as an object, a path or a file URL, and a version by name", () => {
    expect(fc.sample(customResourceArb(CRD, { version: "v1alpha1" }), { seed: 1, numRuns: 5 }).every((o) => o.apiVersion === "example.com/v1alpha1")).toBe(true);
    expect(fc.sample(customResourceArb(pathToFileURL(FILE)), { seed: 1, numRuns: 1 })[0]!.kind).toBe("Gadget");
    const cluster = { ...CRD, spec: { ...(CRD.spec as object), scope: "Cluster" } } as KObject;
    expect(fc.sample(customResourceArb(cluster), { seed: 1, numRuns: 3 }).every((o) => o.metadata.namespace === undefined)).toBe(true);
  });

  it("generates what the API server stores once the CRD serves the kind", () => {
    const webapps = join(ROOT, "examples/webapp-operator/crd.yaml");
    const crd = parseAllDocuments(readFileSync(webapps, "utf8"))[0]!.toJS() as KObject;
    fc.assert(
      fc.property(customResourceArb(webapps), (o) => {
        const s = initialState({ name: "generated", config: {}, nodes: [], objects: [crd], steps: [] });
        const r = handle(s, { verb: "create", resource: "webapps.example.com", namespace: "default", object: o });
        expect(isStatus(r.result)).toBe(false);
        expect((r.result as KObject).spec).toEqual(o.spec);
      }),
      { numRuns: 30 },
    );
  });

  it("refuses, naming the file and field, a file without a CRD, a version it lacks, and no names", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeprop-crd-"));
    const empty = join(dir, "plain.yaml");
    writeFileSync(empty, "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n");
    expect(() => customResourceArb(empty)).toThrow(new InputError(`${empty}: holds no CustomResourceDefinition`));
    expect(() => customResourceArb(FILE, { version: "v9" })).toThrow(new InputError(`${FILE}: spec.versions: no version named v9`));
    expect(() => customResourceArb(CRD, { names: [] })).toThrow(/customResourceArb: names must not be empty/);
    expect(() => customResourceArb(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read a CustomResourceDefinition/);
  });
});
