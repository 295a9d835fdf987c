/**
 * The lighter form (controller/reconciler.ts): a pure reconcile's requests are sent one a step, in order, the
 * step of the last one ending the run; the first failure drops the rest and requeues the key; a restart drops the
 * requests not yet sent; a reconciler that throws or returns anything but a list of valid requests is requeued
 * with a note saying why; one that is not pure is caught when it is re-run.
 */
import { describe, expect, it } from "vitest";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Effect } from "../model/effects.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { clusterOf } from "../model/cluster.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../model/config.ts";
import { handle } from "../model/apiserver/handle.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { storeGet } from "../model/store/store.ts";
import { queuePeek } from "../model/informers/workqueue.ts";
import { getTimer } from "../model/timers.ts";
import { timerIdFor } from "../model/informers/enqueue-after.ts";
import type { KObject } from "../model/objects/types.ts";
import { fingerprintsAlong } from "./fingerprints.test-support.ts";
import { userControllerKind } from "./kind.ts";
import type { ControllerMemory } from "./run-log.ts";

const cluster = clusterOf(BUILTIN_KINDS.with(userControllerKind()));
const ID = "controller/test";
const configWith = (module: string): ClusterConfig => ({ ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, { id: ID, kind: "user-controller", options: { module } }] });
const COPIES = "test/fixtures/controllers/configmap-copies.ts";
const MISBEHAVING = "test/fixtures/controllers/misbehaving-reconciler.ts";
const UNMARKED = "test/fixtures/controllers/unmarked-reconciler.ts";

const createCm = (s: State, name: string, extra: Partial<KObject> = {}): State => {
  const r = handle(s, { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", ...extra, metadata: { name, ...extra.metadata } } as KObject });
  return r.state;
};
const component = (s: State) => btreeGet(s.components, ID)!;
const memoryOf = (s: State): ControllerMemory => component(s).memory as ControllerMemory;
const reconcile: Action = { type: "reconcile", component: ID };
const sync: Action = { type: "informer.sync", component: ID, resource: "configmaps" };
const stored = (s: State, name: string) => storeGet(s.store, `/registry/configmaps/default/${name}`)?.value as KObject | undefined;
const requests = (effects: readonly Effect[]) => effects.filter((e) => e.kind === "request" && e.client === ID).map((e) => e.kind === "request" && `${e.verb} ${e.name} ${e.code}`);
const notes = (effects: readonly Effect[]) => effects.filter((e) => e.kind === "note" && e.who === ID).map((e) => e.kind === "note" && e.text);

/** Delivers every pending ConfigMap event to the controller's informer. */
/** How long the key's requeue waits (controller-runtime's back-off), when it is waiting. */
const backOff = (s: State, key: string): number | undefined => {
  const t = getTimer(s, timerIdFor(ID, key));
  return t && t.action.type === "enqueue" ? Math.round((t.due - s.clock.now) * 1e6) / 1e6 : undefined;
};

function synced(s: State): State {
  while (cluster.enabled(s).some((a) => a.type === "informer.sync" && a.component === ID)) s = cluster.step(s, sync);
  return s;
}

/** A settled cluster running the module, then ConfigMap `name` created (data k: v) and delivered to its informer. */
function withConfigMap(module: string, name: string, copies?: number): State {
  const s = cluster.settle(cluster.bootstrap({ config: configWith(module) })).state;
  return synced(createCm(s, name, { data: { k: "v" }, metadata: { name, ...(copies !== undefined ? { annotations: { "example.com/copies": String(copies) } } : {}) } }));
}

describe("a pure reconciler's requests, one a step", () => {
  it("sends them in order, one a step, the run in its memory between them; the step of the last ends it", () => {
    let s = withConfigMap(COPIES, "a", 2);
    let r = cluster.stepWithEffects(s, reconcile);
    expect(requests(r.effects)).toEqual(["create a-copy-1 201"]);
    expect(notes(r.effects)).toEqual([]);
    // The reconcile read the cache once, in the first step; the run holds those reads and the first answer.
    expect(memoryOf(r.state).run?.log.map((i) => `${i.call} ${i.method} ${i.call === "cache" ? i.args[2] : (i.args[0] as KObject).metadata.name}`)).toEqual([
      "cache get a",
      "cache get a-copy-1",
      "cache get a-copy-2",
      "cache get a-copy-3",
      "api create a-copy-1",
    ]);
    expect(stored(r.state, "a-copy-2")).toBeUndefined();
    expect(cluster.enabled(r.state)).toContainEqual(reconcile);
    s = r.state;
    r = cluster.stepWithEffects(s, reconcile);
    expect(requests(r.effects)).toEqual(["create a-copy-2 201"]);
    expect(notes(r.effects)).toEqual(["reconcile default/a: done"]);
    expect(memoryOf(r.state)).toEqual({ memory: {}, run: null, failures: {} });
    expect(stored(r.state, "a-copy-2")).toMatchObject({ data: { k: "v" }, metadata: { labels: { "example.com/copy-of": "a" }, ownerReferences: [{ kind: "ConfigMap", name: "a", controller: true }] } });
  });

  it("lets other actions interleave; the first failure drops the rest and requeues the key in the step that got it", () => {
    let s = cluster.step(withConfigMap(COPIES, "a", 3), reconcile);
    expect(stored(s, "a-copy-1")).toBeDefined();
    // Between two of its requests, the user creates a-copy-2 (without data); the controller's cache has not seen it.
    s = createCm(s, "a-copy-2");
    const r = cluster.stepWithEffects(s, reconcile);
    expect(requests(r.effects)).toEqual(["create a-copy-2 409"]);
    expect(notes(r.effects)).toEqual([expect.stringMatching(/^reconcile default\/a: error \(requeued after 0\.005 s\): request 2 of 3 \(create ConfigMap default\/a-copy-2\) failed: 409 AlreadyExists: .*; the 1 after it dropped$/)]);
    expect(memoryOf(r.state).run).toBeNull();
    expect(backOff(r.state, "default/a")).toBe(0.005);
    expect(stored(r.state, "a-copy-3")).toBeUndefined();
    // Requeued after its back-off, with the user's copy now in its cache: the reconcile replaces its data, then
    // creates the third.
    s = synced(cluster.step(r.state, { type: "clock.advance", seconds: 0.005 }));
    expect(queuePeek(component(s).queue)).toBe("default/a");
    const replace = cluster.stepWithEffects(s, reconcile);
    expect(requests(replace.effects)).toEqual(["update a-copy-2 200"]);
    const create = cluster.stepWithEffects(replace.state, reconcile);
    expect(requests(create.effects)).toEqual(["create a-copy-3 201"]);
    expect(stored(create.state, "a-copy-2")?.data).toEqual({ k: "v" });
    expect(memoryOf(create.state).run).toBeNull();
  });

  it("a restart mid-way drops the requests not yet sent; the key is reconciled afresh once the new informers list", () => {
    const s = cluster.step(withConfigMap(COPIES, "a", 3), reconcile);
    expect(memoryOf(s).run?.log.filter((i) => i.call === "api")).toHaveLength(1);
    const restarted = cluster.step(s, { type: "component.restart", component: ID });
    expect(memoryOf(restarted)).toEqual({ memory: {}, run: null, failures: {} });
    expect(cluster.enabled(restarted).filter((a) => a.type === "reconcile" && a.component === ID)).toEqual([]);
    expect(stored(restarted, "a-copy-2")).toBeUndefined();
    const settled = cluster.settle(restarted).state;
    expect(["a-copy-1", "a-copy-2", "a-copy-3"].map((n) => stored(settled, n)?.data)).toEqual([{ k: "v" }, { k: "v" }, { k: "v" }]);
  });

  it("deletes copies beyond the annotation's count; a reconcile with nothing to do ends in its first step", () => {
    let s = cluster.settle(withConfigMap(COPIES, "a", 3)).state;
    expect(stored(s, "a-copy-3")).toBeDefined();
    s = synced(handle(s, { verb: "patch", resource: "configmaps", namespace: "default", name: "a", patch: { metadata: { annotations: { "example.com/copies": "1" } } } }).state);
    let r = cluster.stepWithEffects(s, reconcile);
    expect(requests(r.effects)).toEqual(["delete a-copy-2 200"]);
    r = cluster.stepWithEffects(r.state, reconcile);
    expect(requests(r.effects)).toEqual(["delete a-copy-3 200"]);
    expect(notes(r.effects)).toEqual(["reconcile default/a: done"]);
    s = synced(r.state);
    const idle = cluster.stepWithEffects(s, reconcile);
    expect(requests(idle.effects)).toEqual([]);
    expect(notes(idle.effects)).toEqual([expect.stringMatching(/^reconcile default\/a(-copy-\d)?: done$/)]);
    expect(memoryOf(idle.state).run).toBeNull();
  });

  it("is deterministic, and a run in flight is part of the fingerprint", () => {
    const run = () => fingerprintsAlong(cluster, withConfigMap(COPIES, "a", 3), reconcile, 3);
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });

  it("patches with a JSON merge patch unless told otherwise (a list in it is no 415)", () => {
    const r = cluster.stepWithEffects(withConfigMap(MISBEHAVING, "patch"), reconcile);
    expect(requests(r.effects)).toEqual(["patch patch 200"]);
    expect(stored(r.state, "patch")?.metadata.labels).toEqual({ patched: "yes" });
    expect(memoryOf(r.state).run).toBeNull();
  });
});

describe("a reconciler that misbehaves is requeued with a note, never a crash", () => {
  it.each([
    ["throw", "the reconciler threw: boom"],
    ["promise", "the reconciler returned a Promise, not a list of requests (a reconciler is synchronous; an async reconcile is defineController's)"],
    ["not-a-list", "the reconciler returned an object, not a list of requests"],
    ["bad-verb", 'the reconciler returned requests[0].verb: "update" (verbs: create, replace, patch, delete)'],
    ["no-name", "the reconciler returned requests[0].object.metadata.name: expected a string"],
  ])("%s", (name, why) => {
    const r = cluster.stepWithEffects(withConfigMap(MISBEHAVING, name), reconcile);
    expect(requests(r.effects)).toEqual([]);
    expect(notes(r.effects)).toEqual([`reconcile default/${name}: error (requeued after 0.005 s): ${why}`]);
    expect(memoryOf(r.state).run).toBeNull();
    expect(backOff(r.state, `default/${name}`)).toBe(0.005);
  });

  it("one that is not pure is caught when it is re-run, and stops as a stuck worker", () => {
    const r = cluster.stepWithEffects(withConfigMap(MISBEHAVING, "random"), reconcile);
    expect(requests(r.effects)).toEqual([expect.stringMatching(/^create r\d+ 201$/)]);
    expect(memoryOf(r.state).run?.stuck).toMatch(/^the reconcile is not deterministic: interaction 1 was api create .*"name":"r\d+".*, now api create/);
  });

  it("a pure reconcile exported without defineReconciler is an error that says so", () => {
    const r = cluster.stepWithEffects(withConfigMap(UNMARKED, "a"), reconcile);
    expect(notes(r.effects)).toEqual(["reconcile default/a: error (requeued after 0.005 s): the reconcile returned a list, which only a reconciler's does: declare a pure reconcile with defineReconciler"]);
    expect(backOff(r.state, "default/a")).toBe(0.005);
  });
});
