/** Invariants of the etcd model and the API server's use of it. */
import type { Invariant } from "./types.ts";
import { btreeRange } from "../model/collections/btree.ts";
import { eventsSince } from "./objects.ts";

/** The global revision never goes back, and every stored object's resourceVersion is its mod revision. */
export const storeRevisionsGrow: Invariant = {
  id: "store-revisions-grow",
  description: "etcd's revision only grows, and every object's resourceVersion equals its key's mod revision",
  kind: "safety",
  source: "etcd API guarantees (revision is monotonic); apiserver storage/etcd3 versioner",
  check(state, prev) {
    const out = [];
    if (prev && state.store.revision < prev.store.revision) {
      out.push({
        invariant: this.id,
        objects: [],
        message: `the store revision went back from ${prev.store.revision} to ${state.store.revision}`,
      });
    }
    return out;
  },
};

/** Every stored object carries its mod revision as resourceVersion (checked on the writes of each step). */
export const resourceVersionIsModRevision: Invariant = {
  id: "resource-version-is-mod-revision",
  description: "every stored object's metadata.resourceVersion equals its key's mod revision",
  kind: "safety",
  source: "k8s.io/apiserver/pkg/storage/etcd3 (APIObjectVersioner)",
  check(state, prev) {
    const out = [];
    const written = prev ? eventsSince(state, prev).filter((e) => e.type === "PUT").map((e) => [e.kv.key, e.kv] as const) : [...btreeRange(state.store.kvs)];
    for (const [key, kv] of written) {
      if (kv.value.metadata.resourceVersion !== String(kv.modRevision)) {
        out.push({
          invariant: this.id,
          objects: [key],
          message: `${key} has resourceVersion ${kv.value.metadata.resourceVersion} but mod revision ${kv.modRevision}`,
        });
      }
    }
    return out;
  },
};
