import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { step, stepWithEffects } from "../../step.ts";
import { btreeGet } from "../../collections/btree.ts";
import { getTimer } from "../../timers.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { timestamp } from "../../clock.ts";
import type { Effect } from "../../effects.ts";
import { NAMESPACE_CONTROLLER_ID } from "./controller.ts";
import { configMap, crd, exists, must, nsCluster, widget } from "./namespace.test-support.ts";

const NS = "team-a";

function withContent(s: State): State {
  s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
  s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-b" } } });
  s = must(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd("widgets", "Widget") });
  s = must(s, { verb: "create", resource: "configmaps", namespace: NS, object: configMap("settings") });
  s = must(s, { verb: "create", resource: "secrets", namespace: NS, object: { apiVersion: "v1", kind: "Secret", metadata: { name: "pw" }, data: {} } });
  // The default account the ServiceAccounts controller would create: ServiceAccount admission requires it for pods.
  s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } });
  s = must(s, { verb: "create", resource: "pods", namespace: NS, object: { apiVersion: "v1", kind: "Pod", metadata: { name: "unscheduled" }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } } });
  s = must(s, { verb: "create", resource: "widgets.example.com", namespace: NS, object: widget("w1") });
  s = must(s, { verb: "create", resource: "widgets.example.com", namespace: "team-b", object: widget("w2") });
  return must(s, { verb: "create", resource: "configmaps", namespace: "team-b", object: configMap("keep") });
}

const deleteNs = (s: State, name = NS) => must(s, { verb: "delete", resource: "namespaces", name });

describe("namespace controller", () => {
  it("deletes every namespaced object of a deleted namespace, custom resources too, then the namespace itself", () => {
    let s = settle(withContent(nsCluster())).state;
    s = deleteNs(s);
    const r = settle(s);
    expect(r.quiesced).toBe(true);
    s = r.state;
    expect(exists(s, "namespaces", undefined, NS)).toBe(false);
    for (const [res, name] of [["configmaps", "settings"], ["secrets", "pw"], ["pods", "unscheduled"], ["widgets.example.com", "w1"], ["serviceaccounts", "default"]] as const) {
      expect(exists(s, res, NS, name), `${res} ${name}`).toBe(false);
    }
    // Other namespaces and cluster-scoped objects are untouched.
    expect(exists(s, "widgets.example.com", "team-b", "w2")).toBe(true);
    expect(exists(s, "configmaps", "team-b", "keep")).toBe(true);
    expect(exists(s, "serviceaccounts", "team-b", "default")).toBe(true);
    expect(exists(s, "customresourcedefinitions.apiextensions.k8s.io", undefined, "widgets.example.com")).toBe(true);
  });

  it("refuses creates into the Terminating namespace while it works (NamespaceLifecycle)", () => {
    let s = deleteNs(settle(withContent(nsCluster())).state);
    const r = handle(s, { verb: "create", resource: "configmaps", namespace: NS, object: configMap("late") });
    expect(isStatus(r.result)).toBe(true);
    expect((r.result as Status).code).toBe(403);
    expect((r.result as Status).message).toBe('configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated');
    const cr = handle(s, { verb: "create", resource: "widgets.example.com", namespace: NS, object: widget("late") });
    expect((cr.result as Status).code).toBe(403);
    s = settle(s).state;
    expect(exists(s, "configmaps", NS, "late")).toBe(false);
  });

  it("waits namespaceDeletionGracePeriod (5 s) after the event before it lists the namespace's content", () => {
    let s = deleteNs(settle(withContent(nsCluster())).state);
    s = settle(s, { noTimers: true }).state;
    // The event was seen and turned into a 5 s AddAfter; nothing is deleted yet.
    expect(getTimer(s, timerIdFor(NAMESPACE_CONTROLLER_ID, NS))?.due).toBe(s.clock.now + 5);
    expect(exists(s, "configmaps", NS, "settings")).toBe(true);
    s = advance(s, 4).state;
    expect(exists(s, "configmaps", NS, "settings")).toBe(true);
    s = advance(s, 1).state;
    expect(exists(s, "configmaps", NS, "settings")).toBe(false);
    expect(exists(s, "namespaces", undefined, NS)).toBe(false);
  });

  it("writes the conditions, then removes its finalizer through the finalize subresource (retrying the stale copy's 409)", () => {
    let s = deleteNs(settle(withContent(nsCluster())).state);
    const effects: Effect[] = [];
    s = settle(s, { onStep: (_a, _s, e) => effects.push(...e) }).state;
    const mine = effects.filter((e) => e.kind === "request" && e.client === NAMESPACE_CONTROLLER_ID) as Extract<Effect, { kind: "request" }>[];
    const listed = new Set(mine.filter((e) => e.verb === "list").map((e) => e.resource));
    expect(listed.has("widgets.example.com")).toBe(true);
    expect(listed.has("pods")).toBe(true);
    expect(listed.has("nodes")).toBe(false); // cluster-scoped resources are not namespace content
    const writes = mine.filter((e) => e.verb === "update" && e.resource === "namespaces");
    // The conditions' status write; then finalize with the namespace read before that write (its resourceVersion
    // is stale, as in the real deleter), a 409, a fresh get and a successful retry.
    expect(writes.map((e) => e.code)).toEqual([200, 409, 200]);
    expect(mine[mine.length - 1]).toMatchObject({ verb: "update", resource: "namespaces", name: NS, code: 200 });
  });

  it("keeps a namespace Terminating, with conditions naming what remains, while an object's finalizer stays", () => {
    let s = settle(withContent(nsCluster())).state;
    s = must(s, { verb: "create", resource: "configmaps", namespace: NS, object: configMap("held", { finalizers: ["example.com/hold"] }) });
    s = deleteNs(settle(s).state);
    s = advance(s, 60).state;
    const ns = handle(s, { verb: "get", resource: "namespaces", name: NS }).result;
    expect(isStatus(ns)).toBe(false);
    const conds = Object.fromEntries(((ns as any).status.conditions as any[]).map((c) => [c.type, [c.status, c.reason, c.message]]));
    expect(conds).toEqual({
      NamespaceDeletionDiscoveryFailure: ["False", "ResourcesDiscovered", "All resources successfully discovered"],
      NamespaceDeletionGroupVersionParsingFailure: ["False", "ParsedGroupVersions", "All legacy kube types successfully parsed"],
      NamespaceDeletionContentFailure: ["False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
      NamespaceContentRemaining: ["True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"],
      NamespaceFinalizersRemaining: ["True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"],
    });
    expect((ns as any).spec.finalizers).toEqual(["kubernetes"]);
    // The owner of the finalizer finishes; the next poll (every 15/2+1 = 8 s) lets the namespace go.
    s = must(s, { verb: "patch", resource: "configmaps", namespace: NS, name: "held", patch: { metadata: { finalizers: null } } });
    s = advance(s, 8).state;
    expect(exists(s, "namespaces", undefined, NS)).toBe(false);
  });

  it("waits out the grace period of pods on a node, then reports what is left and lets the cluster quiesce", () => {
    let s = settle(withContent(nsCluster())).state;
    s = must(s, { verb: "create", resource: "pods", namespace: NS, object: { apiVersion: "v1", kind: "Pod", metadata: { name: "running" }, spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx:1.25" }] } } });
    s = deleteNs(settle(s).state);
    const deletedAt = s.clock.now;
    // No kubelet confirms the pod's termination: it stays with its deletionTimestamp.
    const r = settle(s);
    expect(r.quiesced).toBe(true);
    s = r.state;
    expect(s.clock.now).toBeGreaterThanOrEqual(deletedAt + 30);
    const pod = handle(s, { verb: "get", resource: "pods", namespace: NS, name: "running" }).result as any;
    expect(pod.metadata.deletionTimestamp).toBe(timestamp(deletedAt + 5 + 30));
    const ns = handle(s, { verb: "get", resource: "namespaces", name: NS }).result as any;
    expect(ns.status.phase).toBe("Terminating");
    const failure = (ns.status.conditions as any[]).find((c) => c.type === "NamespaceDeletionContentFailure");
    expect(failure).toMatchObject({
      status: "True",
      reason: "ContentDeletionFailed",
      message: "Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: team-a for gvr: /v1, Resource=pods",
    });
    // The kubelet's final delete (grace 0) removes the pod; the rate-limited retry then finishes the namespace.
    s = must(s, { verb: "delete", resource: "pods", namespace: NS, name: "running", gracePeriodSeconds: 0 });
    s = advance(s, 120).state;
    expect(exists(s, "namespaces", undefined, NS)).toBe(false);
  });

  it("converges after a restart in the middle of a deletion (its queue and timers' memory lost)", () => {
    let s = deleteNs(settle(withContent(nsCluster())).state);
    s = settle(s, { noTimers: true }).state;
    s = step(s, { type: "component.restart", component: NAMESPACE_CONTROLLER_ID });
    expect(btreeGet(s.components, NAMESPACE_CONTROLLER_ID)!.restarts).toBe(1);
    s = settle(s).state;
    expect(exists(s, "namespaces", undefined, NS)).toBe(false);
    expect(exists(s, "widgets.example.com", NS, "w1")).toBe(false);
  });

  it("does nothing for namespaces that are not being deleted", () => {
    let s = settle(withContent(nsCluster())).state;
    s = must(s, { verb: "patch", resource: "namespaces", name: NS, patch: { metadata: { labels: { team: "a" } } } });
    s = settle(s).state;
    const c = btreeGet(s.components, NAMESPACE_CONTROLLER_ID)!;
    expect(getTimer(s, timerIdFor(NAMESPACE_CONTROLLER_ID, NS))).toBeUndefined();
    const again = stepWithEffects(s, { type: "reconcile", component: c.id });
    expect(again.effects).toEqual([]);
    expect(exists(s, "configmaps", NS, "settings")).toBe(true);
  });

  it("without the controller a deleted namespace stays Terminating with its content (the finalizer is never removed)", () => {
    let s = deleteNs(settle(withContent(nsCluster({ namespaceController: false }))).state);
    s = advance(s, 600).state;
    expect(exists(s, "configmaps", NS, "settings")).toBe(true);
    const ns = handle(s, { verb: "get", resource: "namespaces", name: NS }).result as any;
    expect([ns.status.phase, ns.spec.finalizers]).toEqual(["Terminating", ["kubernetes"]]);
  });

  it("property: deleting one namespace removes exactly its objects, whatever they are", () => {
    const objectArb = fc.record({
      ns: fc.constantFrom(NS, "team-b"),
      kind: fc.constantFrom("configmaps", "secrets", "widgets.example.com", "pods"),
      name: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
    });
    fc.assert(
      fc.property(fc.uniqueArray(objectArb, { maxLength: 12, selector: (o) => `${o.ns}/${o.kind}/${o.name}` }), (objects) => {
        let s = nsCluster();
        for (const name of [NS, "team-b"]) {
          s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
          // The default account the ServiceAccounts controller would create: ServiceAccount admission requires it for pods.
          s = must(s, { verb: "create", resource: "serviceaccounts", namespace: name, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } });
        }
        s = must(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd("widgets", "Widget") });
        for (const o of objects) {
          const object =
            o.kind === "configmaps"
              ? configMap(o.name)
              : o.kind === "secrets"
                ? { apiVersion: "v1", kind: "Secret", metadata: { name: o.name }, data: {} }
                : o.kind === "pods"
                  ? { apiVersion: "v1", kind: "Pod", metadata: { name: o.name }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } }
                  : widget(o.name);
          s = must(s, { verb: "create", resource: o.kind, namespace: o.ns, object });
        }
        s = settle(deleteNs(settle(s).state)).state;
        expect(exists(s, "namespaces", undefined, NS)).toBe(false);
        for (const o of objects) expect(exists(s, o.kind, o.ns, o.name), `${o.ns}/${o.kind}/${o.name}`).toBe(o.ns !== NS);
      }),
      { numRuns: 25 },
    );
  });
});
