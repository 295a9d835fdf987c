/**
 * The scopes of the default suite (one file per scope). A scope is where the random checker and the explorer
 * look; together they cover every component.
 */
import type { ClusterConfig } from "../../model/config.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../model/config.ts";
import type { Scope } from "./types.ts";
import { namespaces } from "./namespaces.ts";
import { workloads } from "./workloads.ts";
import { services } from "./services.ts";
import { quotaScope } from "./quota.ts";
import { serviceAllocation } from "./service-allocation.ts";
import { endpointsRestart } from "./endpoints-restart.ts";
import { namespaceDeletion } from "./namespace-deletion.ts";
import { storage } from "./storage.ts";
import { replicasets } from "./replicasets.ts";
import { scheduling } from "./scheduling.ts";
import { orphans } from "./orphans.ts";
import { admission } from "./admission.ts";
import { zones } from "./zones.ts";
import { autoscaling } from "./autoscaling.ts";
import { rollouts } from "./rollouts.ts";
import { mixed } from "./mixed.ts";

export const SCOPES: readonly Scope[] = [namespaces, workloads, storage, services, serviceAllocation, endpointsRestart, namespaceDeletion, quotaScope, replicasets, scheduling, orphans, admission, zones, autoscaling, rollouts, mixed];

/** Whether a cluster config runs every component kind a scope needs. */
export const scopeRunsOn = (scope: Scope, config: ClusterConfig): boolean =>
  scope.needs.every((k) => config.components.some((c) => c.kind === k) || config.nodeComponents.some((c) => c.kind === k));

/** Scopes whose components the cluster config runs (default: the default cluster). */
export function availableScopes(config: ClusterConfig = DEFAULT_CLUSTER_CONFIG): Scope[] {
  return SCOPES.filter((s) => scopeRunsOn(s, config));
}

export const scopeById = (id: string): Scope | undefined => SCOPES.find((s) => s.id === id);

export type { Scope } from "./types.ts";
