import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ERR_COMPACTED,
  ERR_FUTURE_REV,
  bucketOf,
  storeCompact,
  storeDelete,
  storeEmpty,
  storeGet,
  storeLastRevisionIn,
  storePut,
  storeRangePrefix,
  storeWatch,
  type StoreState,
} from "./store.ts";

function put(s: StoreState<string>, k: string, v: string, ifModRevision?: number): StoreState<string> {
  const r = storePut(s, k, v, ifModRevision === undefined ? {} : { ifModRevision });
  if (!r.ok) throw new Error("put failed");
  return r.store;
}

describe("etcd store model", () => {
  it("starts at revision 1 and gives each write the next revision, with create/mod revision and version", () => {
    let s = storeEmpty<string>();
    expect(s.revision).toBe(1);
    s = put(s, "/registry/pods/a/x", "v1");
    s = put(s, "/registry/pods/a/y", "w1");
    s = put(s, "/registry/pods/a/x", "v2");
    const x = storeGet(s, "/registry/pods/a/x")!;
    expect(s.revision).toBe(4);
    expect(x).toMatchObject({ value: "v2", createRevision: 2, modRevision: 4, version: 2 });
  });

  it("compare-and-swap: a put with a stale mod revision fails, changes nothing and returns the current value", () => {
    let s = put(storeEmpty<string>(), "k/a/b", "v1");
    const stale = storePut(s, "k/a/b", "v2", { ifModRevision: 1 });
    expect(stale.ok).toBe(false);
    expect(stale.store).toBe(s);
    if (!stale.ok) expect(stale.current?.value).toBe("v1");
    const fresh = storePut(s, "k/a/b", "v2", { ifModRevision: 2 });
    expect(fresh.ok).toBe(true);
    // ifModRevision 0 means "must not exist" (create).
    expect(storePut(s, "k/a/b", "again", { ifModRevision: 0 }).ok).toBe(false);
    expect(storePut(s, "k/a/new", "n", { ifModRevision: 0 }).ok).toBe(true);
    s = fresh.ok ? fresh.store : s;
    expect(storeGet(s, "k/a/b")?.value).toBe("v2");
  });

  it("delete resets version, and a re-created key gets a new create revision", () => {
    let s = put(storeEmpty<string>(), "/r/p/x", "a");
    const d = storeDelete(s, "/r/p/x");
    expect(d.ok).toBe(true);
    s = d.store;
    expect(storeGet(s, "/r/p/x")).toBeUndefined();
    expect(storeDelete(s, "/r/p/x").ok).toBe(false);
    s = put(s, "/r/p/x", "b");
    expect(storeGet(s, "/r/p/x")).toMatchObject({ createRevision: 4, modRevision: 4, version: 1 });
  });

  it("a conditional delete with a stale revision fails", () => {
    const s = put(put(storeEmpty<string>(), "/r/p/x", "a"), "/r/p/x", "b");
    expect(storeDelete(s, "/r/p/x", { ifModRevision: 2 }).ok).toBe(false);
    expect(storeDelete(s, "/r/p/x", { ifModRevision: 3 }).ok).toBe(true);
  });

  it("ranges by prefix in key order", () => {
    let s = storeEmpty<string>();
    for (const k of ["/registry/pods/b/1", "/registry/pods/a/2", "/registry/services/a/1", "/registry/pods/a/1"]) s = put(s, k, k);
    const r = storeRangePrefix(s, "/registry/pods/a/");
    expect(r.ok && r.kvs.map((kv) => kv.key)).toEqual(["/registry/pods/a/1", "/registry/pods/a/2"]);
    const lim = storeRangePrefix(s, "/registry/pods/", { limit: 2 });
    expect(lim.ok && lim.kvs.length).toBe(2);
    expect(storeRangePrefix(s, "/registry/pods/", { atRevision: 99 })).toEqual({ ok: false, error: ERR_FUTURE_REV });
  });

  it("watch replays events from a revision, with prev values, and only for the watched prefix", () => {
    let s = put(storeEmpty<string>(), "/registry/pods/a/x", "1");
    s = put(s, "/registry/services/a/s", "svc");
    s = put(s, "/registry/pods/a/x", "2");
    s = storeDelete(s, "/registry/pods/a/x").store;
    const w = storeWatch(s, "/registry/pods/", 3);
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    expect(w.events.map((e) => [e.type, e.revision, e.prevKv?.value])).toEqual([
      ["PUT", 4, "1"],
      ["DELETE", 5, "2"],
    ]);
    const all = storeWatch(s, "/registry/", 1);
    expect(all.ok && all.events.length).toBe(4);
    expect(storeLastRevisionIn(s, "/registry/pods/")).toBe(5);
    expect(storeLastRevisionIn(s, "/registry/services/")).toBe(3);
  });

  it("compaction drops old events; a watch from before it fails with ErrCompacted; reads still work", () => {
    let s = storeEmpty<string>();
    for (let i = 0; i < 10; i++) s = put(s, "/registry/pods/a/x", String(i));
    const c = storeCompact(s, 8);
    expect(c.ok).toBe(true);
    s = c.store;
    expect(storeWatch(s, "/registry/pods/", 5)).toEqual({ ok: false, error: ERR_COMPACTED });
    const w = storeWatch(s, "/registry/pods/", 8);
    expect(w.ok && w.events.map((e) => e.revision)).toEqual([8, 9, 10, 11]);
    expect(storeRangePrefix(s, "/registry/", { atRevision: 3 })).toEqual({ ok: false, error: ERR_COMPACTED });
    expect(storeGet(s, "/registry/pods/a/x")?.value).toBe("9");
    expect(storeCompact(s, 5).ok).toBe(false);
    expect(storeCompact(s, 100).ok).toBe(false);
  });

  it("buckets keys by their resource prefix", () => {
    expect(bucketOf("/registry/pods/ns/name")).toBe("/registry/pods/");
    expect(bucketOf("/registry/namespaces/default")).toBe("/registry/namespaces/");
  });

  it("revision equals 1 + number of successful writes, and mod revisions are unique and increasing (property)", () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom("/r/p/a", "/r/p/b", "/r/q/c")), { maxLength: 60 }),
        (ops) => {
          let s = storeEmpty<string>();
          let writes = 0;
          for (const [isPut, k] of ops) {
            const r = isPut ? storePut(s, k, "v") : storeDelete(s, k);
            if (r.ok) writes++;
            s = r.store;
          }
          expect(s.revision).toBe(1 + writes);
          const w = storeWatch(s, "/", 0);
          expect(w.ok && w.events.map((e) => e.revision)).toEqual(Array.from({ length: writes }, (_, i) => i + 2));
        },
      ),
    ));
});
