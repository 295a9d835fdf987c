import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { resolveResource } from "../../apiserver/lookup.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { timestamp } from "../../clock.ts";
import { CUSTOM_RESOURCE_CLEANUP_FINALIZER } from "../../apiserver/crd-finalizer.ts";
import { crd, deleteCrd, exists, must, nsCluster, widget } from "./namespace.test-support.ts";

const CRDS = "customresourcedefinitions.apiextensions.k8s.io";
const WIDGETS = "widgets.example.com";

function cluster(opts: { crdCleanup?: boolean } = {}): State {
  let s = nsCluster(opts);
  for (const name of ["team-a", "team-b"]) s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
  s = must(s, { verb: "create", resource: CRDS, object: crd("widgets", "Widget") });
  s = must(s, { verb: "create", resource: CRDS, object: crd("gadgets", "Gadget", "Cluster") });
  s = must(s, { verb: "create", resource: WIDGETS, namespace: "team-a", object: widget("w1") });
  s = must(s, { verb: "create", resource: WIDGETS, namespace: "team-b", object: widget("w2") });
  s = must(s, { verb: "create", resource: "gadgets.example.com", object: { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g1" } } });
  return settle(s).state;
}

const getCrd = (s: State, name = WIDGETS) => handle(s, { verb: "get", resource: CRDS, name }).result as any;

function mark(s: State, name = WIDGETS): State {
  const r = deleteCrd(s, name);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
}


/** The CRD's Terminating condition (crd-finalizer.ts, crd-cleanup.ts). */
const terminating = (crd: any) => crd.status.conditions.find((c: any) => c.type === "Terminating");

describe("CRD deletion cascade", () => {
  it("a new CRD carries no cleanup finalizer: the registry adds it on the first delete, with a Terminating condition", () => {
    let s = cluster();
    expect(getCrd(s).metadata.finalizers).toBeUndefined();
    s = mark(s);
    const c = getCrd(s);
    expect(c.metadata.finalizers).toEqual([CUSTOM_RESOURCE_CLEANUP_FINALIZER]);
    expect(c.metadata.deletionTimestamp).toBe(timestamp(s.clock.now));
    // NamesAccepted and Established stay beside it (the naming and establishing controllers wrote them at creation).
    expect(c.status.conditions.map((x: any) => x.type)).toEqual(["NamesAccepted", "Established", "Terminating"]);
    expect(c.status.conditions.filter((x: any) => x.type === "Terminating")).toEqual([
      { type: "Terminating", status: "True", reason: "InstanceDeletionPending", message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", lastTransitionTime: timestamp(s.clock.now) },
    ]);
    // The resource is still served (its objects are still there) until the finalizer is gone.
    expect(resolveResource(s, WIDGETS)).toBeDefined();
    expect(exists(s, WIDGETS, "team-a", "w1")).toBe(true);
  });

  it("deleting a CRD deletes its custom resources in every namespace, then the CRD; the resource is no longer served", () => {
    let s = mark(cluster());
    s = settle(s).state;
    expect(exists(s, CRDS, undefined, WIDGETS)).toBe(false);
    expect(resolveResource(s, WIDGETS)).toBeUndefined();
    const list = handle(s, { verb: "list", resource: WIDGETS }).result as Status;
    expect(list.code).toBe(404);
    // No widget is left in storage (it would come back if a CRD of the same name were created again).
    s = must(s, { verb: "create", resource: CRDS, object: crd("widgets", "Widget") });
    expect((handle(s, { verb: "list", resource: WIDGETS }).result as any).items).toEqual([]);
    // The other CRD and its objects are untouched.
    expect(exists(s, "gadgets.example.com", undefined, "g1")).toBe(true);
  });

  it("cluster-scoped custom resources are deleted too", () => {
    let s = settle(mark(cluster(), "gadgets.example.com")).state;
    expect(exists(s, CRDS, undefined, "gadgets.example.com")).toBe(false);
    expect(exists(s, WIDGETS, "team-a", "w1")).toBe(true);
  });

  it("waits for custom resources held by a finalizer, reports the timeout after a minute, and finishes once they go", () => {
    let s = cluster();
    s = must(s, { verb: "create", resource: WIDGETS, namespace: "team-a", object: widget("held", { finalizers: ["example.com/hold"] }) });
    s = mark(settle(s).state);
    s = advance(s, 30).state;
    expect(terminating(getCrd(s))).toMatchObject({ reason: "InstanceDeletionInProgress", status: "True" });
    expect(exists(s, WIDGETS, "team-a", "w1")).toBe(false);
    expect(exists(s, WIDGETS, "team-a", "held")).toBe(true);
    // After a minute of polling the sync gives up with InstanceDeletionCheck, and the rate-limited retry starts
    // the next round (InstanceDeletionInProgress again), as the real worker does.
    const reasons: string[] = [];
    s = advance(s, 40, {
      onStep: (_a, st) => {
        const r = terminating(getCrd(st)).reason as string;
        if (reasons[reasons.length - 1] !== r) reasons.push(r);
      },
    }).state;
    expect(reasons).toEqual(["InstanceDeletionInProgress", "InstanceDeletionCheck", "InstanceDeletionInProgress"]);
    s = must(s, { verb: "patch", resource: WIDGETS, namespace: "team-a", name: "held", patch: { metadata: { finalizers: null } } });
    s = advance(s, 120).state;
    expect(exists(s, CRDS, undefined, WIDGETS)).toBe(false);
  });

  it("a second delete while the cleanup runs changes nothing", () => {
    let s = mark(cluster());
    const before = getCrd(s);
    const r = handle(s, { verb: "delete", resource: CRDS, name: WIDGETS });
    expect((r.result as any).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    s = settle(r.state).state;
    expect(exists(s, CRDS, undefined, WIDGETS)).toBe(false);
  });

  it("without the controller the CRD stays Terminating and its objects stay", () => {
    let s = settle(mark(cluster({ crdCleanup: false }))).state;
    s = advance(s, 300).state;
    expect(getCrd(s).metadata.finalizers).toEqual([CUSTOM_RESOURCE_CLEANUP_FINALIZER]);
    expect(exists(s, WIDGETS, "team-b", "w2")).toBe(true);
  });

  it("a CRD with another finalizer besides the cleanup one waits for it after its instances are gone", () => {
    let s = cluster();
    s = must(s, { verb: "patch", resource: CRDS, name: WIDGETS, patch: { metadata: { finalizers: ["example.com/audit"] } } });
    s = settle(mark(settle(s).state)).state;
    const c = getCrd(s);
    expect(c.metadata.finalizers).toEqual(["example.com/audit"]);
    expect(terminating(c)).toMatchObject({ status: "False", reason: "InstanceDeletionCompleted", message: "removed all instances" });
    expect(exists(s, WIDGETS, "team-a", "w1")).toBe(false);
  });
});
