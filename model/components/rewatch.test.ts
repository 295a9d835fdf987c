import { describe, expect, it } from "vitest";
import type { State } from "../state.ts";
import type { Action } from "../actions.ts";
import { componentAt } from "../state.ts";
import { BUILTIN_KINDS } from "../builtin-kinds.ts";
import { clusterOf } from "../cluster.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { newInformer } from "../informers/cache.ts";
import { getTimer } from "../timers.ts";
import type { ApiRequest } from "../apiserver/request.ts";
import type { ComponentBehavior, WatchChange } from "./behavior.ts";
import { fixedKind } from "./kinds.ts";
import { informersFor } from "./rewatch.ts";
import { updateComponent } from "./update.ts";
import { CRD_CLEANUP_KIND } from "../controllers/namespace/crd-cleanup.ts";

/** A stand-in kind that watches ConfigMaps and every served custom resource, rewatching every 10 s. */
interface Memory {
  readonly changes: readonly WatchChange[];
  /** Whether the hook saw the informers about to stop still in place, each time. */
  readonly sawRemoved: readonly boolean[];
}
const follower: ComponentBehavior<Memory> = {
  kind: "follower",
  source: "test",
  watches: (_id, state) => ["configmaps", ...Object.keys(state.api.customResources).sort()].map((resource) => ({ resource })),
  rewatchPeriod: 10,
  onRewatch: (state, c, change) =>
    updateComponent<Memory>(state, c.id, (cur) => ({
      ...cur,
      memory: { changes: [...cur.memory.changes, change], sawRemoved: [...cur.memory.sawRemoved, change.removed.every((r) => c.informers[r] !== undefined)] },
    })),
  keysFor: () => [],
  reconcile: (state) => ({ state }),
  initialMemory: () => ({ changes: [], sawRemoved: [] }),
};

const cluster = clusterOf(BUILTIN_KINDS.with(fixedKind(follower)));
const ID = "test/follower";
const must = (s: State, req: ApiRequest): State => {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
};
const crd = (plural: string) => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${plural}.example.com` },
  spec: { group: "example.com", scope: "Namespaced", names: { plural, kind: plural[0]!.toUpperCase() + plural.slice(1, -1) }, versions: [{ name: "v1", served: true, storage: true }] },
});
const informers = (s: State) => Object.keys(componentAt(s, ID)!.informers);
const mem = (s: State) => componentAt<Memory>(s, ID)!.memory;

describe("rewatch: a component's informer set follows the cluster (model/components/rewatch.ts)", () => {
  it("informersFor keeps running informers with the same spec, starts new ones, and says what changed", () => {
    const running = { configmaps: { ...newInformer({ resource: "configmaps" }), synced: true, revision: 7 }, secrets: newInformer({ resource: "secrets" }), pods: newInformer({ resource: "pods" }) };
    const { informers: next, change } = informersFor(running, [{ resource: "pods", fieldSelector: "spec.nodeName=n1" }, { resource: "configmaps" }, { resource: "services" }]);
    expect(next.configmaps).toBe(running.configmaps);
    expect(Object.keys(next)).toEqual(["pods", "configmaps", "services"]);
    expect(next.pods).toMatchObject({ fieldSelector: "spec.nodeName=n1", synced: false });
    expect(change).toEqual({ added: ["pods", "services"], removed: ["pods", "secrets"] });
  });

  it("starts with what watches says at start; each rewatch adds and removes informers as the cluster changed", () => {
    let s = cluster.addComponent(cluster.bootstrap({ without: BUILTIN_KINDS.names().filter((k) => k !== CRD_CLEANUP_KIND) }), ID, "follower");
    expect(informers(s)).toEqual(["configmaps"]);
    expect(getTimer(s, `${ID}|rewatch`)).toMatchObject({ due: 10, periodic: true });
    s = must(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd("widgets") });
    s = must(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } } });
    // Not before the rewatch.
    s = cluster.settle(s, { noTimers: true }).state;
    expect(informers(s)).toEqual(["configmaps"]);
    s = cluster.advance(s, 10).state;
    expect(informers(s)).toEqual(["configmaps", "widgets.example.com"]);
    // The new informer listed (settle ran its sync).
    expect(componentAt(s, ID)!.informers["widgets.example.com"]!.synced).toBe(true);
    expect(mem(s).changes).toEqual([{ added: ["widgets.example.com"], removed: [] }]);

    // Gone with its CRD: removed at the next rewatch, the hook seeing the informer (and its cache) still there.
    s = cluster.settle(must(s, { verb: "delete", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" })).state;
    s = cluster.advance(s, 10).state;
    expect(informers(s)).toEqual(["configmaps"]);
    expect(mem(s).changes.at(-1)).toEqual({ added: [], removed: ["widgets.example.com"] });
    expect(mem(s).sawRemoved).toEqual([true, true]);
  });

  it("is part of the state: replaying the same actions gives the same informer sets", () => {
    const actions: Action[] = [];
    let s = cluster.addComponent(cluster.bootstrap({ without: BUILTIN_KINDS.names().filter((k) => k !== CRD_CLEANUP_KIND) }), ID, "follower");
    const start = s;
    s = must(s, { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd("gadgets") });
    const created = s;
    s = cluster.advance(s, 25, { onStep: (a) => actions.push(a) }).state;
    expect(actions.filter((a) => a.type === "informer.rewatch" || a.type === "clock.tick").length).toBeGreaterThan(0);
    let replay = created;
    for (const a of actions) replay = cluster.step(replay, a);
    expect(JSON.stringify(componentAt(replay, ID))).toBe(JSON.stringify(componentAt(s, ID)));
    expect(informers(start)).toEqual(["configmaps"]);
    expect(informers(replay)).toEqual(["configmaps", "gadgets.example.com"]);
  });
});
