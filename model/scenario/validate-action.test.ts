/** A scenario or trace step's patch request: its patchType and the patch that type needs. */
import { describe, expect, it } from "vitest";
import { validateAction } from "./validate-action.ts";

const fail = (where: string, why: string): never => {
  throw new Error(`${where}: ${why}`);
};
const step = (request: Record<string, unknown>) => ({ type: "api", client: "user", request: { verb: "patch", resource: "deployments.apps", name: "web", ...request } });

describe("validateAction: patch requests", () => {
  it("accepts each patch type with the patch it needs (absent: a merge patch)", () => {
    for (const r of [
      { patch: { spec: { replicas: 3 } } },
      { patchType: "strategic", patch: { spec: { replicas: 3 } } },
      { patchType: "apply", patch: { spec: {} } },
      { patchType: "json", patch: [{ op: "replace", path: "/spec/replicas", value: 3 }, { op: "move", from: "/a", path: "/b" }] },
    ]) {
      expect(validateAction(step(r), fail)).toEqual(step(r));
    }
  });

  it("says what is wrong with a bad patch type or patch", () => {
    expect(() => validateAction(step({ patchType: "yaml", patch: {} }), fail)).toThrow('.request.patchType: unknown patch type "yaml" (expected one of merge, strategic, json, apply)');
    expect(() => validateAction(step({ patchType: "json", patch: { op: "add" } }), fail)).toThrow(".request.patch: expected a list of JSON patch operations (patchType json)");
    expect(() => validateAction(step({ patchType: "json", patch: [{ op: "upsert", path: "/a" }] }), fail)).toThrow(".request.patch[0].op: expected one of add, remove, replace, move, copy, test");
    expect(() => validateAction(step({ patchType: "json", patch: [{ op: "copy", path: "/a" }] }), fail)).toThrow(".request.patch[0].from: is required for copy");
    expect(() => validateAction(step({ patchType: "strategic", patch: [] }), fail)).toThrow(".request.patch: expected an object (a strategic patch)");
  });
});
