/**
 * `kubectl apply` as a user's operation (properties/kubectl-apply.ts): the three-way JSON merge patch against
 * the test vectors of k8s.io/apimachinery/pkg/util/jsonmergepatch/patch_test.go, and the requests it makes
 * for an object absent, unchanged, changed, or changed by a controller too.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KObject } from "../model/objects/types.ts";
import { mergePatch } from "../model/apiserver/merge-patch.ts";
import { LAST_APPLIED, keepOrDeleteNull, kubectlApply, threeWayMergePatch } from "./kubectl-apply.ts";
import { ROOT } from "../test/cli-run.ts";

type Json = Record<string, unknown>;
interface FilterCase { kind: "keepOrDeleteNull"; source: string; originalObj: Json; expectedWithNull: Json; expectedWithoutNull: Json }
interface ThreeWayCase { kind: "threeWay"; source: string; original: Json | null; modified: Json; current: Json; threeWay: Json; result: Json }
const CASES = JSON.parse(readFileSync(join(ROOT, "test/fixtures/fidelity/jsonmergepatch.json"), "utf8")) as (FilterCase | ThreeWayCase)[];

describe("jsonmergepatch (k8s.io/apimachinery/pkg/util/jsonmergepatch/patch_test.go)", () => {
  const filters = CASES.filter((c): c is FilterCase => c.kind === "keepOrDeleteNull");
  const threeWays = CASES.filter((c): c is ThreeWayCase => c.kind === "threeWay");

  it.each(filters.map((c) => [c.source, c] as const))("keepOrDeleteNullInObj %s", (_, c) => {
    expect(keepOrDeleteNull(c.originalObj, true)).toEqual(c.expectedWithNull);
    expect(keepOrDeleteNull(c.originalObj, false)).toEqual(c.expectedWithoutNull);
  });

  it.each(threeWays.map((c) => [c.source, c] as const))("CreateThreeWayJSONMergePatch %s", (_, c) => {
    const patch = threeWayMergePatch(c.original ?? {}, c.modified, c.current);
    expect(patch).toEqual(c.threeWay);
    expect(mergePatch(c.current, patch)).toEqual(c.result);
  });

  it("holds every case of the Go tables", () => {
    expect([filters.length, threeWays.length]).toEqual([15, 22]);
  });
});

const web = (spec: Json, extra: Json = {}): KObject => ({ apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default", ...extra }, spec }) as KObject;
const lastAppliedOf = (o: KObject): unknown => JSON.parse((o.metadata.annotations as Record<string, string>)[LAST_APPLIED]!);

describe("kubectl apply of one object", () => {
  it("creates an absent object with its configuration in the last-applied annotation", () => {
    const a = kubectlApply(web({ replicas: 2 }, { labels: { tier: "web" } }), undefined);
    expect(a).toMatchObject({ type: "api", client: "user", request: { verb: "create", resource: "@example.com/v1/WebApp", namespace: "default" } });
    const created = (a as { request: { object: KObject } }).request.object;
    expect(created.spec).toEqual({ replicas: 2 });
    expect(lastAppliedOf(created)).toEqual({ apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default", labels: { tier: "web" } }, spec: { replicas: 2 } });
    expect((created.metadata.annotations as Record<string, string>)[LAST_APPLIED]!.endsWith("}\n")).toBe(true);
  });

  it("sends nothing when the live object already says what is applied", () => {
    const created = (kubectlApply(web({ replicas: 2 }), undefined) as { request: { object: KObject } }).request.object;
    const live = { ...created, metadata: { ...created.metadata, uid: "u1", resourceVersion: "7" }, status: { readyReplicas: 1 } } as KObject;
    expect(kubectlApply(web({ replicas: 2 }), live)).toBeUndefined();
  });

  it("patches what changed, removes what the new configuration dropped, and keeps what others set", () => {
    const created = (kubectlApply(web({ replicas: 2, message: "hi" }), undefined) as { request: { object: KObject } }).request.object;
    // A controller (or another user) set spec.paused, which the configuration never had.
    const live = { ...created, metadata: { ...created.metadata, uid: "u1" }, spec: { replicas: 2, message: "hi", paused: true } } as KObject;
    const a = kubectlApply(web({ replicas: 3 }), live) as { request: { verb: string; name: string; patch: Json } };
    expect(a.request.verb).toBe("patch");
    expect(a.request.name).toBe("shop");
    expect(a.request.patch["spec"]).toEqual({ replicas: 3, message: null });
    const after = mergePatch(live, a.request.patch) as KObject;
    expect(after.spec).toEqual({ replicas: 3, paused: true });
    expect(lastAppliedOf(after)).toMatchObject({ spec: { replicas: 3 } });
  });
});
