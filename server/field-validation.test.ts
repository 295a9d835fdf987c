/**
 * Field validation over HTTP (k8s.io/apiserver/pkg/endpoints/handlers create.go, update.go, patch.go): Strict
 * answers unknown and duplicate fields 400, Warn (and no directive) keeps the object and sends each strict error
 * as a `Warning: 299 - "..."` header (endpoints/filters/warning.go), Ignore drops them silently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe, type Served } from "./serve.ts";
import { servedCluster } from "./default-cluster.ts";
import { duplicateJsonFields } from "./json-duplicates.ts";

let served: Served;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubeprop-fv-"));
  served = await startServe({ scenario: servedCluster({ name: "fv" }), kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: "manual", port: 0, kubeconfig: join(dir, "kubeconfig"), log: () => {} });
});
afterAll(async () => served?.close());

const body = (name: string, extra = "") =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"${name}"},"spec":{"replicas":2,${extra}"selector":{"matchLabels":{"app":"w"}},"template":{"metadata":{"labels":{"app":"w"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`;

async function post(path: string, text: string, contentType = "application/json", method = "POST") {
  const res = await fetch(served.url + path, { method, body: text, headers: { "Content-Type": contentType } });
  return { code: res.status, warning: res.headers.get("warning"), json: (await res.json()) as any };
}
const DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

describe("field validation over HTTP", () => {
  it("Strict: an unknown field is 400 with the strict decoder's words", async () => {
    const r = await post(`${DEPLOYMENTS}?fieldValidation=Strict`, body("s", '"replicaz":3,'));
    expect(r.code).toBe(400);
    expect(r.json.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"');
    expect(r.warning).toBeNull();
  });

  it("Strict: a key given twice in the JSON text is 400 naming it", async () => {
    const r = await post(`${DEPLOYMENTS}?fieldValidation=Strict`, body("d", '"replicas":3,'));
    expect(r.code).toBe(400);
    expect(r.json.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas"');
  });

  it.each([["?fieldValidation=Warn"], [""]])("Warn (%j): created, the field dropped, each error a Warning header", async (q) => {
    const name = `w${q.length}`;
    const r = await post(`${DEPLOYMENTS}${q}`, body(name, '"replicas":4,"replicaz":3,'));
    expect(r.code).toBe(201);
    expect(r.warning).toBe('299 - "duplicate field \\"spec.replicas\\"", 299 - "unknown field \\"spec.replicaz\\""');
    expect(r.json.spec.replicaz).toBeUndefined();
    expect(r.json.spec.replicas).toBe(4);
  });

  it("Ignore: created, no warning", async () => {
    const r = await post(`${DEPLOYMENTS}?fieldValidation=Ignore`, body("i", '"replicaz":3,'));
    expect(r.code).toBe(201);
    expect(r.warning).toBeNull();
  });

  it("a merge patch with Strict whose result has an unknown field is 422 Invalid naming the patch", async () => {
    const r = await post(`${DEPLOYMENTS}/i?fieldValidation=Strict`, '{"spec":{"replicaz":1}}', "application/merge-patch+json", "PATCH");
    expect(r.code).toBe(422);
    expect(r.json.message).toMatch(/patch: Invalid value: ".*": strict decoding error: unknown field "spec.replicaz"$/);
  });
});

describe("duplicateJsonFields (sigs.k8s.io/json strict field paths)", () => {
  it("names a key given twice by its path, list elements by index, in document order, each once", () => {
    expect(duplicateJsonFields('{"a":1,"b":{"c":[{"d":1},{"d":1,"d":2,"e":"\\",{"}]},"a":2,"a":3}')).toEqual(["b.c[1].d", "a"]);
  });
  it("finds none in JSON without duplicates, whatever the strings hold", () => {
    expect(duplicateJsonFields('{"a":"\\"a\\":1,\\"a\\":2","b":[1,{"a":1}],"c":{"a":{}}}')).toEqual([]);
  });
});
