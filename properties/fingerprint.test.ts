import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.ts";
import { cluster, ok } from "../test/helpers.ts";
import { step } from "../model/step.ts";

const cm = (name: string) => ({ verb: "create" as const, resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } });

describe("state fingerprints", () => {
  it("are equal for equal states and differ when anything changes", () => {
    const a = ok(cluster(), cm("a")).state;
    const b = ok(cluster(), cm("a")).state;
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(ok(a, cm("b")).state)).not.toBe(fingerprint(a));
    expect(fingerprint(step(a, { type: "clock.advance", seconds: 1 }))).not.toBe(fingerprint(a));
    expect(fingerprint(step(a, { type: "informer.sync", component: "kube-controller-manager/serviceaccount", resource: "namespaces" }))).not.toBe(fingerprint(a));
  });
});
