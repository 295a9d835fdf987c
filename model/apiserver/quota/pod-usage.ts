/**
 * What a pod costs in quota. Follows pkg/quota/v1/evaluator/core/pods.go (PodUsageFunc, QuotaV1Pod,
 * podComputeUsageHelper, Constraints / enforcePodContainerConstraints, podMatchesScopeFunc, IsTerminating) and
 * k8s.io/component-helpers/resource/helpers.go (PodRequests / PodLimits: the sum over containers, at least the
 * largest init container, plus the pod overhead).
 */
import type { KObject } from "../../objects/types.ts";
import { fromTimestamp } from "../../clock.ts";
import { podQOSClass } from "../../objects/qos.ts";
import type { Quantity } from "../../quantity/index.ts";
import { fromQuantities, tryQuantity, type ResourceList } from "./resource-list.ts";

/** The object-count name of pods (generic.ObjectCountQuotaResourceNameFor). */
export const POD_OBJECT_COUNT = "count/pods";

/** podResources: what the pod evaluator can measure. */
export const POD_RESOURCES = [
  POD_OBJECT_COUNT,
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
] as const;

/** Prefixed pod resources (hugepages) the evaluator also measures. */
export const POD_RESOURCE_PREFIXES = ["hugepages-", "requests.hugepages-"] as const;

/**
 * "it was a mistake, but if a quota tracks cpu or memory related resources, the incoming pod is required to
 * have those values set": the resources whose presence every container must declare.
 */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

type QMap = Map<string, Quantity>;

function listOf(r: unknown): QMap {
  const m: QMap = new Map();
  if (typeof r !== "object" || r === null) return m;
  for (const [k, v] of Object.entries(r)) {
    const x = tryQuantity(v);
    if (x) m.set(k, x);
  }
  return m;
}

function addInto(acc: QMap, b: QMap): void {
  for (const [k, v] of b) acc.set(k, acc.has(k) ? acc.get(k)!.add(v) : v);
}

function maxInto(acc: QMap, b: QMap): void {
  for (const [k, v] of b) if (!acc.has(k) || acc.get(k)!.cmp(v) < 0) acc.set(k, v);
}

/** PodRequests / PodLimits: containers summed, the max with each init container, plus spec.overhead. */
function podResourceTotals(spec: any, field: "requests" | "limits"): QMap {
  const total: QMap = new Map();
  for (const c of spec?.containers ?? []) addInto(total, listOf(c?.resources?.[field]));
  // Sidecars (init containers with restartPolicy Always) run alongside the app containers and add up; each
  // other init container runs with the sidecars started before it, so the pod needs at least that much.
  const sidecars: QMap = new Map();
  const initMax: QMap = new Map();
  for (const c of spec?.initContainers ?? []) {
    const own = listOf(c?.resources?.[field]);
    if (c?.restartPolicy === "Always") {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
      continue;
    }
    const withSidecars: QMap = new Map(sidecars);
    addInto(withSidecars, own);
    maxInto(initMax, withSidecars);
  }
  maxInto(total, initMax);
  addInto(total, listOf(spec?.overhead));
  return total;
}

/** podComputeUsageHelper: the quota resources a set of requests and limits stands for. */
function computeUsage(requests: QMap, limits: QMap): QMap {
  const out: QMap = new Map();
  out.set("pods", tryQuantity("1")!);
  const req = (name: string, ...as: string[]) => {
    const v = requests.get(name);
    if (v) for (const a of as) out.set(a, v);
  };
  const lim = (name: string, a: string) => {
    const v = limits.get(name);
    if (v) out.set(a, v);
  };
  req("cpu", "cpu", "requests.cpu");
  lim("cpu", "limits.cpu");
  req("memory", "memory", "requests.memory");
  lim("memory", "limits.memory");
  req("ephemeral-storage", "ephemeral-storage", "requests.ephemeral-storage");
  lim("ephemeral-storage", "limits.ephemeral-storage");
  for (const [name, v] of requests) {
    if (name.startsWith("hugepages-")) {
      out.set(name, v);
      out.set(`requests.${name}`, v);
    }
  }
  return out;
}

/**
 * QuotaV1Pod: whether a pod is charged for compute resources — not terminal, and not stuck terminating past its
 * grace period (a pod on a lost node must not keep its owner from scaling up elsewhere).
 */
export function quotaV1Pod(pod: KObject, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  const del = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (del !== undefined && grace !== undefined && now > fromTimestamp(del) + grace) return false;
  return true;
}

/** PodUsageFunc: count/pods always (object counts track storage); compute resources while QuotaV1Pod. */
export function podUsage(pod: KObject, now: number): ResourceList {
  if (!quotaV1Pod(pod, now)) return { [POD_OBJECT_COUNT]: "1" };
  const usage = computeUsage(podResourceTotals(pod.spec, "requests"), podResourceTotals(pod.spec, "limits"));
  usage.set(POD_OBJECT_COUNT, tryQuantity("1")!);
  return fromQuantities(usage);
}

/** MatchingResources: the quota resource names the pod evaluator measures. */
export function podMatchingResources(names: readonly string[]): string[] {
  const known = new Set<string>(POD_RESOURCES);
  return names.filter((n) => known.has(n) || POD_RESOURCE_PREFIXES.some((p) => n.startsWith(p)) || (n.startsWith("requests.") && n.includes("/")));
}

/**
 * Constraints: when a quota tracks cpu or memory, every container must declare it (the backward-compatibility
 * rule of pods.go). Returns the refusal's text, e.g. "must specify limits.cpu for: app; requests.cpu for: app".
 */
export function podConstraints(required: readonly string[], pod: KObject): string | undefined {
  const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
  if (requiredSet.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  const spec = pod.spec ?? {};
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const has = computeUsage(listOf(c?.resources?.requests), listOf(c?.resources?.limits));
    for (const r of requiredSet) {
      if (has.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(String(c?.name ?? ""));
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/** IsTerminating: a pod with activeDeadlineSeconds ≥ 0 (the Terminating quota scope). */
export const isTerminatingPod = (pod: KObject): boolean =>
  typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0;

/** A quota scope selector requirement (spec.scopes become {scopeName, operator: Exists}). */
export interface ScopeRequirement {
  readonly scopeName: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** getScopeSelectorsFromQuota: spec.scopes plus spec.scopeSelector.matchExpressions. */
export function quotaScopes(quota: KObject): ScopeRequirement[] {
  const out: ScopeRequirement[] = (quota.spec?.scopes ?? []).map((s: string) => ({ scopeName: s, operator: "Exists" }));
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) out.push(e);
  return out;
}

function crossNamespaceTerms(terms: any[] | undefined): boolean {
  return (terms ?? []).some((t) => (t?.podAffinityTerm ?? t)?.namespaces?.length > 0 || (t?.podAffinityTerm ?? t)?.namespaceSelector != null);
}

/** podMatchesScopeFunc: whether a pod falls under one scope of a quota. */
export function podMatchesScope(sel: ScopeRequirement, pod: KObject): boolean {
  switch (sel.scopeName) {
    case "Terminating":
      return isTerminatingPod(pod);
    case "NotTerminating":
      return !isTerminatingPod(pod);
    case "BestEffort":
      return podQOSClass(pod.spec) === "BestEffort";
    case "NotBestEffort":
      return podQOSClass(pod.spec) !== "BestEffort";
    case "PriorityClass": {
      const pc: string = pod.spec?.priorityClassName ?? "";
      switch (sel.operator) {
        case "Exists":
          return pc !== "";
        case "DoesNotExist":
          return pc === "";
        case "In":
          return pc !== "" && (sel.values ?? []).includes(pc);
        case "NotIn":
          return pc === "" || !(sel.values ?? []).includes(pc);
        default:
          return false;
      }
    }
    case "CrossNamespacePodAffinity": {
      const a = pod.spec?.affinity;
      return (
        crossNamespaceTerms(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespaceTerms(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespaceTerms(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespaceTerms(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
      );
    }
    default:
      return false;
  }
}
