/** Namespace invariants. */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince } from "./objects.ts";
import { storeGet } from "../model/store/store.ts";
import { btreeRange } from "../model/collections/btree.ts";

/** No object is created in a namespace that is Terminating (NamespaceLifecycle admission). */
export const noCreateInTerminatingNamespace: Invariant = {
  id: "no-create-in-terminating-namespace",
  description: "no object is created in a namespace that is Terminating",
  kind: "safety",
  source: "plugin/pkg/admission/namespace/lifecycle/admission.go",
  check(state, prev) {
    if (!prev) return [];
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || ev.prevKv) continue;
      const ns = ev.kv.value.metadata.namespace;
      if (!ns) continue;
      const nsObj = storeGet(prev.store, `/registry/namespaces/${ns}`)?.value;
      if (nsObj?.status?.phase === "Terminating") {
        out.push({ invariant: this.id, objects: [`${ev.kv.value.kind} ${ns}/${ev.kv.value.metadata.name}`, `Namespace ${ns}`], message: `${ev.kv.value.kind} ${ns}/${ev.kv.value.metadata.name} was created while namespace ${ns} was Terminating` });
      }
    }
    return out;
  },
};

/**
 * Convergence: no object outlives its namespace. The namespace controller lists and deletes every namespaced
 * resource before it removes the "kubernetes" finalizer, and NamespaceLifecycle admission refuses creates in a
 * Terminating or missing namespace; a create that slips past an admission cache that still shows the namespace
 * Active, after the controller has listed, leaves an orphan behind (kubernetes#36891, PR #37431).
 */
export const namespaceContentGone: Invariant = {
  id: "namespace-content-gone",
  description: "after the cluster settles, no object lives in a namespace that does not exist",
  kind: "convergence",
  source: "pkg/controller/namespace/deletion/namespaced_resources_deleter.go; kubernetes#36891",
  check(state) {
    const out: Violation[] = [];
    const exists = new Map<string, boolean>();
    for (const [, kv] of btreeRange(state.store.kvs)) {
      const ns = kv.value.metadata.namespace;
      if (!ns) continue;
      if (!exists.has(ns)) exists.set(ns, storeGet(state.store, `/registry/namespaces/${ns}`) !== undefined);
      if (!exists.get(ns)) {
        out.push({ invariant: this.id, objects: [`${kv.value.kind} ${ns}/${kv.value.metadata.name}`, `Namespace ${ns}`], message: `${kv.value.kind} ${ns}/${kv.value.metadata.name} is left in namespace ${ns}, which no longer exists` });
      }
    }
    return out;
  },
};
