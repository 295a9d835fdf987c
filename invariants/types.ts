/**
 * An invariant is data: an id, what it says, whether it is a safety property (checked after every step) or a
 * convergence property (checked once faults have stopped and the cluster has settled), the source it comes
 * from, and a check that lists violations.
 */
import type { State } from "../model/state.ts";

export interface Violation {
  readonly invariant: string;
  /** The objects involved, as "kind namespace/name" strings. */
  readonly objects: readonly string[];
  /** One sentence: what is wrong. */
  readonly message: string;
}

export interface Invariant {
  readonly id: string;
  readonly description: string;
  readonly kind: "safety" | "convergence";
  /** Where the property comes from (a Kubernetes doc, issue or design). */
  readonly source: string;
  /**
   * Lists violations in `state`. `prev` is the state before the last step (undefined for the initial state), for
   * properties about transitions such as "revisions only grow".
   */
  check(state: State, prev?: State, ctx?: CheckContext): readonly Violation[];
}

/** What the monitor knows about the run so far. */
export interface CheckContext {
  /**
   * Disruptions on the path so far: faults, pod deletions, readiness flips (model/actions.ts isDisruption). Some
   * safety properties hold only in undisturbed runs (a rollout's maxUnavailable).
   */
  readonly disruptions: number;
}
