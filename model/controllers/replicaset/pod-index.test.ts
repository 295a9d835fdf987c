/**
 * The pod index (getRSPods): which pods a sync reads, and that the controller does exactly what the
 * namespace-scanning controller does — same requests, same answers, same store — under any interleaving.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { Action } from "../../actions.ts";
import type { KObject } from "../../objects/types.ts";
import type { Effect } from "../../effects.ts";
import type { Options } from "../../config.ts";
import { BUILTIN_KINDS } from "../../builtin-kinds.ts";
import { componentActions } from "../../enabled.ts";
import { btreeGet, btreeKeys, btreeRange } from "../../collections/btree.ts";
import { stepWithEffects } from "../../step.ts";
import { settle } from "../../settle.ts";
import type { IndexedInformerState } from "../../informers/indexer.ts";
import { REPLICA_SET_FLAVOR } from "./flavor.ts";
import { POD_CONTROLLER_INDEX, getRSPods, podControllerIndexKey } from "./pod-index.ts";
import { RS, barePod, createRS, getObj, ok, replicaSet, rsClusterWith, syncAll } from "./fixtures.test-support.ts";

/** The controller as Kubernetes before 1.33 (list the namespace, no informer indexes). */
const SCAN: Options = { podLister: "namespace-scan" };
const INDEX: Options = {};

const clusterWith = (options: Options): State => rsClusterWith(options);
const actionsOf = (s: State) => componentActions(BUILTIN_KINDS.runtime(s.config), s, rsComp(s));
const rsComp = (s: State) => btreeGet(s.components, RS)!;
const names = (pods: readonly KObject[]) => pods.map((p) => p.metadata.name);
const createPod = (s: State, p: KObject, ns = "default") => ok(s, { verb: "create", resource: "pods", namespace: ns, object: p }).state;

describe("getRSPods (FilterPodsByOwner over the pod controller index)", () => {
  it("gives the controller's own pods and its namespace's orphans, in name order, and nobody else's", () => {
    let s = clusterWith(INDEX);
    s = ok(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } } }).state;
    s = ok(s, { verb: "create", resource: "serviceaccounts", namespace: "other", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } }).state;
    s = createRS(createRS(s, replicaSet("web", 0)), replicaSet("api", 0));
    const web = getObj(s, "replicasets.apps", "web");
    const api = getObj(s, "replicasets.apps", "api");
    const ref = (o: KObject, extra: Partial<{ name: string; kind: string }> = {}) => [
      { apiVersion: "apps/v1", kind: extra.kind ?? "ReplicaSet", name: extra.name ?? o.metadata.name!, uid: o.metadata.uid!, controller: true },
    ];
    s = createPod(s, { ...barePod("w2", { app: "web" }), metadata: { name: "w2", labels: { app: "web" }, ownerReferences: ref(web) } });
    s = createPod(s, { ...barePod("a1", { app: "api" }), metadata: { name: "a1", labels: { app: "api" }, ownerReferences: ref(api) } });
    s = createPod(s, barePod("o1", { app: "web" }));
    s = createPod(s, barePod("z9", { app: "nothing" }));
    s = createPod(s, { ...barePod("w0", { app: "web" }), metadata: { name: "w0", labels: { app: "web" }, ownerReferences: ref(web) } });
    // The right uid under another name or kind is not a reference to this controller (kubernetes#134654).
    s = createPod(s, { ...barePod("x1", { app: "web" }), metadata: { name: "x1", labels: { app: "web" }, ownerReferences: ref(web, { name: "imposter" }) } });
    s = createPod(s, { ...barePod("x2", { app: "web" }), metadata: { name: "x2", labels: { app: "web" }, ownerReferences: ref(web, { kind: "StatefulSet" }) } });
    // An orphan of another namespace.
    s = createPod(s, barePod("o2", { app: "web" }), "other");
    s = syncAll(s);
    const c = rsComp(s);
    expect(names(getRSPods(c, REPLICA_SET_FLAVOR, web))).toEqual(["o1", "w0", "w2", "z9"]);
    expect(names(getRSPods(c, REPLICA_SET_FLAVOR, api))).toEqual(["a1", "o1", "z9"]);
    expect(names(getRSPods(c, REPLICA_SET_FLAVOR, web, "namespace-scan"))).toEqual(["o1", "w0", "w2", "z9"]);
    // The index holds every pod once: 8 in default, 1 in other.
    expect((c.informers.pods as IndexedInformerState).indices![POD_CONTROLLER_INDEX]!.size).toBe(8);
    expect(podControllerIndexKey("default")).toBe("default/_ORPHAN_POD");
  });

  it("an adopted orphan moves from the orphan key to the controller's key once the informer shows the adoption", () => {
    let s = createRS(clusterWith(INDEX), replicaSet("web", 1));
    s = syncAll(createPod(s, barePod("o1", { app: "web" })));
    const web = getObj(s, "replicasets.apps", "web");
    expect(names(getRSPods(rsComp(s), REPLICA_SET_FLAVOR, web))).toEqual(["o1"]);
    s = settle(s).state;
    const index = (rsComp(s).informers.pods as IndexedInformerState).indices![POD_CONTROLLER_INDEX]!;
    expect(btreeKeys(index)).toEqual([`${podControllerIndexKey("default", { kind: "ReplicaSet", name: "web", uid: web.metadata.uid! })}\0default/o1`]);
    // Adopted, replicas reached: no pod was created.
    expect(names(getRSPods(rsComp(s), REPLICA_SET_FLAVOR, web))).toEqual(["o1"]);
  });
});

type Op =
  | { kind: "rs"; name: number; replicas: number }
  | { kind: "scale"; name: number; replicas: number }
  | { kind: "orphan"; pod: number; app: number }
  | { kind: "relabel"; pod: number; app: number }
  | { kind: "delete-pod"; pod: number }
  | { kind: "delete-rs"; name: number }
  | { kind: "compact" }
  | { kind: "restart" }
  | { kind: "run"; steps: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("rs" as const), name: fc.nat(2), replicas: fc.nat(4) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("scale" as const), name: fc.nat(2), replicas: fc.nat(5) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("orphan" as const), pod: fc.nat(4), app: fc.nat(2) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("relabel" as const), pod: fc.nat(20), app: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("delete-pod" as const), pod: fc.nat(20) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("delete-rs" as const), name: fc.nat(2) }), weight: 1 },
  { arbitrary: fc.constant({ kind: "compact" as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: "restart" as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("run" as const), steps: fc.integer({ min: 1, max: 6 }) }), weight: 4 },
);

/** A user operation (the same on both clusters); a request the API server refuses changes nothing. */
function userOp(s: State, op: Op, choice: number): { state: State; actions: Action[] } {
  const user = (request: Action & { type: "api" }): Action[] => [request];
  const podNames = (): string[] => btreeKeys(rsComp(s).informers.pods!.cache).filter((k) => k.startsWith("default/")).map((k) => k.slice(8));
  switch (op.kind) {
    case "rs":
      return { state: s, actions: user({ type: "api", client: "user", request: { verb: "create", resource: "replicasets.apps", namespace: "default", object: replicaSet(`rs${op.name}`, op.replicas, { labels: { app: `a${op.name}` } }) } }) };
    case "scale":
      return { state: s, actions: user({ type: "api", client: "user", request: { verb: "patch", resource: "replicasets.apps", namespace: "default", name: `rs${op.name}`, patch: { spec: { replicas: op.replicas } } } }) };
    case "orphan":
      return { state: s, actions: user({ type: "api", client: "user", request: { verb: "create", resource: "pods", namespace: "default", object: barePod(`orphan${op.pod}`, { app: `a${op.app}` }) } }) };
    case "relabel":
    case "delete-pod": {
      const all = podNames();
      if (all.length === 0) return { state: s, actions: [] };
      const name = all[(op.pod + choice) % all.length]!;
      const request =
        op.kind === "relabel"
          ? { verb: "patch" as const, resource: "pods", namespace: "default", name, patch: { metadata: { labels: { app: `a${op.app}` } } } }
          : { verb: "delete" as const, resource: "pods", namespace: "default", name };
      return { state: s, actions: user({ type: "api", client: "user", request }) };
    }
    case "delete-rs":
      return { state: s, actions: user({ type: "api", client: "user", request: { verb: "delete", resource: "replicasets.apps", namespace: "default", name: `rs${op.name}`, propagationPolicy: "Orphan" } }) };
    case "compact":
      return { state: s, actions: [{ type: "store.compact" }] };
    case "restart":
      return { state: s, actions: [{ type: "component.restart", component: RS }] };
    case "run":
      return { state: s, actions: [] };
  }
}

const storeSnapshot = (s: State) => [...btreeRange(s.store.kvs)].map(([k, kv]) => [k, kv.modRevision, kv.value]);

describe("the controller with the index behaves exactly as the namespace-scanning one", () => {
  it("property: same enabled actions, same requests and answers at every step, same store at the end", () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(opArb, fc.nat(7)), { minLength: 5, maxLength: 30, size: "max" }), (ops) => {
        let a = clusterWith(INDEX);
        let b = clusterWith(SCAN);
        const take = (act: Action): void => {
          const ra = stepWithEffects(a, act);
          const rb = stepWithEffects(b, act);
          expect(ra.effects as Effect[]).toEqual(rb.effects as Effect[]);
          a = ra.state;
          b = rb.state;
        };
        for (const [op, choice] of ops) {
          if (op.kind === "run") {
            // Let the controller take `steps` of its actions, picking among them by `choice` (informer syncs in any
            // order against reconciles: lagging caches included).
            for (let i = 0; i < op.steps; i++) {
              const actsA = actionsOf(a);
              expect(actsA).toEqual(actionsOf(b));
              if (actsA.length === 0) break;
              take(actsA[(choice + i) % actsA.length]!);
            }
            continue;
          }
          for (const act of userOp(a, op, choice).actions) take(act);
        }
        a = settle(a).state;
        b = settle(b).state;
        expect(storeSnapshot(a)).toEqual(storeSnapshot(b));
        // And the index agrees with the cache it indexes.
        const pods = rsComp(a).informers.pods as IndexedInformerState;
        if (pods.synced) {
          const indexed = [...btreeRange(pods.indices?.[POD_CONTROLLER_INDEX] ?? { root: null, size: 0 })].map(([, key]) => key).sort();
          expect(indexed).toEqual(btreeKeys(pods.cache));
        }
      }),
      { numRuns: 60 },
    ));
});
