/** What a scope is: where the random checker and the explorer look. */
import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { Runtime } from "../../model/components/kinds.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { NodeSpec } from "../../model/scenario/types.ts";
import type fc from "fast-check";

/** A scope's starting cluster: its nodes and the objects created before the run. */
export interface ScopeCluster {
  readonly nodes: readonly NodeSpec[];
  readonly objects: readonly KObject[];
  /**
   * The objects the run's user operations create, update and delete (a project's generated resources): data of
   * the run like its starting objects, so fast-check shrinks them with it. Absent: the scope's own.
   */
  readonly operands?: readonly KObject[];
}

/**
 * A scope of the default suite: a small initial cluster, the user operations and faults that may happen in it,
 * and bounds. Each covers some components.
 */
export interface Scope {
  readonly id: string;
  readonly description: string;
  /** Component kinds the scope needs (the scope is skipped when the cluster does not run one of them). */
  readonly needs: readonly string[];
  readonly nodes: readonly NodeSpec[];
  readonly objects: readonly KObject[];
  /**
   * When set, each run starts from a generated cluster instead of `nodes` and `objects` (which stay the
   * explorer's and the default starting point); fast-check shrinks it with the run.
   */
  readonly clusters?: fc.Arbitrary<ScopeCluster>;
  /** The objects its user operations work with when the run's cluster names none (see ScopeCluster.operands). */
  readonly operands?: readonly KObject[];
  /**
   * User operations possible now (deterministic order); `rt` resolves the cluster's components; `cluster` is the
   * run's (a generated one, with its operands) when the scope generates clusters.
   */
  ops(state: State, rt: Runtime, cluster?: ScopeCluster): Action[];
  /** Faults possible now (deterministic order). */
  faults(state: State, rt: Runtime): Action[];
  /**
   * Runs of the default suite in this scope (when --runs is not given; default 50): what the scope needs to be
   * searched well, kept so that the whole default suite takes about a minute.
   */
  readonly runs?: number;
  /**
   * Runs start from the settled cluster: the scope's objects are created, then `settle` runs (informers list,
   * controllers write statuses, pods are scheduled and run) before the first chosen action. The settle's actions
   * lead every trace, so a counterexample still replays from the bare scenario; they are not chosen actions and
   * shrinking keeps them. For bugs that need a working cluster before the user acts (a Ready pod that then
   * terminates, a quota whose status exists), which a run from an unsettled cluster reaches only by luck.
   */
  readonly warmUp?: boolean;
  /** How many faults a run may inject. */
  readonly maxFaults: number;
  /** Logical time to let pass after the last step before checking convergence. */
  readonly settleTime: number;
}

