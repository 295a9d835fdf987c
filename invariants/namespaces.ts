/** Namespace invariants. */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince } from "./objects.ts";
import { storeGet } from "../model/store/store.ts";

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
