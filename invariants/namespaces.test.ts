import { describe, expect, it } from "vitest";
import type { State } from "../model/state.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { storePut } from "../model/store/store.ts";
import { bootstrap } from "../model/bootstrap.ts";
import { settle } from "../model/settle.ts";
import { bugById, configWithBug } from "../properties/bugs/index.ts";
import { step } from "../model/step.ts";
import { QUOTA_ADMISSION_INFORMER_ID } from "../model/controllers/resourcequota/admission-informer.ts";
import { namespaceContentGone, noCreateInTerminatingNamespace } from "./namespaces.ts";

const must = (s: State, request: any): State => {
  const r = handle(s, request);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
};
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "team-a" } };

describe("namespace-content-gone", () => {
  it("holds once a deleted namespace and its content are gone", () => {
    let s = must(bootstrap(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } } });
    s = must(s, { verb: "create", resource: "configmaps", namespace: "team-a", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" } } });
    s = settle(must(s, { verb: "delete", resource: "namespaces", name: "team-a" })).state;
    expect(namespaceContentGone.check(s)).toEqual([]);
  });

  it("flags an object left in a namespace that no longer exists", () => {
    const s0 = bootstrap();
    const put = storePut(s0.store, "/registry/configmaps/gone/orphan", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "orphan", namespace: "gone" } });
    const s: State = { ...s0, store: put.ok ? put.store : s0.store };
    expect(namespaceContentGone.check(s).map((v) => v.message)).toEqual(["ConfigMap gone/orphan is left in namespace gone, which no longer exists"]);
  });
});

describe("no-create-in-terminating-namespace with a lagging admission cache (namespace-create-race)", () => {
  const race = (bug?: string): string[] => {
    let s = must(bootstrap({ config: configWithBug(bug === undefined ? undefined : bugById(bug)) }), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } } });
    s = step(s, { type: "informer.sync", component: QUOTA_ADMISSION_INFORMER_ID, resource: "namespaces" });
    s = must(s, { verb: "delete", resource: "namespaces", name: "team-a" });
    const r = handle(s, { verb: "create", resource: "configmaps", namespace: "team-a", object: cm });
    return noCreateInTerminatingNamespace.check(r.state, s).map((v) => v.message);
  };

  it("the correct plug-in refuses the create", () => {
    expect(race()).toEqual([]);
  });

  it("a plug-in deciding from its informer admits it, and the invariant flags it", () => {
    expect(race("namespace-create-race")).toEqual(["ConfigMap team-a/late was created while namespace team-a was Terminating"]);
  });
});
