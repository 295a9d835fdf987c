/**
 * NamespaceLifecycle admission. Follows plugin/pkg/admission/namespace/lifecycle/admission.go:
 * - a request in a namespace that does not exist is refused with the NotFound of that namespace;
 * - a create in a Terminating namespace is refused with 403 Forbidden;
 * - the immortal namespaces (default, kube-system, kube-public) cannot be deleted.
 * Like the real plug-in it asks storage directly (the model has no cache lag here: the plug-in's live lookup on
 * a cache miss is what makes it authoritative), and it ignores cluster-scoped resources and namespace objects.
 * It is a mutating plug-in (Lifecycle.Admit), first in the chain, so a request into a missing or Terminating
 * namespace is refused before any other plug-in looks at it (ServiceAccount would otherwise answer for a pod).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { storeGet } from "../../store/store.ts";
import { BUILTIN_BY_ID, storageKey } from "../resources.ts";
import { forbidden, notFound } from "../status.ts";
import type { AdmissionPlugin } from "./types.ts";
import { listedNamespace } from "./quota-accessor.ts";

export const IMMORTAL_NAMESPACES = ["default", "kube-system", "kube-public"] as const;

const NAMESPACES = BUILTIN_BY_ID.get("namespaces")!;

/** Options of {@link makeNamespaceLifecycle}. */
export interface NamespaceLifecycleOptions {
  /**
   * Where the plug-in looks a namespace up. "storage" (default) stands for the real plug-in's decision: its
   * informer, with a forced live lookup for namespaces deleted recently (the forceLiveLookupCache), which makes it
   * authoritative. "informer" is the bug-zoo variant (kubernetes#36891, fixed by PR #37431): kube-apiserver's
   * namespace informer cache (run by its admission-informer component, option namespaceInformer) without the
   * forced live lookup, as an HA API server that did not serve the namespace's DELETE decides. A namespace the
   * cache does not hold is looked up live, as the real plug-in does on a cache miss. While the cache still shows
   * a namespace Active that storage already has Terminating, creates in it are admitted.
   */
  readonly lister?: "storage" | "informer";
}

/** The NamespaceLifecycle plug-in; options select a bug-zoo variant. */
export function makeNamespaceLifecycle(opts: NamespaceLifecycleOptions = {}): AdmissionPlugin {
  const live = (state: State, name: string): KObject | undefined => storeGet(state.store, storageKey(NAMESPACES, undefined, name))?.value;
  const lookup = opts.lister === "informer" ? (state: State, name: string) => listedNamespace(state, name) ?? live(state, name) : live;
  return {
    name: "NamespaceLifecycle",
    admit(state, a) {
      if (a.resource.kind === "Namespace" && a.operation === "DELETE") {
        if ((IMMORTAL_NAMESPACES as readonly string[]).includes(a.name)) {
          return forbidden({ group: "", resource: "namespaces" }, a.name, "this namespace may not be deleted");
        }
        return undefined;
      }
      if (!a.resource.namespaced) return undefined;
      const ns = lookup(state, a.namespace);
      if (!ns) return notFound({ group: "", resource: "namespaces" }, a.namespace);
      if (a.operation === "CREATE" && ns.status?.phase === "Terminating") {
        // The NamespaceTerminating cause lets controllers tell this refusal from a real failure (Kubernetes adds it).
        const st = forbidden(
          { group: a.resource.group, resource: a.resource.plural },
          a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
        return { ...st, details: { ...st.details, causes: [{ type: "NamespaceTerminating", message: `namespace ${a.namespace} is being terminated`, field: "metadata.namespace" }] } };
      }
      return undefined;
    },
  };
}

/** The plug-in as kube-apiserver runs it. */
export const namespaceLifecycle: AdmissionPlugin = makeNamespaceLifecycle();
