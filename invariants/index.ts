/** Every invariant kubeprop checks, by family. */
import type { Invariant } from "./types.ts";
import { resourceVersionIsModRevision, storeRevisionsGrow } from "./store.ts";
import { hpaWithinBounds, nodeNotOvercommitted, podIPsUnique, podNeverRebound, podRunsOnOneNode } from "./workloads.ts";
import { rolloutSurgeBound, rolloutUnavailableBound } from "./deployments.ts";
import { namespaceContentGone, noCreateInTerminatingNamespace } from "./namespaces.ts";
import { quotaUsageWithinHard } from "./quota.ts";
import { clusterIPsUnique, endpointsConverged, endpointsDeletedOnlyWithService, endpointsReadyAddresses } from "./services.ts";
import { pvAvailableUnclaimed, pvBindingsSymmetric, pvBoundOnce, pvClaimKeepsVolume } from "./storage.ts";
import { lifecyclePhaseEdges } from "./lifecycles.ts";
import { rwoDiskSingleNode } from "./volumes.ts";
import { replicaSetCreatesWithinReplicas } from "./replicasets.ts";
import { admissionRejectionsBounded } from "./admission.ts";
import { noEvictionInFullDisruption } from "./disruption.ts";
import { hpaScaleUpJustified } from "./autoscaling.ts";
import { deploymentsConverged, namespacesGone, replicasConverged, runtimeMatchesApi, serviceAccountsConverged } from "./convergence.ts";

export const ALL_INVARIANTS: readonly Invariant[] = [
  storeRevisionsGrow,
  resourceVersionIsModRevision,
  podNeverRebound,
  podRunsOnOneNode,
  nodeNotOvercommitted,
  podIPsUnique,
  rolloutSurgeBound,
  rolloutUnavailableBound,
  hpaWithinBounds,
  noCreateInTerminatingNamespace,
  clusterIPsUnique,
  endpointsReadyAddresses,
  endpointsDeletedOnlyWithService,
  quotaUsageWithinHard,
  pvBoundOnce,
  pvClaimKeepsVolume,
  pvBindingsSymmetric,
  pvAvailableUnclaimed,
  rwoDiskSingleNode,
  lifecyclePhaseEdges,
  replicaSetCreatesWithinReplicas,
  admissionRejectionsBounded,
  noEvictionInFullDisruption,
  hpaScaleUpJustified,
  replicasConverged,
  deploymentsConverged,
  runtimeMatchesApi,
  namespacesGone,
  serviceAccountsConverged,
  endpointsConverged,
  namespaceContentGone,
];

export const SAFETY_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "safety");
export const CONVERGENCE_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "convergence");

/** The invariant with this id, or undefined. */
export const invariantById = (id: string): Invariant | undefined => ALL_INVARIANTS.find((i) => i.id === id);

export type { Invariant, Violation, CheckContext } from "./types.ts";
