import { describe, expect, it } from "vitest";
import { isManifestDocuments, manifestSet, placeInManifests, MANIFEST_SET_NODES } from "./manifest-set.ts";
import { ScenarioError } from "./types.ts";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: nginx }] } }
`;

describe("isManifestDocuments", () => {
  it("is true when every document is a Kubernetes object, false for a scenario, a trace or nothing", () => {
    expect(isManifestDocuments([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }, { apiVersion: "v1", kind: "List", items: [] }])).toBe(true);
    expect(isManifestDocuments([{ name: "s", steps: [] }])).toBe(false);
    // A scenario that happens to carry apiVersion and kind is still a scenario when it has steps.
    expect(isManifestDocuments([{ apiVersion: "v1", kind: "X", steps: [] }])).toBe(false);
    expect(isManifestDocuments([{ apiVersion: "v1", kind: "ConfigMap" }, { name: "s" }])).toBe(false);
    expect(isManifestDocuments([])).toBe(false);
  });
});

describe("manifestSet", () => {
  it("creates the objects in file and document order, List items one by one, on three nodes, then settles", () => {
    const set = manifestSet(
      [
        { path: "a.yaml", text: `apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: c1, namespace: shop } }\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: c2, namespace: shop } }\n` },
        { path: "b.yaml", text: deployment },
      ],
      "dir",
    );
    expect(set.scenario.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Namespace/shop", "ConfigMap/c1", "ConfigMap/c2", "Deployment/web"]);
    expect(set.places).toEqual([
      { file: "a.yaml", where: "document 1" },
      { file: "a.yaml", where: "document 2, items[0]" },
      { file: "a.yaml", where: "document 2, items[1]" },
      { file: "b.yaml", where: "document 1" },
    ]);
    expect(set.scenario.nodes.map((n) => n.name)).toEqual(MANIFEST_SET_NODES.map((n) => n.name));
    expect(set.scenario.steps).toHaveLength(1);
    expect(set.scenario.steps[0]!.kind).toBe("settle");
  });

  it("names the file and document of a mistake found while reading", () => {
    expect(() => manifestSet([{ path: "a.yaml", text: deployment }, { path: "b.yaml", text: "apiVersion: v1\nkind: Widget\nmetadata: { name: w }\n" }], "dir")).toThrow('b.yaml: document 1.kind: unknown kind "Widget"');
    expect(() => manifestSet([{ path: "a.yaml", text: "apiVersion: v1\nkind: List\nitems: 3\n" }], "dir")).toThrow("a.yaml: document 1.items: a List needs a list of items");
    expect(() => manifestSet([{ path: "a.yaml", text: "# nothing\n" }], "dir")).toThrow("dir: document: no objects passed to apply");
  });

  it("placeInManifests turns objects[i] into the file and document, and leaves other places alone", () => {
    const places = [{ file: "x.yaml", where: "document 2" }];
    expect(placeInManifests(new ScenarioError("s", "objects[0] (Deployment web)", "boom"), places).message).toBe("x.yaml: document 2 (Deployment web): boom");
    expect(placeInManifests(new ScenarioError("s", "nodes[0]", "boom"), places).message).toBe("s: nodes[0]: boom");
    expect(placeInManifests(new ScenarioError("s", "objects[5]", "boom"), places).message).toBe("s: objects[5]: boom");
  });
});
