/**
 * Quota evaluators: for each resource, what an object of it costs and which requests can change that.
 * Follows pkg/quota/v1/evaluator/core/registry.go (the pod, service and persistentvolumeclaim evaluators, the
 * legacy object-count aliases), services.go, persistent_volume_claims.go, pods.go, and
 * staging/src/k8s.io/apiserver/pkg/quota/v1/generic/evaluator.go (the object-count evaluator every other
 * resource gets, Matches) and pkg/quota/v1/install/registry.go (events are ignored).
 */
import type { KObject } from "../../objects/types.ts";
import type { ResourceInfo } from "../resources.ts";
import { resourceId } from "../resources.ts";
import { resourceNames, type ResourceList } from "./resource-list.ts";
import {
  isTerminatingPod,
  podConstraints,
  podMatchesScope,
  podMatchingResources,
  podUsage,
  quotaScopes,
  type ScopeRequirement,
} from "./pod-usage.ts";

/** What the admission plug-in knows of a request, as far as evaluators care. */
export interface EvaluatedRequest {
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  readonly subresource?: string;
  readonly object?: KObject;
  readonly oldObject?: KObject;
}

export interface QuotaEvaluator {
  /** Resource id it measures ("pods", "deployments.apps"). */
  readonly resource: string;
  /** Handles: whether a request of this kind can change usage at all. */
  handles(r: EvaluatedRequest): boolean;
  /** MatchingResources: the quota resource names (of a quota's hard list) this evaluator measures. */
  matchingResources(names: readonly string[]): string[];
  /** Whether an object falls under one scope requirement of a quota (MatchesScopeFunc). */
  matchesScope(sel: ScopeRequirement, obj: KObject): boolean;
  /** Constraints: the refusal text when the object lacks something a quota requires. */
  constraints(required: readonly string[], obj: KObject): string | undefined;
  /** Usage: what the object costs at logical time now. */
  usage(obj: KObject, now: number): ResourceList;
}

/** generic.ObjectCountQuotaResourceNameFor: "count/pods", "count/deployments.apps". */
export const objectCountName = (info: Pick<ResourceInfo, "group" | "plural">): string => `count/${resourceId(info)}`;

/** The legacy names that count objects of a core resource besides count/<resource> (registry.go). */
const LEGACY_OBJECT_COUNT_ALIASES: Readonly<Record<string, string>> = {
  configmaps: "configmaps",
  resourcequotas: "resourcequotas",
  replicationcontrollers: "replicationcontrollers",
  secrets: "secrets",
};

/** Resources quota never evaluates (install.DefaultIgnoredResources). */
export const IGNORED_RESOURCES: ReadonlySet<string> = new Set(["events"]);

/** MatchesNoScopeFunc: non-pod evaluators match no scope, so a scoped quota never covers them. */
const noScope = () => false;
const noConstraints = () => undefined;

/** The object-count evaluator (generic.NewObjectCountEvaluator): one per object, CREATE only. */
export function objectCountEvaluator(info: ResourceInfo): QuotaEvaluator {
  const id = resourceId(info);
  const names = [objectCountName(info), ...(LEGACY_OBJECT_COUNT_ALIASES[id] ? [LEGACY_OBJECT_COUNT_ALIASES[id]!] : [])];
  const usage: ResourceList = Object.fromEntries(names.map((n) => [n, "1"]));
  return {
    resource: id,
    handles: (r) => r.operation === "CREATE",
    matchingResources: (hard) => hard.filter((n) => names.includes(n)),
    matchesScope: noScope,
    constraints: noConstraints,
    usage: () => usage,
  };
}

const POD_EVALUATOR: QuotaEvaluator = {
  resource: "pods",
  // Handles: creates, and updates that move the pod in or out of the Terminating scope.
  handles(r) {
    if ((r.subresource ?? "") !== "") return r.subresource === "resize" && r.operation === "UPDATE";
    if (r.operation === "UPDATE" && r.object && r.oldObject) return isTerminatingPod(r.oldObject) !== isTerminatingPod(r.object);
    return r.operation === "CREATE";
  },
  matchingResources: podMatchingResources,
  matchesScope: podMatchesScope,
  constraints: podConstraints,
  usage: podUsage,
};

const SERVICE_RESOURCES = ["count/services", "services", "services.loadbalancers", "services.nodeports"];

/** services.go: the object, load balancers, and the node ports they hold. */
function serviceUsage(svc: KObject): ResourceList {
  const out: Record<string, string> = { "count/services": "1", services: "1" };
  const ports: any[] = svc.spec?.ports ?? [];
  const type = svc.spec?.type ?? "ClusterIP";
  if (type === "NodePort") out["services.nodeports"] = String(ports.length);
  if (type === "LoadBalancer") {
    const allocate = svc.spec?.allocateLoadBalancerNodePorts !== false;
    out["services.nodeports"] = String(allocate ? ports.length : ports.filter((p) => p?.nodePort).length);
    out["services.loadbalancers"] = "1";
  }
  return out;
}

const SERVICE_EVALUATOR: QuotaEvaluator = {
  resource: "services",
  // "We handle create and update because a service type can change."
  handles: (r) => r.operation === "CREATE" || r.operation === "UPDATE",
  matchingResources: (hard) => hard.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: noScope,
  constraints: noConstraints,
  usage: serviceUsage,
};

const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
const PVC_RESOURCES = ["count/persistentvolumeclaims", "persistentvolumeclaims", "requests.storage"];

/** persistent_volume_claims.go: the claim, its storage request, and both again per storage class. */
function pvcUsage(pvc: KObject): ResourceList {
  const out: Record<string, string> = { "count/persistentvolumeclaims": "1", persistentvolumeclaims: "1" };
  const cls: string = pvc.spec?.storageClassName ?? pvc.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
  if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = "1";
  const storage = pvc.spec?.resources?.requests?.storage;
  if (storage !== undefined) {
    out["requests.storage"] = String(storage);
    if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`] = String(storage);
  }
  return out;
}

const PVC_EVALUATOR: QuotaEvaluator = {
  resource: "persistentvolumeclaims",
  // Creates, and updates of the main resource (a claim's request can grow: volume expansion).
  handles: (r) => (r.subresource ?? "") === "" && (r.operation === "CREATE" || r.operation === "UPDATE"),
  matchingResources: (hard) => hard.filter((n) => PVC_RESOURCES.includes(n) || n.includes(STORAGE_CLASS_SUFFIX)),
  matchesScope: noScope,
  constraints: noConstraints,
  usage: pvcUsage,
};

/** The evaluator of a resource, or undefined for an ignored one (events). */
export function evaluatorFor(info: ResourceInfo): QuotaEvaluator | undefined {
  const id = resourceId(info);
  if (IGNORED_RESOURCES.has(id)) return undefined;
  if (id === "pods") return POD_EVALUATOR;
  if (id === "services") return SERVICE_EVALUATOR;
  if (id === "persistentvolumeclaims") return PVC_EVALUATOR;
  return objectCountEvaluator(info);
}

/**
 * generic.Matches: a quota covers an object when it limits at least one resource the evaluator measures (of
 * status.hard: a quota the controller has not yet observed covers nothing) and the object is in every scope.
 */
export function quotaMatches(ev: QuotaEvaluator, quota: KObject, obj: KObject): boolean {
  if (ev.matchingResources(resourceNames(quota.status?.hard)).length === 0) return false;
  return quotaScopes(quota).every((s) => ev.matchesScope(s, obj));
}
