/**
 * kube-apiserver's own view of ResourceQuotas, which the ResourceQuota admission plug-in reads
 * (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/resource_access.go: quotaAccessor's lister and
 * its updatedQuotas LRU). The lister is an informer the API server runs; the model runs it as a component
 * (controllers/resourcequota/admission-informer.ts) so that its cache lags like any informer's. This module reads
 * that component's data (its cache, its look-aside memory) and writes the look-aside: the API server's side of it,
 * below the components.
 */
import { componentAt, type ComponentState, type State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeGet, btreeRange, btreeSet } from "../../collections/btree.ts";

export const QUOTA_ADMISSION_INFORMER_KIND = "resourcequota-admission-informer";
export const QUOTA_ADMISSION_INFORMER_ID = "kube-apiserver/resourcequota-admission";

/** newQuotaAccessor: lru.New(100) for the quotas it updated. */
export const UPDATED_QUOTAS_CAPACITY = 100;

export interface QuotaAccessorMemory {
  /** Quotas the plug-in wrote, by namespace/name, oldest first (the updatedQuotas LRU). */
  readonly updatedQuotas: Readonly<Record<string, KObject>>;
}

/** The accessor component (kind QUOTA_ADMISSION_INFORMER_KIND), its memory typed. */
export type QuotaAccessorComponent = ComponentState<QuotaAccessorMemory>;

/** The accessor component, when the cluster runs it. */
export const quotaAccessorComponent = (state: State): QuotaAccessorComponent | undefined => componentAt<QuotaAccessorMemory>(state, QUOTA_ADMISSION_INFORMER_ID);

/** The quotas of a namespace in the accessor's informer cache, once it has listed (quotaAccessor.lister). */
export function listedQuotas(c: ComponentState | undefined, namespace: string): KObject[] {
  const inf = c?.informers.resourcequotas;
  if (!inf?.synced) return [];
  const out: KObject[] = [];
  for (const [, o] of btreeRange(inf.cache, `${namespace}/`, `${namespace}0`)) out.push(o);
  return out;
}

/** The namespace as kube-apiserver's namespace informer has it, once that informer has listed (undefined otherwise). */
export function listedNamespace(state: State, name: string): KObject | undefined {
  const inf = quotaAccessorComponent(state)?.informers.namespaces;
  return inf?.synced ? btreeGet(inf.cache, name) : undefined;
}

/** updatedQuotas.Get */
export function lookAside(c: QuotaAccessorComponent | undefined, key: string): KObject | undefined {
  return c?.memory.updatedQuotas[key];
}

/** updatedQuotas.Add (or Remove when quota is undefined), evicting the least recently added past capacity. */
export function setLookAside(state: State, key: string, quota: KObject | undefined): State {
  const c = quotaAccessorComponent(state);
  if (!c) return state;
  const cur = c.memory.updatedQuotas;
  if (quota === undefined && !(key in cur)) return state;
  const next: Record<string, KObject> = {};
  for (const [k, v] of Object.entries(cur)) if (k !== key) next[k] = v;
  if (quota !== undefined) next[key] = quota;
  const keys = Object.keys(next);
  for (let i = 0; i < keys.length - UPDATED_QUOTAS_CAPACITY; i++) delete next[keys[i]!];
  const memory: QuotaAccessorMemory = { updatedQuotas: next };
  return { ...state, components: btreeSet(state.components, c.id, { ...c, memory }) };
}
