import { describe, expect, it } from "vitest";
import { cluster, ok, pod } from "../../test/helpers.ts";
import { stepWithEffects, step } from "../step.ts";
import { enabled } from "../enabled.ts";
import { btreeGet } from "../collections/btree.ts";
import { cacheGet, cacheList, informerLag } from "./cache.ts";
import { queueLength } from "./workqueue.ts";
import type { State } from "../state.ts";
import type { Action } from "../actions.ts";

const SA = "kube-controller-manager/serviceaccount";
const comp = (s: State) => btreeGet(s.components, SA)!;
const sync = (resource: string) => ({ type: "informer.sync" as const, component: SA, resource });
const reconcile: Action = { type: "reconcile", component: SA };
/** A cluster without the "default" accounts bootstrap creates, so the controller has them to create. */
const withoutDefaultAccount = (): State =>
  ["default", "kube-node-lease", "kube-public", "kube-system"].reduce((s, namespace) => ok(s, { verb: "delete", resource: "serviceaccounts", namespace, name: "default" }).state, cluster());

describe("informers", () => {
  it("start unsynced, list on their first sync and queue a key per object", () => {
    let s = cluster();
    expect(enabled(s).filter((a) => "component" in a && a.component === SA)).toEqual([sync("namespaces"), sync("serviceaccounts")]);
    s = step(s, sync("namespaces"));
    expect(comp(s).informers.namespaces!.synced).toBe(true);
    expect(cacheList(comp(s), "namespaces").map((n) => n.metadata.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    expect(queueLength(comp(s).queue)).toBe(4);
  });

  it("a lagging cache makes the controller act on stale data; catching up stops it", () => {
    let s = step(step(withoutDefaultAccount(), sync("serviceaccounts")), sync("namespaces"));
    // The first reconcile creates default/default; the controller's serviceaccount cache does not see it yet.
    const first = stepWithEffects(s, reconcile);
    expect(first.effects).toEqual([{ kind: "request", client: SA, verb: "create", resource: "serviceaccounts", namespace: "default", name: "default", code: 201 }]);
    s = first.state;
    expect(cacheGet(comp(s), "serviceaccounts", "default/default")).toBeUndefined();
    expect(informerLag(s, comp(s).informers.serviceaccounts!)).toBeGreaterThan(0);
    // An update of the namespace brings the key back while the cache still lags: the controller creates again
    // from stale data, and the API server refuses with 409 AlreadyExists.
    s = ok(s, { verb: "patch", resource: "namespaces", name: "default", patch: { metadata: { labels: { team: "a" } } } }).state;
    for (let i = 0; i < 3; i++) s = step(s, reconcile); // drain the other namespaces
    s = step(s, sync("namespaces"));
    const stale = stepWithEffects(s, reconcile);
    expect(stale.effects.map((e) => e.kind === "request" && [e.verb, e.namespace, e.code])).toEqual([["create", "default", 409]]);
    s = stale.state;
    // Catch up: the cache now has the account, and the next reconcile sends nothing.
    s = step(s, sync("serviceaccounts"));
    expect(cacheGet(comp(s), "serviceaccounts", "default/default")?.metadata.name).toBe("default");
    expect(informerLag(s, comp(s).informers.serviceaccounts!)).toBe(0);
    s = ok(s, { verb: "patch", resource: "namespaces", name: "default", patch: { metadata: { labels: { team: "b" } } } }).state;
    s = step(s, sync("namespaces"));
    expect(stepWithEffects(s, reconcile).effects).toEqual([]);
  });

  it("a partial sync (limit) moves the cache forward one event at a time", () => {
    let s = step(withoutDefaultAccount(), sync("serviceaccounts"));
    for (const n of ["a", "b", "c"]) s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: n } } }).state;
    s = ok(s, { verb: "create", resource: "serviceaccounts", namespace: "default", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "x" } } }).state;
    s = ok(s, { verb: "create", resource: "serviceaccounts", namespace: "default", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "y" } } }).state;
    s = step(s, { ...sync("serviceaccounts"), limit: 1 });
    expect(cacheList(comp(s), "serviceaccounts").map((o) => o.metadata.name)).toEqual(["x"]);
    s = step(s, { ...sync("serviceaccounts"), limit: 1 });
    expect(cacheList(comp(s), "serviceaccounts").map((o) => o.metadata.name)).toEqual(["x", "y"]);
  });

  it("after compaction a lagging watch gets 410, and the informer relists and catches up", () => {
    let s = step(step(withoutDefaultAccount(), sync("serviceaccounts")), sync("namespaces"));
    for (let i = 0; i < 4; i++) s = step(s, reconcile);
    s = step(s, { type: "store.compact" });
    s = step(s, sync("serviceaccounts"));
    expect(comp(s).informers.serviceaccounts!.expired).toBe(true);
    expect(enabled(s)).toContainEqual(sync("serviceaccounts"));
    s = step(s, sync("serviceaccounts"));
    const inf = comp(s).informers.serviceaccounts!;
    expect(inf.expired).toBe(false);
    expect(inf.revision).toBe(s.store.revision);
    expect(cacheList(comp(s), "serviceaccounts")).toHaveLength(4);
  });

  it("a restart loses the caches and the queue; the component relists and converges", () => {
    let s = step(step(cluster(), sync("serviceaccounts")), sync("namespaces"));
    s = step(s, { type: "component.restart", component: SA });
    expect(comp(s).restarts).toBe(1);
    expect(comp(s).informers.namespaces!.synced).toBe(false);
    expect(queueLength(comp(s).queue)).toBe(0);
    // Component work only: the periodic resync timer keeps clock.tick enabled forever.
    const work = (x: typeof s) => enabled(x).filter((a) => a.type !== "clock.tick");
    for (let a = work(s); a.length > 0; a = work(s)) s = step(s, a[0]!);
    const sas = cacheList(comp(s), "serviceaccounts");
    expect(sas.map((o) => o.metadata.namespace)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    void pod;
  });
});
