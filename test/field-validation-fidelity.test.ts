/**
 * The typed (Deployment) cases of Kubernetes' TestFieldValidation (test/integration/apiserver/field_validation_test.go;
 * test/fixtures/fidelity/field-validation.json): a JSON body with unknown and duplicate fields, created, updated,
 * merge-patched and strategic-merge-patched under each field validation directive. The body's text goes through
 * the server's duplicate-key scan (server/json-duplicates.ts) and JSON.parse, then to the model's API server.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { bootstrap } from "../model/bootstrap.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import type { ApiRequest, FieldValidation } from "../model/apiserver/request.ts";
import type { KObject } from "../model/objects/types.ts";
import { duplicateJsonFields } from "../server/json-duplicates.ts";

interface Case {
  readonly kind: "write" | "patch";
  readonly source: string;
  readonly verb: "create" | "update" | "patch";
  readonly patchType?: "merge" | "strategic";
  readonly fieldValidation?: FieldValidation;
  readonly body: string;
  readonly expectedError?: string;
  readonly expectedWarnings?: readonly string[];
}

const CASES = JSON.parse(readFileSync(new URL("./fixtures/fidelity/field-validation.json", import.meta.url), "utf8")) as Case[];

/** The Go test's validBodyJSON (name filled in). */
const VALID: KObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "nginx" }, annotations: { a1: "foo", a2: "bar" } },
  spec: { selector: { matchLabels: { app: "nginx" } }, template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx:latest", imagePullPolicy: "Always" }] } }, replicas: 2 },
} as unknown as KObject;

function run(c: Case) {
  let s = bootstrap();
  if (c.verb !== "create") s = handle(s, { verb: "create", resource: "deployments.apps", namespace: "default", object: VALID }).state;
  const common = { resource: "deployments.apps", namespace: "default", duplicateFields: duplicateJsonFields(c.body), ...(c.fieldValidation ? { fieldValidation: c.fieldValidation } : {}) };
  const body = JSON.parse(c.body);
  const req: ApiRequest =
    c.verb === "create"
      ? { verb: "create", ...common, object: body }
      : c.verb === "update"
        ? { verb: "update", ...common, name: "web", object: body }
        : { verb: "patch", ...common, name: "web", patch: body, ...(c.patchType === "strategic" ? { patchType: "strategic" as const } : {}) };
  return { before: s, ...handle(s, req) };
}

describe("field validation of a built-in kind, as TestFieldValidation asserts", () => {
  it.each(CASES.map((c) => [c.source.split("#")[1]!, c] as const))("%s", (_name, c) => {
    const r = run(c);
    if (c.expectedError !== undefined) {
      expect(isStatus(r.result)).toBe(true);
      expect((r.result as any).code).toBe(c.verb === "patch" ? 422 : 400);
      expect((r.result as any).message.endsWith(c.expectedError)).toBe(true);
      expect(r.state).toBe(r.before);
      return;
    }
    expect(r.result.kind).toBe("Deployment");
    expect(r.warnings ?? []).toEqual(c.expectedWarnings);
    // Unknown fields are dropped; of a key given twice, the last is kept.
    const d = r.result as any;
    expect(d.spec.unknown1).toBeUndefined();
    expect(d.spec.unknownDupe).toBeUndefined();
    expect(d.spec.template.spec.containers[0].unknownNested).toBeUndefined();
    expect(d.spec.paused).toBe(false);
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe("Never");
  });

  it("transcribes every directive for each request shape", () => {
    expect(CASES).toHaveLength(24);
    expect(new Set(CASES.map((c) => c.fieldValidation ?? "none"))).toEqual(new Set(["Strict", "Warn", "Ignore", "none"]));
  });
});
