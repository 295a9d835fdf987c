import { describe, expect, it } from "vitest";
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeGet } from "../../collections/btree.ts";
import { step } from "../../step.ts";
import { timestamp } from "../../clock.ts";
import { controllerKeysFor, getPodControllers } from "./event-handlers.ts";
import { REPLICA_SET_FLAVOR as F, REPLICATION_CONTROLLER_FLAVOR as FRC } from "./flavor.ts";
import { newControllerRef, podFromTemplate, podsPrefix } from "./pod-template.ts";
import { RS, RC, createRC, createRS, getObj, replicaSet, replicationController, rsCluster, sync } from "./fixtures.test-support.ts";


/** A cluster with ReplicaSets "web" (app=web) and "api" (app=api) and RC "web" in the controllers' caches. */
function cached(): { s: State; c: ComponentState; web: KObject; api: KObject } {
  let s = createRS(createRS(rsCluster(), replicaSet("web", 0)), replicaSet("api", 0));
  s = createRC(s, replicationController("web", 0));
  s = step(step(s, sync(RS, "replicasets.apps")), sync(RC, "replicationcontrollers"));
  return { s, c: btreeGet(s.components, RS)!, web: getObj(s, "replicasets.apps", "web"), api: getObj(s, "replicasets.apps", "api") };
}

const podOf = (labels: Record<string, string>, extra: Partial<KObject["metadata"]> = {}, rv = "10"): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", uid: "pod-uid", resourceVersion: rv, labels, ...extra },
  spec: {},
});

describe("event handlers", () => {
  it("every event of the managed kind queues that object", () => {
    const { c, web } = cached();
    for (const type of ["ADDED", "MODIFIED", "DELETED"] as const) expect(controllerKeysFor(F, "replicasets.apps", { type, object: web, oldObject: web }, c)).toEqual(["default/web"]);
    expect(controllerKeysFor(F, "configmaps", { type: "ADDED", object: web }, c)).toEqual([]);
  });

  it("a pod with a controller reference wakes only that controller, if cached with the same uid", () => {
    const { c, web } = cached();
    const owned = podOf({ app: "api" }, { ownerReferences: [newControllerRef(web, F)] });
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: owned }, c)).toEqual(["default/web"]);
    const stale = podOf({ app: "web" }, { ownerReferences: [{ ...newControllerRef(web, F), uid: "other" }] });
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: stale }, c)).toEqual([]);
    const rcOwned = podOf({ app: "web" }, { ownerReferences: [{ ...newControllerRef(web, F), kind: "ReplicationController", apiVersion: "v1" }] });
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: rcOwned }, c)).toEqual([]);
    expect(controllerKeysFor(F, "pods", { type: "DELETED", object: owned }, c)).toEqual(["default/web"]);
  });

  it("an orphan wakes every matching controller; an orphan's deletion wakes none", () => {
    const { c } = cached();
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: podOf({ app: "web" }) }, c)).toEqual(["default/web"]);
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: podOf({}) }, c)).toEqual([]);
    expect(controllerKeysFor(F, "pods", { type: "DELETED", object: podOf({ app: "web" }) }, c)).toEqual([]);
  });

  it("updates: same resourceVersion is ignored; a label change of an orphan wakes the new matches; a new owner wakes the old one", () => {
    const { c, web, api } = cached();
    const a = podOf({ app: "web" }, {}, "10");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: a, oldObject: a }, c)).toEqual([]);
    const relabeled = podOf({ app: "api" }, {}, "11");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: relabeled, oldObject: a }, c)).toEqual(["default/api"]);
    const statusOnly = podOf({ app: "web" }, {}, "12");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: statusOnly, oldObject: a }, c)).toEqual([]);
    const ownedByWeb = podOf({ app: "web" }, { ownerReferences: [newControllerRef(web, F)] }, "13");
    const movedToApi = podOf({ app: "web" }, { ownerReferences: [newControllerRef(api, F)] }, "14");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: movedToApi, oldObject: ownedByWeb }, c)).toEqual(["default/web", "default/api"]);
    // Released: the old owner, and (as an orphan whose owners changed) every match.
    const released = podOf({ app: "web" }, {}, "15");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: released, oldObject: ownedByWeb }, c)).toEqual(["default/web", "default/web"]);
  });

  it("a pod that gets a deletionTimestamp counts as deleted, for the old labels' owner too", () => {
    const { c, web } = cached();
    const ref = { ownerReferences: [newControllerRef(web, F)] };
    const old = podOf({ app: "web" }, ref, "20");
    const deleting = podOf({ app: "x" }, { ...ref, deletionTimestamp: timestamp(5) }, "21");
    expect(controllerKeysFor(F, "pods", { type: "MODIFIED", object: deleting, oldObject: old }, c)).toEqual(["default/web", "default/web"]);
    expect(controllerKeysFor(F, "pods", { type: "ADDED", object: deleting }, c)).toEqual(["default/web"]);
  });

  it("ReplicationControllers match with their map selector", () => {
    const { s } = cached();
    const rc = btreeGet(s.components, RC)!;
    expect(getPodControllers(rc, FRC, podOf({ app: "web", extra: "1" })).map((o) => o.kind)).toEqual(["ReplicationController"]);
    expect(getPodControllers(rc, FRC, podOf({ app: "api" }))).toEqual([]);
  });
});

describe("pods from the template", () => {
  it("carry the template's labels, annotations and finalizers, a generateName and the controller reference", () => {
    const rs = getObj(cached().s, "replicasets.apps", "web");
    const withMeta = { ...rs, spec: { ...rs.spec, template: { ...rs.spec.template, metadata: { labels: { app: "web" }, annotations: { a: "1" }, finalizers: ["f"] } } } };
    const p = podFromTemplate(withMeta, F);
    expect(p.metadata).toEqual({
      generateName: "web-",
      labels: { app: "web" },
      annotations: { a: "1" },
      finalizers: ["f"],
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(p.spec).toBe(rs.spec.template.spec);
  });

  it("use '<name>-' as the prefix unless that is not a valid name prefix", () => {
    expect(podsPrefix("web")).toBe("web-");
    // The check masks the trailing dash (maskTrailingDash), so a 253-character name still gets its dash.
    const long = "a".repeat(253);
    expect(podsPrefix(long)).toBe(`${long}-`);
    expect(podsPrefix("Web")).toBe("Web");
  });
});
