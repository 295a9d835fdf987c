import { describe, expect, it } from "vitest";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "./handle.ts";
import { advance } from "../advance.ts";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1beta1", served: true, storage: false }, { name: "v1", served: true, storage: true }] },
};

describe("a new CRD's status (naming and establishing controllers, strategy.go PrepareForCreate)", () => {
  it("is Established with its names accepted and its storage version stored, at the time of its creation", () => {
    const s = advance(bootstrap(), 42).state;
    const r = handle(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd as any });
    const st = (r.result as any).status;
    expect(st.conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ["NamesAccepted", "True", "NoConflicts"],
      ["Established", "True", "InitialNamesAccepted"],
    ]);
    expect(st.conditions[1].lastTransitionTime).toBe("2026-01-01T00:00:42Z");
    expect(st.acceptedNames).toEqual({ plural: "widgets", kind: "Widget", singular: "widget", listKind: "WidgetList" });
    expect(st.storedVersions).toEqual(["v1"]);
  });
});
