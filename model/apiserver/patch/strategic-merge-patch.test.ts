/**
 * Strategic merge patch: the vectors of k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go
 * (test/fixtures/fidelity/strategicpatch.json, its MergeItem fields moved onto built-in fields with the same tags),
 * and the directives the table does not cover, checked against patch.go's rules.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { patchMetaFor } from "./patch-meta.ts";
import { StrategicMergePatchError, strategicMergePatch } from "./strategic-merge-patch.ts";

interface Vector {
  readonly source: string;
  readonly description: string;
  readonly objectKind: string;
  readonly original: Record<string, unknown>;
  readonly patch: Record<string, unknown>;
  readonly expected?: Record<string, unknown>;
  readonly expectedErrorContains?: string;
}

const VECTORS: Vector[] = JSON.parse(readFileSync(new URL("../../../test/fixtures/fidelity/strategicpatch.json", import.meta.url), "utf8"));
const GROUP: Record<string, string> = { Deployment: "apps" };
const meta = (kind: string) => patchMetaFor(GROUP[kind] ?? "", kind)!;
const smp = (kind: string, original: Record<string, unknown>, patch: Record<string, unknown>) => strategicMergePatch(original, patch, meta(kind));

describe("strategic merge patch, upstream vectors", () => {
  it("has the vectors", () => expect(VECTORS.length).toBeGreaterThanOrEqual(25));

  it.each(VECTORS.map((v) => [v.description, v] as const))("%s", (_d, v) => {
    if (v.expectedErrorContains !== undefined) {
      expect(() => smp(v.objectKind, v.original, v.patch)).toThrow(v.expectedErrorContains);
    } else {
      // toEqual: a list's order counts, a map's key order does not (Go marshals map keys sorted)
      expect(smp(v.objectKind, v.original, v.patch)).toEqual(v.expected);
    }
  });
});

describe("strategic merge patch directives (patch.go)", () => {
  const pod = { metadata: { name: "p", labels: { a: "1", b: "2" } }, spec: { containers: [{ name: "web", image: "nginx:1" }, { name: "log", image: "busybox" }] } };

  it("changes one container by name and keeps the others, where a merge patch replaces the list", () => {
    const out = smp("Pod", pod, { spec: { containers: [{ name: "web", image: "nginx:2" }] } }) as any;
    expect(out.spec.containers).toEqual([{ name: "web", image: "nginx:2" }, { name: "log", image: "busybox" }]);
  });

  it("$patch: replace on a map takes the map as given", () => {
    const out = smp("Pod", pod, { metadata: { labels: { $patch: "replace", c: "3" } } }) as any;
    expect(out.metadata.labels).toEqual({ c: "3" });
  });

  it("$patch: delete on a map empties it", () => {
    const out = smp("Pod", pod, { metadata: { labels: { $patch: "delete" } } }) as any;
    expect(out.metadata.labels).toEqual({});
  });

  it("$patch: replace in a merging list makes the other elements the list", () => {
    const out = smp("Pod", pod, { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "x" }] } }) as any;
    expect(out.spec.containers).toEqual([{ name: "only", image: "x" }]);
  });

  it("$patch: merge is refused (an unknown patch type in a map; 'merging lists cannot yet be specified' in a list)", () => {
    expect(() => smp("Pod", pod, { metadata: { labels: { $patch: "merge" } } })).toThrow("unknown patch type: merge in map: map[$patch:merge]");
    expect(() => smp("Pod", pod, { spec: { containers: [{ $patch: "merge", name: "web" }] } })).toThrow("merging lists cannot yet be specified in the patch");
  });

  it("tolerations carry no patch strategy: the list is replaced", () => {
    const p = { spec: { tolerations: [{ key: "a", operator: "Exists" }, { key: "b", operator: "Exists" }] } };
    expect((smp("Pod", p, { spec: { tolerations: [{ key: "c", operator: "Exists" }] } }) as any).spec.tolerations).toEqual([{ key: "c", operator: "Exists" }]);
  });

  it("merges container ports by containerPort, env by name, volumeMounts by mountPath, conditions by type", () => {
    const p = {
      spec: { containers: [{ name: "web", ports: [{ containerPort: 80, name: "http" }], env: [{ name: "A", value: "1" }], volumeMounts: [{ name: "v", mountPath: "/a" }] }] },
      status: { conditions: [{ type: "Ready", status: "False" }, { type: "PodScheduled", status: "True" }] },
    };
    const out = smp("Pod", p, {
      spec: { containers: [{ name: "web", ports: [{ containerPort: 443 }], env: [{ name: "A", value: "2" }], volumeMounts: [{ name: "w", mountPath: "/b" }] }] },
      status: { conditions: [{ type: "Ready", status: "True" }] },
    }) as any;
    expect(out.spec.containers[0].ports.map((x: any) => x.containerPort)).toEqual([443, 80]);
    expect(out.spec.containers[0].env).toEqual([{ name: "A", value: "2" }]);
    expect(out.spec.containers[0].volumeMounts.map((x: any) => x.mountPath)).toEqual(["/b", "/a"]);
    expect(out.status.conditions).toEqual([{ type: "Ready", status: "True" }, { type: "PodScheduled", status: "True" }]);
  });

  it("ServicePorts merge by port; finalizers merge as a set; ownerReferences by uid", () => {
    const svc = { metadata: { finalizers: ["a"], ownerReferences: [{ uid: "u1", name: "x" }] }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const out = smp("Service", svc, { metadata: { finalizers: ["b", "a"], ownerReferences: [{ uid: "u1", name: "y" }] }, spec: { ports: [{ port: 80, targetPort: 9090 }] } }) as any;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
    expect([...out.metadata.finalizers].sort()).toEqual(["a", "b"]);
    expect(out.metadata.ownerReferences).toEqual([{ uid: "u1", name: "y" }]);
  });

  it("$retainKeys on a Deployment's strategy (patchStrategy retainKeys) clears the keys it does not name", () => {
    const d = { spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } };
    const out = smp("Deployment", d, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }) as any;
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
    expect(() => smp("Deployment", d, { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: { maxSurge: 2 } } } })).toThrow("invalid patch format of retainKeys");
  });

  it("classes its errors as upstream's handler answers them", () => {
    const cls = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as StrategicMergePatchError).errorClass;
      }
      return "none";
    };
    expect(cls(() => smp("Pod", pod, { metadata: { $deleteFromPrimitiveList: ["a"] } }))).toBe("BadRequest");
    expect(cls(() => smp("Pod", { metadata: { finalizers: [["x"]] } }, { metadata: { finalizers: [["y"]] } }))).toBe("Unprocessable");
    expect(cls(() => smp("Pod", pod, { spec: { containers: [{ image: "x" }] } }))).toBe("Internal");
  });

  it("does not change its inputs", () => {
    const before = JSON.stringify(pod);
    const patch = { spec: { containers: [{ name: "web", $patch: "delete" }] } };
    smp("Pod", pod, patch);
    expect(JSON.stringify(pod)).toBe(before);
    expect(patch.spec.containers[0]).toEqual({ name: "web", $patch: "delete" });
  });
});
