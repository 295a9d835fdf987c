/** What every part of the node lifecycle controller's sync handlers needs: the component, options, the log. */
import type { ComponentState } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { cacheGet } from "../../informers/cache.ts";
import { DEFAULT_TUNING, type NodeLifecycleTuning } from "./zones.ts";
import { podKeysOnNode } from "./pod-index.ts";
import type { NodeLifecycleMemory } from "./memory.ts";

/** Variants of the controller (the bug zoo switches them off one by one). */
export interface NodeLifecycleOptions {
  /**
   * When every zone is fully disrupted, stop all evictions and remove the NoExecute taints (Kubernetes'
   * handleDisruption "master disruption mode": it is likelier the control plane lost the network than that
   * every node died). Off: keep evicting, as a controller without the rule would.
   */
  readonly stopEvictionsOnFullDisruption: boolean;
  /** Overrides of the controller flags (monitor period, eviction rates, thresholds). */
  readonly tuning?: Partial<NodeLifecycleTuning>;
}

export interface ResolvedOptions {
  readonly stopEvictionsOnFullDisruption: boolean;
  readonly tuning: NodeLifecycleTuning;
}

export const resolveOptions = (o: NodeLifecycleOptions): ResolvedOptions => ({
  stopEvictionsOnFullDisruption: o.stopEvictionsOnFullDisruption,
  tuning: { ...DEFAULT_TUNING, ...(o.tuning ?? {}) },
});

export interface Ctx {
  /** The component (its caches); its memory is in the Pass. */
  readonly c: ComponentState;
  readonly options: ResolvedOptions;
  readonly log: EffectLog;
}

export const NODES = "nodes";
export const PODS = "pods";
export const LEASES = "leases.coordination.k8s.io";
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** getPodsAssignedToNode: the indexed pods of a node that the cache still has on that node. */
export function podsOnNode(ctx: Ctx, mem: NodeLifecycleMemory, node: string): KObject[] {
  const out: KObject[] = [];
  for (const key of podKeysOnNode(mem.pods, node)) {
    const pod = cacheGet(ctx.c, PODS, key);
    if (pod && pod.spec?.nodeName === node) out.push(pod);
  }
  return out;
}
