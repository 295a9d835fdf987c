/**
 * The API server's own ResourceQuota informer and look-aside cache, which the ResourceQuota admission plug-in
 * reads (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/resource_access.go: quotaAccessor's
 * lister and its updatedQuotas LRU). It is a component only so that its cache can lag like any informer's: a
 * quota write the plug-in did not make itself (the quota controller's recalculation, or another API server's
 * charge) stays invisible to it until the informer syncs, and only the compare-and-swap on the quota's
 * resourceVersion stops a charge computed from that stale copy from overwriting the newer usage.
 *
 * It has no work queue of its own (no keys): its informer syncs, its memory holds the quotas the plug-in wrote
 * (lost on restart, as the LRU is when kube-apiserver restarts).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeGet, btreeSet } from "../../collections/btree.ts";

export const QUOTA_ADMISSION_INFORMER_KIND = "resourcequota-admission-informer";
export const QUOTA_ADMISSION_INFORMER_ID = "kube-apiserver/resourcequota-admission";

/** newQuotaAccessor: lru.New(100) for the quotas it updated. */
export const UPDATED_QUOTAS_CAPACITY = 100;

export interface QuotaAccessorMemory {
  /** Quotas the plug-in wrote, by namespace/name, oldest first (the updatedQuotas LRU). */
  readonly updatedQuotas: Readonly<Record<string, KObject>>;
}

/** The behaviour of the API server's quota informer (kind "resourcequota-admission-informer"). */
export const quotaAdmissionInformer: ComponentBehavior = {
  kind: QUOTA_ADMISSION_INFORMER_KIND,
  source: "staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/resource_access.go",
  watches: () => [{ resource: "resourcequotas" }],
  keysFor: () => [],
  reconcile: (state) => ({ state }),
  initialMemory: (): QuotaAccessorMemory => ({ updatedQuotas: {} }),
};

/** The accessor component, when the cluster runs it. */
export const quotaAccessorComponent = (state: State): ComponentState | undefined => btreeGet(state.components, QUOTA_ADMISSION_INFORMER_ID);

/** updatedQuotas.Get */
export function lookAside(c: ComponentState | undefined, key: string): KObject | undefined {
  return (c?.memory as QuotaAccessorMemory | undefined)?.updatedQuotas[key];
}

/** updatedQuotas.Add (or Remove when quota is undefined), evicting the least recently added past capacity. */
export function setLookAside(state: State, key: string, quota: KObject | undefined): State {
  // Written without components/lifecycle.ts: the admission chain imports this module, and the lifecycle module
  // pulls in the component registry (an import cycle through the API server).
  const c = quotaAccessorComponent(state);
  if (!c) return state;
  const cur = (c.memory as QuotaAccessorMemory).updatedQuotas;
  if (quota === undefined && !(key in cur)) return state;
  const next: Record<string, KObject> = {};
  for (const [k, v] of Object.entries(cur)) if (k !== key) next[k] = v;
  if (quota !== undefined) next[key] = quota;
  const keys = Object.keys(next);
  for (let i = 0; i < keys.length - UPDATED_QUOTAS_CAPACITY; i++) delete next[keys[i]!];
  const memory: QuotaAccessorMemory = { updatedQuotas: next };
  return { ...state, components: btreeSet(state.components, c.id, { ...c, memory }) };
}
