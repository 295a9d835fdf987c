import { describe, expect, it } from "vitest";
import type { KObject } from "../../objects/types.ts";
import { validateService } from "./core.ts";

const svc = (name: string): KObject =>
  ({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { type: "ClusterIP", sessionAffinity: "None", ports: [{ name, port: 80, protocol: "TCP", targetPort: 8080 }] } }) as KObject;

describe("service port names (validation.go validateServicePort: ValidateDNS1123Label)", () => {
  it("accepts an all-digit label such as kubectl create service's 80-8080 (a container port name would need a letter)", () => {
    expect(validateService(svc("80-8080"))).toEqual([]);
    expect(validateService(svc("http"))).toEqual([]);
  });

  it("refuses what a DNS-1123 label refuses, with its message", () => {
    const errs = validateService(svc("Web_Port"));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ type: "FieldValueInvalid", field: "spec.ports[0].name", badValue: "Web_Port" });
    expect(errs[0]!.detail).toContain("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
  });
});
