/**
 * ResourceQuota admission. Follows staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/
 * (admission.go Validate, controller.go Evaluate / checkAttributes / checkQuotas / CheckRequest,
 * resource_access.go GetQuotas / checkCache / UpdateQuotaStatus):
 * - every quota of the namespace that covers the object (generic.Matches on status.hard and scopes) must have
 *   usage for what it limits ("status unknown for quota") and the object must meet the evaluator's constraints;
 * - the request's usage (on UPDATE the growth over the old object) is added to status.used, and a quota whose
 *   new usage would pass status.hard refuses with 403 "exceeded quota: <name>, requested: ..., used: ...,
 *   limited: ...";
 * - the new usage is written to each quota's status BEFORE the object is stored, as an update conditioned on
 *   the quota's resourceVersion (compare-and-swap). On a conflict the quotas are read again and the request is
 *   re-checked, up to three retries. That CAS is what keeps two creates that both read used=N-1 (from caches
 *   that lag, or on two API servers) from both being admitted at N: the second write conflicts, the re-check
 *   sees N and refuses. `makeResourceQuotaAdmission({ casOnUsage: false })` drops the precondition (bug zoo).
 *
 * Quotas are read from the API server's own informer (the "kube-apiserver/resourcequota-admission" component,
 * which lags like any informer) with the quotaAccessor's look-aside cache of the plug-in's own writes; when
 * that informer holds no quota for the namespace, or is not running or not yet synced (admission waits for it),
 * the quotas are listed live, as the accessor's live lookup does. (The live lookup's 30 s TTL cache is left
 * out: it only saves requests.) The per-namespace batching of the real evaluator is not modelled: the API
 * server handles one request at a time.
 *
 * The decision comes with writes, which AdmissionPlugin.validate cannot return: `validateAndCharge` gives the
 * state after the quota writes; `validate` gives the same decision and drops the writes (usable in a chain
 * that cannot thread state, where only the quota controller's recount moves status.used).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { storeRangePrefix } from "../../store/store.ts";
import { BUILTIN_BY_ID, storagePrefix } from "../resources.ts";
import { OPTIMISTIC_LOCK_MSG, conflict, forbidden, isStatus, notFound, type Status } from "../status.ts";
import { existing, jsonEqual, qualified } from "../common.ts";
import { prepareForStatusUpdate } from "../strategy.ts";
import { writeObject } from "../write.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";
import { evaluatorFor, quotaMatches, type QuotaEvaluator } from "../quota/evaluators.ts";
import {
  lessThanOrEqual,
  negativeResources,
  prettyPrint,
  prettyPrintResourceNames,
  quotaAdd,
  quotaEquals,
  quotaMask,
  removeZeros,
  resourceNames,
  subtractWithNonNegativeResult,
  type ResourceList,
} from "../quota/resource-list.ts";
import { listedQuotas, lookAside, quotaAccessorComponent, setLookAside } from "./quota-accessor.ts";

const RESOURCEQUOTAS = BUILTIN_BY_ID.get("resourcequotas")!;

/** checkAttributes calls checkQuotas with three retries after the first attempt. */
export const QUOTA_UPDATE_RETRIES = 3;

export interface ResourceQuotaAdmissionOptions {
  /**
   * Condition the status.used write on the quota's resourceVersion (default true). False is a bug-zoo
   * variant: a charge computed from a stale copy overwrites newer usage, and the quota can be exceeded.
   */
  readonly casOnUsage?: boolean;
}

export interface ResourceQuotaAdmission extends AdmissionPlugin {
  /** The validating decision with its writes: the state after charging the quotas, or the refusal. */
  validateAndCharge(state: State, a: AdmissionAttributes): State | Status;
}

const quotaKey = (q: KObject) => `${q.metadata.namespace}/${q.metadata.name}`;
const rvOf = (q: KObject) => Number(q.metadata.resourceVersion ?? 0);

/** GetQuotas: the namespace's quotas from the lister (or a live list), each replaced by a newer own write. */
export function getQuotas(state: State, namespace: string): KObject[] {
  const c = quotaAccessorComponent(state);
  let items = listedQuotas(c, namespace);
  if (items.length === 0) {
    const r = storeRangePrefix(state.store, storagePrefix(RESOURCEQUOTAS, namespace));
    items = r.ok ? r.kvs.map((kv) => kv.value) : [];
  }
  // checkCache: the look-aside copy wins while its resourceVersion is newer than the lister's (etcd revisions
  // are comparable integers). The real accessor also drops the entry once the lister caught up; that is only
  // clean-up, and a read here does not write.
  return items.map((q) => {
    const own = lookAside(c, quotaKey(q));
    return own && rvOf(own) > rvOf(q) ? own : q;
  });
}

const forbid = (a: AdmissionAttributes, why: string): Status =>
  forbidden({ group: a.resource.group, resource: a.resource.plural }, a.name, why);

/**
 * CheckRequest: the quotas as they would be if the request succeeded (only covering quotas change), or the
 * refusal. `now` is the logical time pod usage is measured at.
 */
export function checkRequest(quotas: readonly KObject[], a: AdmissionAttributes, ev: QuotaEvaluator, now: number): KObject[] | Status {
  const input = a.object;
  if (!input) return [...quotas];
  const interesting: number[] = [];
  for (let i = 0; i < quotas.length; i++) {
    const quota = quotas[i]!;
    if (!quotaMatches(ev, quota, input)) continue;
    const restricted = ev.matchingResources(resourceNames(quota.status?.hard));
    const violated = ev.constraints(restricted, input);
    if (violated) return forbid(a, `failed quota: ${quota.metadata.name}: ${violated}`);
    // hasUsageStats: every limited resource needs an observed usage before anything can be charged to it.
    const used = quota.status?.used ?? {};
    if (restricted.some((r) => !(r in used))) {
      return forbid(a, `status unknown for quota: ${quota.metadata.name}, resources: ${prettyPrintResourceNames(restricted)}`);
    }
    interesting.push(i);
  }
  const inputUsage = ev.usage(input, now);
  const negative = negativeResources(inputUsage);
  if (negative.length > 0) return forbid(a, `quota usage is negative for resource(s): ${prettyPrintResourceNames(negative)}`);

  const delta = new Map<number, ResourceList>(interesting.map((i) => [i, inputUsage]));
  if (a.operation === "UPDATE") {
    const prev = a.oldObject;
    if (!prev) return forbid(a, "unable to get previous usage since prior version of object was not found");
    // Charge only the growth over the stored object (never a negative refund: the controller returns usage).
    if (prev.metadata.resourceVersion) {
      const growth = subtractWithNonNegativeResult(inputUsage, ev.usage(prev, now));
      for (const i of interesting) if (quotaMatches(ev, quotas[i]!, prev)) delta.set(i, growth);
    }
  }
  for (const [i, d] of delta) {
    const nz = removeZeros(d);
    if (Object.keys(nz).length === 0) delta.delete(i);
    else delta.set(i, nz);
  }
  if (interesting.length === 0 || delta.size === 0) return [...quotas];

  const out = [...quotas];
  for (const i of interesting) {
    const d = delta.get(i);
    if (!d) continue;
    const quota = out[i]!;
    const hard: ResourceList = quota.status?.hard ?? {};
    const requested = quotaMask(d, resourceNames(hard));
    const newUsage = quotaAdd(quota.status?.used, requested);
    const masked = quotaMask(newUsage, resourceNames(requested));
    const { allowed, exceeded } = lessThanOrEqual(masked, hard);
    if (!allowed) {
      return forbid(
        a,
        `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(quotaMask(requested, exceeded))}, used: ${prettyPrint(
          quotaMask(quota.status?.used, exceeded),
        )}, limited: ${prettyPrint(quotaMask(hard, exceeded))}`,
      );
    }
    out[i] = { ...quota, status: { ...quota.status, used: newUsage } };
  }
  return out;
}

/**
 * UpdateQuotaStatus: the quota's status update as the registry performs it (the resourceVersion precondition,
 * unless CAS is off; the status strategy; a write conditioned on the stored revision), remembered in the
 * look-aside cache. The real plug-in goes through its loopback client, whose second admission pass decides
 * nothing for a quota status update; calling the registry directly also keeps this module out of an import
 * cycle with update.ts, which runs the admission chain.
 */
function updateQuotaStatus(state: State, quota: KObject, cas: boolean): { state: State } | Status {
  const name = quota.metadata.name!;
  const kv = existing(state, RESOURCEQUOTAS, quota.metadata.namespace!, name);
  if (!kv) return notFound(qualified(RESOURCEQUOTAS), name);
  if (cas && quota.metadata.resourceVersion !== kv.value.metadata.resourceVersion) return conflict(qualified(RESOURCEQUOTAS), name, OPTIMISTIC_LOCK_MSG);
  const next = prepareForStatusUpdate(quota, kv.value);
  if (jsonEqual(next, kv.value)) return { state: setLookAside(state, quotaKey(quota), kv.value) };
  const w = writeObject(state, RESOURCEQUOTAS, next, kv.modRevision);
  if (!w.ok) return conflict(qualified(RESOURCEQUOTAS), name, OPTIMISTIC_LOCK_MSG);
  return { state: setLookAside(w.state, quotaKey(quota), w.object) };
}

/**
 * checkQuotas: check the request, write every quota whose usage changed; on failed writes re-read the failed
 * quotas and re-check against them only (the others are charged already), while retries remain.
 */
function checkQuotas(state: State, quotas: readonly KObject[], a: AdmissionAttributes, ev: QuotaEvaluator, retries: number, cas: boolean): State | Status {
  const checked = checkRequest(quotas, a, ev, state.clock.now);
  if (isStatus(checked)) return checked;
  const changed = checked.filter((q, i) => !quotaEquals(quotas[i]!.status?.used, q.status?.used));
  if (changed.length === 0) return state;
  let s = state;
  const failed: string[] = [];
  let lastErr: Status | undefined;
  for (const q of changed) {
    const w = updateQuotaStatus(s, q, cas);
    if (isStatus(w)) {
      failed.push(q.metadata.name!);
      lastErr = w;
    } else s = w.state;
  }
  if (failed.length === 0) return s;
  if (retries <= 0) return lastErr!;
  const fresh = getQuotas(s, a.namespace).filter((q) => failed.includes(q.metadata.name!));
  return checkQuotas(s, fresh, a, ev, retries - 1, cas);
}

/** Evaluate: the quotas a request is checked against, the check and the charge. */
function evaluate(state: State, a: AdmissionAttributes, cas: boolean): State | Status {
  if (!a.resource.namespaced || a.operation === "DELETE") return state;
  const ev = evaluatorFor(a.resource);
  if (!ev || !ev.handles(a)) return state;
  const quotas = getQuotas(state, a.namespace);
  if (quotas.length === 0) return state;
  return checkQuotas(state, quotas, a, ev, QUOTA_UPDATE_RETRIES, cas);
}

/** A ResourceQuota admission plug-in (options select a bug-zoo variant). */
export function makeResourceQuotaAdmission(opts: ResourceQuotaAdmissionOptions = {}): ResourceQuotaAdmission {
  const cas = opts.casOnUsage !== false;
  return {
    name: "ResourceQuota",
    validate(state, a) {
      const r = evaluate(state, a, cas);
      return isStatus(r) ? r : undefined;
    },
    validateAndCharge: (state, a) => evaluate(state, a, cas),
  };
}

/** The plug-in as kube-apiserver runs it. */
export const resourceQuotaAdmission: ResourceQuotaAdmission = makeResourceQuotaAdmission();
