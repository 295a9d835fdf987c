/**
 * The service controller's questions about Services and Nodes. Follows k8s.io/cloud-provider
 * controllers/service/controller.go (wantsLoadBalancer, needsCleanup, needsUpdate, portsEqualForLB,
 * shouldSyncUpdatedNode, stableNodeSetPredicates) and service/helpers (HasLBFinalizer, LoadBalancerStatusEqual).
 *
 * Node predicates are those of StableLoadBalancerNodeSet (GA since 1.30): a node leaves the load balancers when it
 * is deleted, labelled node.kubernetes.io/exclude-from-external-load-balancers, or tainted for deletion by the
 * cluster autoscaler, but not when it is merely NotReady (connection draining is the node's business). The model's
 * nodes have no spec.providerID, so nodeHasProviderIDPredicate is left out.
 */
import type { KObject } from "../../objects/types.ts";

/** servicehelper.LoadBalancerCleanupFinalizer. */
export const LOAD_BALANCER_CLEANUP_FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
/** v1.LabelNodeExcludeBalancers. */
export const EXCLUDE_BALANCERS_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
/** The cluster autoscaler's taint on nodes it is about to delete. */
export const TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

/** wantsLoadBalancer: type LoadBalancer and no loadBalancerClass (another controller's then). */
export const wantsLoadBalancer = (svc: KObject): boolean => svc.spec?.type === "LoadBalancer" && (svc.spec?.loadBalancerClass ?? null) === null;

export const hasLBFinalizer = (svc: KObject): boolean => (svc.metadata.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);

/** needsCleanup: the finalizer is there and the Service is being deleted or no longer a LoadBalancer. */
export function needsCleanup(svc: KObject): boolean {
  if (!hasLBFinalizer(svc)) return false;
  return Boolean(svc.metadata.deletionTimestamp) || svc.spec?.type !== "LoadBalancer";
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** portEqualForLB over the ports in order. */
function portsEqualForLB(x: KObject, y: KObject): boolean {
  const xp: any[] = x.spec?.ports ?? [];
  const yp: any[] = y.spec?.ports ?? [];
  if (xp.length !== yp.length) return false;
  return xp.every((p, i) => {
    const q = yp[i];
    return p.name === q.name && p.protocol === q.protocol && p.port === q.port && p.nodePort === q.nodePort && same(p.targetPort, q.targetPort) && same(p.appProtocol, q.appProtocol);
  });
}

/** needsUpdate: a change of the Service that its load balancer must follow. */
export function needsUpdate(old: KObject, cur: KObject): boolean {
  if (!wantsLoadBalancer(old) && !wantsLoadBalancer(cur)) return false;
  if (wantsLoadBalancer(old) !== wantsLoadBalancer(cur)) return true;
  const o = old.spec ?? {};
  const n = cur.spec ?? {};
  if (wantsLoadBalancer(cur) && !same(o.loadBalancerSourceRanges, n.loadBalancerSourceRanges)) return true;
  if (!portsEqualForLB(old, cur) || o.sessionAffinity !== n.sessionAffinity) return true;
  if (!same(o.sessionAffinityConfig, n.sessionAffinityConfig)) return true;
  if (o.loadBalancerIP !== n.loadBalancerIP) return true;
  if (!same(o.externalIPs ?? [], n.externalIPs ?? [])) return true;
  if (!same(old.metadata.annotations ?? {}, cur.metadata.annotations ?? {})) return true;
  if (old.metadata.uid !== cur.metadata.uid) return true;
  if (o.externalTrafficPolicy !== n.externalTrafficPolicy) return true;
  if (o.healthCheckNodePort !== n.healthCheckNodePort) return true;
  return (o.ipFamilies ?? []).length !== (n.ipFamilies ?? []).length;
}

const nodeIncluded = (node: KObject): boolean => node.metadata.labels?.[EXCLUDE_BALANCERS_LABEL] === undefined;
const nodeUntainted = (node: KObject): boolean => !(node.spec?.taints ?? []).some((t: { key?: string }) => t.key === TO_BE_DELETED_TAINT);
const nodeNotDeleted = (node: KObject): boolean => !node.metadata.deletionTimestamp;

/** stableNodeSetPredicates: whether a node is a backend of load balancers. */
export const nodeIsBackend = (node: KObject): boolean => nodeNotDeleted(node) && nodeIncluded(node) && nodeUntainted(node);

/** shouldSyncUpdatedNode: with a stable node set, only a change of the exclusion label resyncs the balancers. */
export const shouldSyncUpdatedNode = (old: KObject, cur: KObject): boolean => nodeIncluded(old) !== nodeIncluded(cur);

/** LoadBalancerStatusEqual (ingress lists, empty = absent). */
export const loadBalancerStatusEqual = (a: { ingress?: unknown[] } | undefined, b: { ingress?: unknown[] } | undefined): boolean =>
  JSON.stringify(a?.ingress ?? []) === JSON.stringify(b?.ingress ?? []);
