/**
 * The API server's own ResourceQuota informer, as a component (its data and the plug-in's look-aside cache are
 * read and written by model/apiserver/admission/quota-accessor.ts): a quota write the plug-in did not make itself
 * (the quota controller's recalculation, or another API server's charge) stays invisible to it until the informer
 * syncs, and only the compare-and-swap on the quota's resourceVersion stops a charge computed from that stale copy
 * from overwriting the newer usage.
 *
 * It has no work queue of its own (no keys): its informer syncs, its memory holds the quotas the plug-in wrote
 * (lost on restart, as the LRU is when kube-apiserver restarts).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import { QUOTA_ADMISSION_INFORMER_KIND, type QuotaAccessorMemory } from "../../apiserver/admission/quota-accessor.ts";

export { QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND } from "../../apiserver/admission/quota-accessor.ts";

export interface QuotaAdmissionInformerOptions {
  /**
   * Run kube-apiserver's shared namespace informer too (the zoo's namespace-create-race: the NamespaceLifecycle
   * plug-in of an HA API server that decides from that cache, option `lister: "informer"`).
   */
  readonly namespaceInformer?: boolean;
}

/** The behaviour of the API server's quota informer (kind "resourcequota-admission-informer"). */
export function makeQuotaAdmissionInformer(options: QuotaAdmissionInformerOptions = {}): ComponentBehavior<QuotaAccessorMemory> {
  return {
    kind: QUOTA_ADMISSION_INFORMER_KIND,
    source: "staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/resource_access.go",
    watches: () => (options.namespaceInformer ? [{ resource: "resourcequotas" }, { resource: "namespaces" }] : [{ resource: "resourcequotas" }]),
    keysFor: () => [],
    reconcile: (state) => ({ state }),
    initialMemory: () => ({ updatedQuotas: {} }),
  };
}

export const quotaAdmissionInformer: ComponentBehavior<QuotaAccessorMemory> = makeQuotaAdmissionInformer();
