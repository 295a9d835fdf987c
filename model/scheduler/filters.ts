/**
 * The filter plugins of the default profile that the model runs, in the profile's order, each a pure function
 * of the pod and one NodeInfo: NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and required node
 * affinity), NodeResourcesFit (requests and the pods-per-node limit). Like RunFilterPlugins, a node's status is
 * the first rejection. Follows pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go,
 * tainttoleration/taint_toleration.go, nodeaffinity/node_affinity.go and noderesources/fit.go (fitsRequest).
 */
import type { KObject } from "../objects/types.ts";
import { metaNamespaceKey } from "../objects/types.ts";
import { podMatchesNodeSelectorAndAffinity } from "./node-affinity.ts";
import { isZeroResources, podNonZeroRequests, podRequests } from "./resources.ts";
import { TAINT_NODE_UNSCHEDULABLE, doNotScheduleTaint, effectiveTaints, findMatchingUntoleratedTaint, tolerationsTolerateTaint, type Toleration } from "./taints.ts";
import { PLUGIN, type NodeInfo, type NonZeroResources, type Resources } from "./types.ts";

/** Unschedulable: the node may fit later (preemption could help); UnschedulableAndUnresolvable: it will not. */
export type FilterCode = "Unschedulable" | "UnschedulableAndUnresolvable";

/** Why a node was filtered out (framework.Status of a rejecting plugin). */
export interface FilterStatus {
  readonly plugin: string;
  readonly code: FilterCode;
  readonly reasons: readonly string[];
}

/** What the PreFilter step computes once per cycle: the pod and its requests. */
export interface CyclePod {
  readonly pod: KObject;
  readonly key: string;
  readonly requests: Resources;
  readonly nonZero: NonZeroResources;
  readonly tolerations: readonly Toleration[];
  /** Whether the pod selects nodes by label at all (nodeSelector or required node affinity). */
  readonly selectsNodes: boolean;
}

export interface FilterOptions {
  readonly checkNodeReadyCondition: boolean;
}

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_TOO_MANY_PODS = "Too many pods";

/** The per-cycle pod state (NodeResourcesFit.PreFilter computes the request once). */
export function prepareCyclePod(pod: KObject): CyclePod {
  const selectsNodes = Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 || pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution != null;
  return { pod, key: metaNamespaceKey(pod), requests: podRequests(pod), nonZero: podNonZeroRequests(pod), tolerations: pod.spec?.tolerations ?? [], selectsNodes };
}

/** NodeUnschedulable: a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable:NoSchedule. */
export function nodeUnschedulableFilter(p: CyclePod, n: NodeInfo): FilterStatus | undefined {
  if (n.node?.spec?.unschedulable !== true) return undefined;
  if (tolerationsTolerateTaint(p.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" })) return undefined;
  return { plugin: PLUGIN.nodeUnschedulable, code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_UNSCHEDULABLE] };
}

/** TaintToleration: every NoSchedule/NoExecute taint must be tolerated. */
export function taintTolerationFilter(p: CyclePod, n: NodeInfo, opts: FilterOptions): FilterStatus | undefined {
  const taint = findMatchingUntoleratedTaint(effectiveTaints(n.node!, opts.checkNodeReadyCondition), p.tolerations, doNotScheduleTaint);
  if (!taint) return undefined;
  return {
    plugin: PLUGIN.taintToleration,
    code: "UnschedulableAndUnresolvable",
    reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`],
  };
}

/** NodeAffinity: spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution. */
export function nodeAffinityFilter(p: CyclePod, n: NodeInfo): FilterStatus | undefined {
  if (!p.selectsNodes || podMatchesNodeSelectorAndAffinity(p.pod, n.node!)) return undefined;
  return { plugin: PLUGIN.nodeAffinity, code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_NODE_AFFINITY] };
}

/** One resource the node lacks (noderesources.InsufficientResource). */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

/**
 * fitsRequest: the pods-per-node limit, then cpu, memory, ephemeral storage and scalar resources, each against
 * allocatable minus what the cache already places on the node (assumed pods included).
 */
export function insufficientResources(req: Resources, n: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  if (n.podCount + 1 > n.allowedPodNumber) {
    out.push({ resourceName: "pods", reason: ERR_REASON_TOO_MANY_PODS, requested: 1, used: n.podCount, capacity: n.allowedPodNumber });
  }
  if (isZeroResources(req)) return out;
  const a = n.allocatable;
  const u = n.requested;
  if (a.milliCPU < req.milliCPU + u.milliCPU) out.push({ resourceName: "cpu", reason: "Insufficient cpu", requested: req.milliCPU, used: u.milliCPU, capacity: a.milliCPU });
  if (a.memory < req.memory + u.memory) out.push({ resourceName: "memory", reason: "Insufficient memory", requested: req.memory, used: u.memory, capacity: a.memory });
  if (a.ephemeralStorage < req.ephemeralStorage + u.ephemeralStorage) {
    out.push({ resourceName: "ephemeral-storage", reason: "Insufficient ephemeral-storage", requested: req.ephemeralStorage, used: u.ephemeralStorage, capacity: a.ephemeralStorage });
  }
  for (const name of Object.keys(req.scalar ?? {}).sort()) {
    const r = req.scalar![name]!;
    const used = u.scalar?.[name] ?? 0;
    const cap = a.scalar?.[name] ?? 0;
    if (cap < r + used) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: r, used, capacity: cap });
  }
  return out;
}

/** Whether the request fits (the common case, checked without building reasons). */
function fits(req: Resources, n: NodeInfo): boolean {
  if (n.podCount + 1 > n.allowedPodNumber) return false;
  const a = n.allocatable;
  const u = n.requested;
  if (a.milliCPU < req.milliCPU + u.milliCPU || a.memory < req.memory + u.memory || a.ephemeralStorage < req.ephemeralStorage + u.ephemeralStorage) {
    return isZeroResources(req);
  }
  if (req.scalar) for (const [name, r] of Object.entries(req.scalar)) if ((a.scalar?.[name] ?? 0) < r + (u.scalar?.[name] ?? 0)) return false;
  return true;
}

/** NodeResourcesFit's Filter. */
export function nodeResourcesFitFilter(p: CyclePod, n: NodeInfo): FilterStatus | undefined {
  if (fits(p.requests, n)) return undefined;
  const lacking = insufficientResources(p.requests, n);
  if (lacking.length === 0) return undefined;
  return { plugin: PLUGIN.nodeResourcesFit, code: "Unschedulable", reasons: lacking.map((r) => r.reason) };
}

/** RunFilterPlugins: the first rejection among the filters, in the default profile's order (undefined = fits). */
export function runFilterPlugins(p: CyclePod, n: NodeInfo, opts: FilterOptions): FilterStatus | undefined {
  return nodeUnschedulableFilter(p, n) ?? taintTolerationFilter(p, n, opts) ?? nodeAffinityFilter(p, n) ?? nodeResourcesFitFilter(p, n);
}
