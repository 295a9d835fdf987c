/** planRequest's reading of the fieldValidation query parameter (passed to the model's create, update and patch). */
import { describe, expect, it } from "vitest";
import { cluster } from "../test/helpers.ts";
import { planRequest } from "./api-request.ts";

const cms = (name?: string) => ({ isResource: true as const, group: "", version: "v1", namespace: "default", resource: "configmaps", ...(name ? { name } : {}), rest: [] });
const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };

describe("fieldValidation", () => {
  it("is passed on to create, update and patch, and left out when absent", () => {
    const s = cluster();
    const q = new URLSearchParams("fieldValidation=Strict");
    expect(planRequest(s, cms(), "POST", q, body, "application/json")).toMatchObject({ kind: "api", request: { verb: "create", fieldValidation: "Strict" } });
    expect(planRequest(s, cms("c"), "PUT", new URLSearchParams("fieldValidation=Warn"), body, "application/json")).toMatchObject({ request: { verb: "update", fieldValidation: "Warn" } });
    expect(planRequest(s, cms("c"), "PATCH", new URLSearchParams("fieldValidation=Ignore"), { data: {} }, "application/merge-patch+json")).toMatchObject({ request: { verb: "patch", fieldValidation: "Ignore" } });
    const plain = planRequest(s, cms(), "POST", new URLSearchParams(), body, "application/json");
    expect(plain.kind === "api" && "fieldValidation" in plain.request).toBe(false);
  });

  it("refuses a value metav1 does not know with the options' 422", () => {
    const p = planRequest(cluster(), cms(), "POST", new URLSearchParams("fieldValidation=strict"), body, "application/json");
    expect(p.kind === "error" && [p.status.code, p.status.message]).toEqual([
      422,
      `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"`,
    ]);
  });
});
