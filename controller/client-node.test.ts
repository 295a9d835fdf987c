/**
 * client-node 1.4.0's answers and errors, as the host hands them to a controller: the same shapes as the model's
 * (controller/client-node.ts). Its ApiException has name "Error" and the response's text as body, which kubeprop's
 * `instanceof ApiException` (controller/types.ts) would not recognise as it is.
 */
import { describe, expect, it } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { ApiException } from "./types.ts";
import { asApiException, plainJson } from "./client-node.ts";

describe("client-node's answers as the model's", () => {
  const status = { apiVersion: "v1", kind: "Status", status: "Failure", message: 'configmaps "x" not found', reason: "NotFound", code: 404 };

  it("client-node 1.4.0's ApiException alone fails kubeprop's instanceof; adapted, it holds with the Status parsed", () => {
    const raw = new k8s.ApiException(404, "Unsuccessful HTTP Request", JSON.stringify(status), { "content-type": "application/json" });
    expect(raw instanceof ApiException).toBe(false);
    const e = asApiException(raw) as ApiException;
    expect(e instanceof ApiException).toBe(true);
    expect(e.code).toBe(404);
    expect(e.body).toEqual(status);
    expect(e.message).toMatch(/^HTTP-Code: 404\nMessage: configmaps "x" not found\n/);
    expect(e.headers).toEqual({ "content-type": "application/json" });
  });

  it("a body that is not JSON is kept as text; an error without an HTTP code is passed on as it is", () => {
    const html = asApiException(new k8s.ApiException(502, "Unsuccessful HTTP Request", "<html>bad gateway</html>", {})) as ApiException<unknown>;
    expect(html.code).toBe(502);
    expect(html.body).toBe("<html>bad gateway</html>");
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(asApiException(refused)).toBe(refused);
  });

  it("model classes become plain JSON, Dates RFC 3339 strings to the second as the server sent them", () => {
    const meta = new k8s.V1ObjectMeta();
    meta.name = "x";
    meta.creationTimestamp = new Date("2026-01-01T00:00:00Z");
    const got = plainJson({ apiVersion: "v1", kind: "ConfigMap", metadata: meta });
    expect(got).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", creationTimestamp: "2026-01-01T00:00:00Z" } });
    expect(Object.getPrototypeOf(got.metadata)).toBe(Object.prototype);
  });
});
