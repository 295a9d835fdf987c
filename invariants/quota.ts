/**
 * ResourceQuota invariants. Follow staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota (the
 * admission check and its compare-and-swap on status.used) and pkg/controller/resourcequota (the recount).
 */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, objectsUnder, ref } from "./objects.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";
import { resourceForKind } from "../model/apiserver/lookup.ts";
import { storagePrefix } from "../model/apiserver/resources.ts";
import { evaluatorFor, quotaMatches, type QuotaEvaluator } from "../model/apiserver/quota/evaluators.ts";
import { quotaScopes } from "../model/apiserver/quota/pod-usage.ts";
import { lessThanOrEqual, resourceNames, sumMasked, type ResourceList } from "../model/apiserver/quota/resource-list.ts";
import type { ResourceInfo } from "../model/apiserver/resources.ts";

/** What the objects of one resource in a namespace actually use, for the quota's names (counted, not status.used). */
function actualUsage(state: State, info: ResourceInfo, ev: QuotaEvaluator, quota: KObject, names: readonly string[]): ResourceList {
  const scopes = quotaScopes(quota);
  const objs = objectsUnder(state, storagePrefix(info, quota.metadata.namespace!)).filter((o) => scopes.every((s) => ev.matchesScope(s, o)));
  return sumMasked(
    objs.map((o) => ev.usage(o, state.clock.now)),
    names,
  );
}

const exceeds = (a: string, b: string, name: string) => !lessThanOrEqual({ [name]: a }, { [name]: b }).allowed;

/**
 * Safety: a create admitted into a namespace with a ResourceQuota never takes what the objects actually use
 * (counted in the store, not read from status.used) past the quota's hard limit (status.hard, what admission
 * enforces). Admission checks the request against status.used and writes the new usage conditioned on the
 * quota's resourceVersion, so a check made from a stale copy of the quota (a lagging informer, another API
 * server) cannot be admitted: its write conflicts. Without that compare-and-swap a stale charge overwrites the
 * newer status and two creates are both admitted past the limit.
 *
 * The lag Kubernetes allows: status.used is only as good as the quota controller's last recount, which reads its
 * own informer caches; a recount from a pod cache that has not seen the newest pods writes a usage below what
 * exists (kubernetes#24494, #51454), and admission then rightly trusts it. A create is therefore only judged
 * when status.used did not already undercount the objects before it.
 */
export const quotaUsageWithinHard: Invariant = {
  id: "quota-usage-within-hard",
  description: "no create takes a namespace's actual usage (counted objects) past a ResourceQuota's hard limit",
  kind: "safety",
  source: "staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go (checkQuotas, CheckRequest); kubernetes#3796",
  check(state, prev) {
    if (!prev) return [];
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || ev.prevKv) continue;
      const obj = ev.kv.value;
      const ns = obj.metadata.namespace;
      if (!ns) continue;
      const quotas = objectsUnder(prev, `/registry/resourcequotas/${ns}/`);
      if (quotas.length === 0) continue;
      const info = resourceForKind(state, obj.apiVersion, obj.kind);
      const evaluator = info && evaluatorFor(info);
      if (!info || !evaluator) continue;
      for (const q of quotas) {
        if (!quotaMatches(evaluator, q, obj)) continue;
        const hard: ResourceList = q.status?.hard ?? {};
        const used: ResourceList | undefined = q.status?.used;
        if (!used) continue;
        const names = evaluator.matchingResources(resourceNames(hard)).filter((n) => n in used);
        if (names.length === 0) continue;
        const before = actualUsage(prev, info, evaluator, q, names);
        const after = actualUsage(state, info, evaluator, q, names);
        for (const n of names) {
          // status.used already below what exists: the quota controller's recount lagged (allowed).
          if (exceeds(before[n]!, used[n]!, n)) continue;
          if (exceeds(after[n]!, hard[n]!, n) && exceeds(after[n]!, before[n]!, n)) {
            out.push({
              invariant: this.id,
              objects: [`${obj.kind} ${ns}/${obj.metadata.name}`, ref(q)],
              message: `${obj.kind} ${ns}/${obj.metadata.name} was admitted although it takes ${n} in namespace ${ns} to ${after[n]}, past ${ref(q)}'s hard limit ${hard[n]} (status.used was ${used[n]})`,
            });
          }
        }
      }
    }
    return out;
  },
};
