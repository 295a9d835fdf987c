import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { fixedKind } from "../components/kinds.ts";
import { BUILTIN_KINDS } from "../builtin-kinds.ts";
import { clusterOf } from "../cluster.ts";
import { btreeGet, btreeKeys, btreeRange } from "../collections/btree.ts";
import type { ComponentBehavior } from "../components/behavior.ts";
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { cacheByIndex, cacheList } from "./cache.ts";
import { buildIndices, indexKeys, updateIndices, type IndexedInformerState, type Indexers } from "./indexer.ts";
import { queueLength } from "./workqueue.ts";

/** Index pods by their "app" label and by every value of their comma-separated "tags" label. */
const byApp = (o: KObject): readonly string[] => (o.metadata.labels?.app ? [o.metadata.labels.app] : []);
const byTag = (o: KObject): readonly string[] => (o.metadata.labels?.tags ? o.metadata.labels.tags.split(".") : []);
const INDEXERS: Indexers = { app: byApp, tag: byTag };

const KIND = "indexer-test";
const ID = "test/indexer";
const behavior: ComponentBehavior = {
  kind: KIND,
  source: "client-go tools/cache (test component)",
  watches: () => [{ resource: "pods" }],
  keysFor: (_r, ev) => [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`],
  reconcile: (state) => ({ state }),
  initialMemory: () => null,
  indexers: { pods: INDEXERS },
};
/** The cluster model with the test component's kind. */
const cluster = clusterOf(BUILTIN_KINDS.with(fixedKind(behavior)));
const step = cluster.step;

const pod = (name: string, labels: Record<string, string>, ns = "default"): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c", image: "nginx" }] },
});

/** A namespace with its default service account (which pod admission looks up). */
function withNamespace(s: State, ns: string): State {
  s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
  return must(s, { verb: "create", resource: "serviceaccounts", namespace: ns, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } });
}

/** A cluster with no control plane but the test component, and namespaces "other", "ns0" and "ns1". */
function start(): State {
  let s = cluster.bootstrap({ config: { components: [] } });
  for (const ns of ["other", "ns0", "ns1"]) s = withNamespace(s, ns);
  return cluster.addComponent(s, ID, KIND);
}
const comp = (s: State): ComponentState => btreeGet(s.components, ID)!;
const informer = (s: State) => comp(s).informers.pods as IndexedInformerState;
const sync = (s: State, limit?: number) => step(s, { type: "informer.sync", component: ID, resource: "pods", ...(limit ? { limit } : {}) });
const must = (s: State, req: Parameters<typeof handle>[1]): State => {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${r.result.code}: ${r.result.message}`);
  return r.state;
};
const create = (s: State, p: KObject) => must(s, { verb: "create", resource: "pods", namespace: p.metadata.namespace!, object: p });
const relabel = (s: State, name: string, labels: Record<string, string | null>, ns = "default") =>
  must(s, { verb: "patch", resource: "pods", namespace: ns, name, patch: { metadata: { labels } } });
const remove = (s: State, name: string, ns = "default") => must(s, { verb: "delete", resource: "pods", namespace: ns, name, gracePeriodSeconds: 0 });
const names = (os: readonly KObject[]) => os.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

/** The index holds exactly what a rebuild from the cache would hold. */
function expectConsistent(s: State): void {
  const inf = informer(s);
  const rebuilt = buildIndices(INDEXERS, btreeRange(inf.cache));
  for (const name of Object.keys(INDEXERS)) expect(btreeKeys(inf.indices?.[name] ?? rebuilt[name]!)).toEqual(btreeKeys(rebuilt[name]!));
}

describe("updateIndices / buildIndices (thread_safe_store updateIndices)", () => {
  const a = pod("a", { app: "web", tags: "x.y" });
  it("adds, moves and removes entries, and leaves an index it does not change untouched", () => {
    let ix = updateIndices({}, INDEXERS, "default/a", undefined, a);
    expect(indexKeys(ix.app!, "web")).toEqual(["default/a"]);
    expect(indexKeys(ix.tag!, "x")).toEqual(["default/a"]);
    expect(indexKeys(ix.tag!, "y")).toEqual(["default/a"]);
    // A status-like update (same index values): the very same indices object.
    const same = updateIndices(ix, INDEXERS, "default/a", a, { ...a, status: { phase: "Running" } });
    expect(same).toBe(ix);
    // A tag change touches only the tag index; the app index is shared with the previous version.
    const moved = updateIndices(ix, INDEXERS, "default/a", a, pod("a", { app: "web", tags: "y.z" }));
    expect(moved.app).toBe(ix.app);
    expect(indexKeys(moved.tag!, "x")).toEqual([]);
    expect(indexKeys(moved.tag!, "y")).toEqual(["default/a"]);
    expect(indexKeys(moved.tag!, "z")).toEqual(["default/a"]);
    ix = updateIndices(moved, INDEXERS, "default/a", pod("a", { app: "web", tags: "y.z" }), undefined);
    expect(ix.app!.size + ix.tag!.size).toBe(0);
  });

  it("puts an object once under a value its function names twice, and not at all under no value", () => {
    const ix = buildIndices(INDEXERS, [["default/b", pod("b", { tags: "q.q.q" })], ["default/c", pod("c", {})]]);
    expect(indexKeys(ix.tag!, "q")).toEqual(["default/b"]);
    expect(ix.tag!.size).toBe(1);
    expect(ix.app!.size).toBe(0);
  });

  it("does not confuse a value with another that it prefixes", () => {
    const ix = buildIndices(INDEXERS, [["default/a", pod("a", { app: "web" })], ["default/b", pod("b", { app: "web2" })], ["default/c", pod("c", { app: "we" })]]);
    expect(indexKeys(ix.app!, "web")).toEqual(["default/a"]);
    expect(indexKeys(ix.app!, "we")).toEqual(["default/c"]);
  });
});

describe("informer indexes (cache.Indexer)", () => {
  it("follow adds, updates and deletes delivered by the watch", () => {
    let s = sync(start());
    s = create(s, pod("a", { app: "web" }));
    s = create(s, pod("b", { app: "web" }));
    s = create(s, pod("c", { app: "db" }, "other"));
    s = sync(s);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual(["default/a", "default/b"]);
    expect(names(cacheByIndex(comp(s), "pods", "app", "db"))).toEqual(["other/c"]);
    s = relabel(s, "b", { app: "db" });
    s = remove(s, "a");
    s = sync(s);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual([]);
    expect(names(cacheByIndex(comp(s), "pods", "app", "db"))).toEqual(["default/b", "other/c"]);
    expectConsistent(s);
  });

  it("are read at the cache's revision: events not yet delivered are not in the index", () => {
    let s = sync(start());
    s = create(s, pod("a", { app: "web" }));
    s = create(s, pod("b", { app: "web" }));
    s = sync(s, 1);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual(["default/a"]);
    s = sync(s);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual(["default/a", "default/b"]);
  });

  it("a status update shares the whole index with the previous state", () => {
    let s = sync(start());
    s = sync(create(s, pod("a", { app: "web" })));
    const before = informer(s).indices!;
    const cur = btreeGet(informer(s).cache, "default/a")!;
    s = must(s, { verb: "update", resource: "pods", namespace: "default", name: "a", subresource: "status", object: { ...cur, status: { phase: "Running" } } });
    s = sync(s);
    expect(btreeGet(informer(s).cache, "default/a")!.status?.phase).toBe("Running");
    expect(informer(s).indices).toBe(before);
  });

  it("are rebuilt by a relist after 410 Gone: objects deleted while the watch was gone leave the index", () => {
    let s = sync(start());
    s = sync(create(create(s, pod("a", { app: "web" })), pod("b", { app: "web" })));
    s = remove(s, "a");
    s = relabel(s, "b", { app: "api" });
    s = create(s, pod("d", { app: "web" }));
    s = step(s, { type: "store.compact" });
    s = sync(s); // 410: marks the informer expired
    expect(informer(s).expired).toBe(true);
    s = sync(s); // relist
    expect(informer(s).expired).toBe(false);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual(["default/d"]);
    expect(names(cacheByIndex(comp(s), "pods", "app", "api"))).toEqual(["default/b"]);
    expectConsistent(s);
  });

  it("survive a resync unchanged and start empty after a restart, until the relist", () => {
    let s = sync(start());
    s = sync(create(s, pod("a", { app: "web" })));
    const before = informer(s).indices;
    s = step(s, { type: "informer.resync", component: ID });
    expect(informer(s).indices).toBe(before);
    expect(queueLength(comp(s).queue)).toBeGreaterThan(0);
    s = step(s, { type: "component.restart", component: ID });
    expect(cacheByIndex(comp(s), "pods", "app", "web")).toEqual([]);
    s = sync(s);
    expect(names(cacheByIndex(comp(s), "pods", "app", "web"))).toEqual(["default/a"]);
  });

  it("an index the component never declared is an error once the cache holds objects", () => {
    let s = sync(start());
    expect(cacheByIndex(comp(s), "pods", "nope", "x")).toEqual([]);
    s = sync(create(s, pod("a", { app: "web" })));
    expect(() => cacheByIndex(comp(s), "pods", "nope", "x")).toThrow(/index with name nope does not exist/);
    expect(cacheByIndex(comp(s), "nodes", "app", "x")).toEqual([]);
  });

  type Op =
    | { kind: "create"; name: number; ns: number; app: number; tags: number[] }
    | { kind: "relabel"; name: number; ns: number; app: number; tags: number[] }
    | { kind: "delete"; name: number; ns: number }
    | { kind: "sync"; limit: number }
    | { kind: "compact" }
    | { kind: "resync" }
    | { kind: "restart" };
  const labelsOf = (app: number, tags: number[]): Record<string, string> => ({
    ...(app > 0 ? { app: `app${app}` } : {}),
    ...(tags.length ? { tags: tags.map((t) => `t${t}`).join(".") } : {}),
  });
  const writeFields = { name: fc.nat(5), ns: fc.nat(1), app: fc.nat(3), tags: fc.array(fc.nat(3), { maxLength: 3 }) };
  // Writes outnumber syncs, so a compaction often lands while the informer lags two or more revisions behind:
  // its next watch answers 410 and the sync after that relists.
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("create" as const), ...writeFields }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant("relabel" as const), ...writeFields }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant("delete" as const), name: fc.nat(5), ns: fc.nat(1) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("sync" as const), limit: fc.nat(3) }), weight: 3 },
    { arbitrary: fc.constant({ kind: "compact" as const }), weight: 2 },
    { arbitrary: fc.constant({ kind: "resync" as const }), weight: 1 },
    { arbitrary: fc.constant({ kind: "restart" as const }), weight: 1 },
  );
  const apply = (s: State, op: Op): State => {
    const ns = op.kind === "create" || op.kind === "relabel" || op.kind === "delete" ? `ns${op.ns}` : "";
    const name = "name" in op ? `p${op.name}` : "";
    const exists = (st: State) => !isStatus(handle(st, { verb: "get", resource: "pods", namespace: ns, name }).result);
    switch (op.kind) {
      case "create":
        return exists(s) ? s : create(s, pod(name, labelsOf(op.app, op.tags), ns));
      case "relabel":
        return exists(s) ? relabel(s, name, { app: op.app > 0 ? `app${op.app}` : null, tags: op.tags.length ? op.tags.map((t) => `t${t}`).join(".") : null }, ns) : s;
      case "delete":
        return exists(s) ? remove(s, name, ns) : s;
      case "sync":
        return sync(s, op.limit);
      case "compact":
        return step(s, { type: "store.compact" });
      case "resync":
        return step(s, { type: "informer.resync", component: ID });
      case "restart":
        return step(s, { type: "component.restart", component: ID });
    }
  };

  it("property: after any run of writes, partial syncs, compactions, resyncs and restarts, every index value's objects are the cache's objects with that value", () => {
    const s0 = start();
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 40, size: "max" }), (ops) => {
        let s = s0;
        for (const op of ops) {
          s = apply(s, op);
          const c = comp(s);
          const cached = cacheList(c, "pods");
          for (const [index, f] of Object.entries(INDEXERS)) {
            const values = new Set(cached.flatMap((o) => f(o)));
            values.add("app9"); // a value no object has
            for (const v of values) {
              const expected = names(cached.filter((o) => f(o).includes(v)));
              expect(names(cacheByIndex(c, "pods", index, v))).toEqual(expected);
            }
          }
          if (informer(s).synced) expectConsistent(s);
        }
      }),
      { numRuns: 100 },
    );
  });
});
