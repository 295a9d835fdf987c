/**
 * Zones and their health. Follows k8s.io/component-helpers/node/topology/helpers.go (GetZoneKey) and
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go (ZoneState, ComputeZoneState, ReducedQPSFunc,
 * HealthyQPSFunc, setLimiterInZone, isNodeExcludedFromDisruptionChecks).
 */
import type { KObject } from "../../objects/types.ts";

/** node_lifecycle_controller.go ZoneState. */
export type ZoneState = "Initial" | "Normal" | "FullDisruption" | "PartialDisruption";

/** A node's Ready condition as the zone computation sees it (undefined: the node never posted one). */
export interface ReadyConditionLike {
  readonly status: string;
}

/** The controller's tuning (kube-controller-manager flags and their defaults). */
export interface NodeLifecycleTuning {
  /** --node-monitor-period: how often monitorNodeHealth runs (5 s). */
  readonly nodeMonitorPeriod: number;
  /** --node-startup-grace-period: grace for a node that never posted Ready (60 s). */
  readonly nodeStartupGracePeriod: number;
  /** --node-eviction-rate: taints per second in a healthy zone (0.1). */
  readonly evictionLimiterQPS: number;
  /** --secondary-node-eviction-rate: in a partially disrupted large zone (0.01). */
  readonly secondaryEvictionLimiterQPS: number;
  /** --large-cluster-size-threshold (50). */
  readonly largeClusterThreshold: number;
  /** --unhealthy-zone-threshold (0.55). */
  readonly unhealthyZoneThreshold: number;
}

export const DEFAULT_TUNING: NodeLifecycleTuning = {
  nodeMonitorPeriod: 5,
  nodeStartupGracePeriod: 60,
  evictionLimiterQPS: 0.1,
  secondaryEvictionLimiterQPS: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
export const LABEL_TOPOLOGY_REGION = "topology.kubernetes.io/region";
const LABEL_FAILURE_DOMAIN_BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
const LABEL_FAILURE_DOMAIN_BETA_REGION = "failure-domain.beta.kubernetes.io/region";
/** A node with this label is left out of the zone computation (labelNodeDisruptionExclusion). */
export const LABEL_NODE_DISRUPTION_EXCLUSION = "node.kubernetes.io/exclude-disruption";

/**
 * GetZoneKey: "region:\0:zone" from the topology labels (the beta labels as fallback); "" when the node has
 * neither, so every unlabelled node is in one zone.
 */
export function getZoneKey(node: KObject): string {
  const labels = node.metadata.labels;
  if (!labels) return "";
  const zone = labels[LABEL_TOPOLOGY_ZONE] ?? labels[LABEL_FAILURE_DOMAIN_BETA_ZONE] ?? "";
  const region = labels[LABEL_TOPOLOGY_REGION] ?? labels[LABEL_FAILURE_DOMAIN_BETA_REGION] ?? "";
  if (region === "" && zone === "") return "";
  return `${region}:\u0000:${zone}`;
}

/** isNodeExcludedFromDisruptionChecks. */
export const isNodeExcludedFromDisruptionChecks = (node: KObject): boolean =>
  node.metadata.labels?.[LABEL_NODE_DISRUPTION_EXCLUSION] !== undefined;

/**
 * ComputeZoneState: FullDisruption when no node of the zone is Ready, PartialDisruption when more than two are
 * not Ready and they are at least `unhealthyZoneThreshold` of the zone, Normal otherwise. Returns the number
 * of not-Ready nodes too.
 */
export function computeZoneState(
  readyConditions: readonly (ReadyConditionLike | undefined)[],
  unhealthyZoneThreshold = DEFAULT_TUNING.unhealthyZoneThreshold,
): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c !== undefined && c.status === "True") ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: "FullDisruption" };
  // float32 in Go; the thresholds in use are exact enough in float64 for the same answers.
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold) return { notReady, state: "PartialDisruption" };
  return { notReady, state: "Normal" };
}

/**
 * The zone states of a set of nodes, by zone key (monitorNodeHealth's zoneToNodeConditions fed to
 * ComputeZoneState). Nodes excluded from disruption checks are left out.
 */
export function computeZoneStates(
  nodes: readonly { readonly node: KObject; readonly ready: ReadyConditionLike | undefined }[],
  unhealthyZoneThreshold = DEFAULT_TUNING.unhealthyZoneThreshold,
): Record<string, ZoneState> {
  const byZone = new Map<string, (ReadyConditionLike | undefined)[]>();
  for (const { node, ready } of nodes) {
    if (isNodeExcludedFromDisruptionChecks(node)) continue;
    const z = getZoneKey(node);
    const list = byZone.get(z) ?? [];
    list.push(ready);
    byZone.set(z, list);
  }
  const out: Record<string, ZoneState> = {};
  for (const z of [...byZone.keys()].sort()) out[z] = computeZoneState(byZone.get(z)!, unhealthyZoneThreshold).state;
  return out;
}

/**
 * setLimiterInZone's QPS: Normal → the eviction rate; PartialDisruption → ReducedQPSFunc (the secondary rate in
 * a zone larger than the threshold, else 0: a small zone half down stops evicting); FullDisruption →
 * HealthyQPSFunc (the normal rate: a zone that is entirely gone while others live is drained). Initial keeps
 * the rate the tainter was created with.
 */
export function zoneEvictionQPS(state: ZoneState, zoneSize: number, t: NodeLifecycleTuning = DEFAULT_TUNING): number {
  switch (state) {
    case "PartialDisruption":
      return zoneSize > t.largeClusterThreshold ? t.secondaryEvictionLimiterQPS : 0;
    case "Normal":
    case "FullDisruption":
    case "Initial":
      return t.evictionLimiterQPS;
  }
}
