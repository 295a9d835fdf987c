/**
 * A user's controller inside the model (controller/kind.ts): every awaited API call of its async reconcile is a
 * step of its own, other components and faults interleave between them, a restart mid-reconcile drops the run,
 * and misbehaviour is answered as Kubernetes would: a thrown error requeues, an invalid object gets a 422, a
 * reconcile waiting for something else is a stuck worker, and a reconcile that is not deterministic is refused.
 */
import { describe, expect, it } from "vitest";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { clusterOf } from "../model/cluster.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../model/config.ts";
import { handle } from "../model/apiserver/handle.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { storeGet } from "../model/store/store.ts";
import { queueLength } from "../model/informers/workqueue.ts";
import { getTimer } from "../model/timers.ts";
import { timerIdFor } from "../model/informers/enqueue-after.ts";
import { fingerprintsAlong } from "./fingerprints.test-support.ts";
import { userControllerKind } from "./kind.ts";
import type { ControllerMemory } from "./run-log.ts";

const cluster = clusterOf(BUILTIN_KINDS.with(userControllerKind()));
const ID = "controller/test";
const configWith = (module: string): ClusterConfig => ({ ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, { id: ID, kind: "user-controller", options: { module } }] });
const MIRROR = "test/fixtures/controllers/configmap-mirror.ts";
const MISBEHAVING = "test/fixtures/controllers/misbehaving.ts";

const createCm = (s: State, name: string): State => handle(s, { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } }).state;
const memoryOf = (s: State): ControllerMemory => btreeGet(s.components, ID)!.memory as ControllerMemory;
const reconcile: Action = { type: "reconcile", component: ID };
const sync: Action = { type: "informer.sync", component: ID, resource: "configmaps" };
const exists = (s: State, name: string) => storeGet(s.store, `/registry/configmaps/default/${name}`) !== undefined;

/** A settled cluster running the controller, then a ConfigMap created and delivered to its informer. */
function withConfigMap(module: string, name: string): State {
  let s = cluster.settle(cluster.bootstrap({ config: configWith(module) })).state;
  s = cluster.step(createCm(s, name), sync);
  return s;
}

describe("a user's async reconcile, one awaited API call a step", () => {
  it("takes one step per call, the run in its memory between them, and ends with its memory changes kept", () => {
    let s = withConfigMap(MIRROR, "a");
    s = cluster.step(s, reconcile);
    // First step: the read of a-mirror (404); the run is in flight with that answer.
    expect(memoryOf(s).run).toMatchObject({ key: "default/a", log: [{ call: "cache", method: "get" }, { call: "api", method: "read", answer: { error: { code: 404 } } }] });
    expect(cluster.enabled(s)).toContainEqual(reconcile);
    s = cluster.step(s, reconcile);
    expect(exists(s, "a-mirror")).toBe(true);
    expect(memoryOf(s).run?.log).toHaveLength(3);
    s = cluster.step(s, reconcile);
    // 5: a's mirror, and the mirrors of the four namespaces' kube-root-ca.crt made while the cluster settled.
    expect(memoryOf(s)).toEqual({ memory: { creates: 5 }, run: null, failures: {} });
  });

  it("lets other actions interleave between two calls of one reconcile, and a restart drops the run and the memory", () => {
    let s = cluster.step(withConfigMap(MIRROR, "a"), reconcile);
    // Between the read and the create, the user creates a-mirror themselves: the controller's create gets a 409.
    s = createCm(s, "a-mirror");
    const inFlight = s;
    s = cluster.step(s, reconcile);
    const create = memoryOf(s).run!.log.at(-1)!;
    expect(create).toMatchObject({ call: "api", method: "create", answer: { error: { code: 409 } } });
    // The 409 makes the reconcile fail: it is requeued after the key's back-off.
    s = cluster.step(s, reconcile);
    expect(memoryOf(s).run).toBeNull();
    expect(memoryOf(s).failures).toEqual({ "default/a": 1 });
    expect(getTimer(s, timerIdFor(ID, "default/a"))).toMatchObject({ due: s.clock.now + 0.005, action: { type: "enqueue", key: "default/a" } });
    // A restart in the middle of the reconcile drops it, its cache and its queue.
    const restarted = cluster.step(inFlight, { type: "component.restart", component: ID });
    expect(memoryOf(restarted)).toEqual({ memory: {}, run: null, failures: {} });
    expect(cluster.enabled(restarted).filter((a) => a.type === "reconcile" && a.component === ID)).toEqual([]);
  });

  it("is deterministic: the same actions give the same states, and a run in flight is part of the fingerprint", () => {
    const run = () => fingerprintsAlong(cluster, withConfigMap(MIRROR, "a"), reconcile, 3);
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });
});

describe("misbehaving reconciles are answered as Kubernetes and controller-runtime would", () => {
  it("a thrown error requeues the key with controller-runtime's exponential back-off (5 ms, doubled each failure), which does not hold settle open", () => {
    let s = cluster.step(withConfigMap(MISBEHAVING, "throw"), reconcile);
    expect(memoryOf(s).run).toBeNull();
    expect(queueLength(btreeGet(s.components, ID)!.queue)).toBe(0);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const timer = getTimer(s, timerIdFor(ID, "default/throw"))!;
      delays.push(Math.round((timer.due - s.clock.now) * 1000));
      expect(timer.periodic).toBe(true);
      s = cluster.step(s, { type: "clock.tick" });
      expect(queueLength(btreeGet(s.components, ID)!.queue)).toBe(1);
      s = cluster.step(s, reconcile);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(memoryOf(s).failures).toEqual({ "default/throw": 5 });
    // A controller failing for ever leaves a cluster that settles (only its back-off timer is left).
    expect(cluster.settle(s).state.clock.now).toBe(s.clock.now);
  });

  it("a reconcile that throws before returning a promise (not async) is a thrown error too, not a lost worker", () => {
    const r = cluster.stepWithEffects(withConfigMap("test/fixtures/controllers/throws-early.ts", "a"), reconcile);
    expect(r.effects).toContainEqual({ kind: "note", who: ID, text: "reconcile default/a: error (requeued after 0.005 s): no promise for default/a" });
    expect(memoryOf(r.state).run).toBeNull();
    // The kube-root-ca.crt ConfigMaps of the four namespaces failed once each while the cluster settled.
    const rootCA = Object.fromEntries(["default", "kube-node-lease", "kube-public", "kube-system"].map((ns) => [`${ns}/kube-root-ca.crt`, 1]));
    expect(memoryOf(r.state).failures).toEqual({ ...rootCA, "default/a": 1 });
  });

  it("an invalid object is a 422 the reconcile sees as an ApiException", () => {
    let s = cluster.step(withConfigMap(MISBEHAVING, "invalid"), reconcile);
    expect(memoryOf(s).run!.log.at(-1)).toMatchObject({ call: "api", method: "create", answer: { error: { code: 422, body: { kind: "Status", reason: "Invalid" } } } });
    s = cluster.step(s, reconcile);
    expect(memoryOf(s)).toEqual({ memory: { lastCode: 422 }, run: null, failures: {} });
  });

  it("a reconcile waiting for a timer is a stuck worker: it stays, and takes no other key", () => {
    let s = cluster.step(withConfigMap(MISBEHAVING, "wait"), reconcile);
    expect(memoryOf(s).run).toMatchObject({ key: "default/wait", stuck: "it waits for something that is not the client" });
    s = cluster.step(createCm(s, "other"), sync);
    expect(cluster.enabled(s).filter((a) => a.type === "reconcile" && a.component === ID)).toEqual([reconcile]);
    expect(cluster.step(s, reconcile)).toEqual(cluster.step(s, reconcile));
  });

  it("a reconcile that is not deterministic is caught when it is re-run, and stops", () => {
    let s = cluster.step(withConfigMap(MISBEHAVING, "random"), reconcile);
    s = cluster.step(s, reconcile);
    expect(memoryOf(s).run?.stuck).toMatch(/^the reconcile is not deterministic: interaction 1 was api read .*"name":"n0\.\d+".*, now api read/);
  });
});

describe("a controller module that does not load", () => {
  it("is refused when the config is resolved, naming the field and the file", () => {
    expect(() => cluster.bootstrap({ config: configWith("test/fixtures/controllers/nope.ts") })).toThrow(/^cluster\.components\[20\]\.options\.module: test\/fixtures\/controllers\/nope\.ts: /);
  });
});
