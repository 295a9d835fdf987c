/**
 * NamespaceLifecycle admission. Follows plugin/pkg/admission/namespace/lifecycle/admission.go:
 * - a request in a namespace that does not exist is refused with the NotFound of that namespace;
 * - a create in a Terminating namespace is refused with 403 Forbidden;
 * - the immortal namespaces (default, kube-system, kube-public) cannot be deleted.
 * Like the real plug-in it asks storage directly (the model has no cache lag here: the plug-in's live lookup on
 * a cache miss is what makes it authoritative), and it ignores cluster-scoped resources and namespace objects.
 */
import { storeGet } from "../../store/store.ts";
import { BUILTIN_BY_ID, storageKey } from "../resources.ts";
import { forbidden, notFound } from "../status.ts";
import type { AdmissionPlugin } from "./types.ts";

export const IMMORTAL_NAMESPACES = ["default", "kube-system", "kube-public"] as const;

const NAMESPACES = BUILTIN_BY_ID.get("namespaces")!;

export const namespaceLifecycle: AdmissionPlugin = {
  name: "NamespaceLifecycle",
  validate(state, a) {
    if (a.resource.kind === "Namespace" && a.operation === "DELETE") {
      if ((IMMORTAL_NAMESPACES as readonly string[]).includes(a.name)) {
        return forbidden({ group: "", resource: "namespaces" }, a.name, "this namespace may not be deleted");
      }
      return undefined;
    }
    if (!a.resource.namespaced) return undefined;
    const ns = storeGet(state.store, storageKey(NAMESPACES, undefined, a.namespace))?.value;
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
