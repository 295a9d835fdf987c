/**
 * The quota controller's recount of a namespace's usage. Follows
 * staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go (CalculateUsage) and
 * staging/src/k8s.io/apiserver/pkg/quota/v1/generic/evaluator.go (CalculateUsageStats): every evaluator that
 * measures something the quota limits sums the usage of the namespace's objects that fall in the quota's
 * scopes, starting from zero for each resource it measures (so a limited resource nobody uses reads "0").
 *
 * Objects come from the controller's informer caches for the resources it watches; for others (custom
 * resources, rarely counted built-ins) the controller lists through the API server, standing in for the
 * informer Kubernetes' QuotaMonitor would start for that resource.
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { cacheList } from "../../informers/cache.ts";
import { itemsOf, send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { allResources } from "../../apiserver/lookup.ts";
import { resourceId } from "../../apiserver/resources.ts";
import { evaluatorFor } from "../../apiserver/quota/evaluators.ts";
import { quotaScopes } from "../../apiserver/quota/pod-usage.ts";
import { quotaAdd, quotaMask, resourceNames, sumMasked, type ResourceList } from "../../apiserver/quota/resource-list.ts";

export interface UsageResult {
  readonly state: State;
  /** The observed usage of the resources the quota limits and some evaluator measures. */
  readonly used: ResourceList;
  /** Resources whose objects could not be listed (their usage is left as it was). */
  readonly errors: readonly string[];
}

/** The objects of one resource in a namespace: from the cache when the controller watches it, else a list. */
function objectsOf(state: State, c: ComponentState, resource: string, namespace: string, log: EffectLog): { state: State; items?: readonly KObject[] } {
  if (c.informers[resource]) return { state, items: cacheList(c, resource, namespace) };
  const r = send(state, c.id, { verb: "list", resource, namespace }, log);
  if (isStatus(r.result)) return { state: r.state };
  return { state: r.state, items: itemsOf(r.result) };
}

/** CalculateUsage for one quota. */
export function calculateUsage(state: State, c: ComponentState, quota: KObject, log: EffectLog): UsageResult {
  const namespace = quota.metadata.namespace!;
  const hard: ResourceList = quota.spec?.hard ?? {};
  const hardNames = resourceNames(hard);
  const scopes = quotaScopes(quota);
  let used: ResourceList = {};
  const errors: string[] = [];
  let s = state;
  for (const info of allResources(state)) {
    if (!info.namespaced) continue;
    const ev = evaluatorFor(info);
    if (!ev) continue;
    const measured = ev.matchingResources(hardNames);
    if (measured.length === 0) continue;
    const got = objectsOf(s, c, resourceId(info), namespace, log);
    s = got.state;
    if (!got.items) {
      errors.push(resourceId(info));
      continue;
    }
    const inScope = got.items.filter((o) => scopes.every((sel) => ev.matchesScope(sel, o)));
    used = quotaAdd(used, sumMasked(inScope.map((o) => ev.usage(o, state.clock.now)), measured));
  }
  return { state: s, used: quotaMask(used, hardNames), errors };
}
