/** Every invariant kubeprop checks, by family. */
import type { Invariant } from "./types.ts";
import { resourceVersionIsModRevision, storeRevisionsGrow } from "./store.ts";
import { hpaWithinBounds, nodeNotOvercommitted, podIPsUnique, podNeverRebound, podRunsOnOneNode } from "./workloads.ts";
import { rolloutSurgeBound, rolloutUnavailableBound } from "./deployments.ts";
import { noCreateInTerminatingNamespace } from "./namespaces.ts";
import { clusterIPsUnique } from "./services.ts";
import { pvBoundOnce } from "./storage.ts";
import { lifecyclePhaseEdges } from "./lifecycles.ts";
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
  pvBoundOnce,
  lifecyclePhaseEdges,
  replicasConverged,
  deploymentsConverged,
  runtimeMatchesApi,
  namespacesGone,
  serviceAccountsConverged,
];

export const SAFETY_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "safety");
export const CONVERGENCE_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "convergence");

/** The invariant with this id, or undefined. */
export const invariantById = (id: string): Invariant | undefined => ALL_INVARIANTS.find((i) => i.id === id);

export type { Invariant, Violation, CheckContext } from "./types.ts";
