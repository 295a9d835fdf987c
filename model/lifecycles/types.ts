/**
 * Shared vocabulary of the lifecycle state charts: machine ids, the plain-data chart definition the exporters and
 * the compiled tables are built from, and phase edges.
 */

/** The lifecycle machines kubeprop ships. */
export type LifecycleMachineId = "pod" | "persistentvolume" | "namespace" | "node-ready" | "deployment-rollout";

/** Every machine id, in the order charts are listed and exported. */
export const LIFECYCLE_MACHINE_IDS: readonly LifecycleMachineId[] = ["pod", "persistentvolume", "namespace", "node-ready", "deployment-rollout"];

/**
 * A state of a chart as plain data. `path` is the dotted path from the root ("Pending.unscheduled"); top-level
 * states are the phases the API shows (except the pseudo-state `gone`: the object was removed).
 */
export interface ChartState {
  readonly path: string;
  readonly key: string;
  readonly type: "atomic" | "compound" | "final";
  /** For a compound state, the key of its initial child. */
  readonly initial?: string;
  readonly description?: string;
  readonly children: readonly ChartState[];
}

/**
 * One transition of a chart: from `source` (any state, atomic or compound) on `event`, when `guard` holds (or
 * always), to `target` (a state path; a compound target enters its initial child). `id` is unique in the chart:
 * `source#event#n` where n is the transition's rank among the source's transitions for that event.
 */
export interface ChartTransition {
  readonly id: string;
  readonly source: string;
  readonly event: string;
  readonly guard?: string;
  readonly target: string;
  /** The atomic state the target resolves to (following initial children). */
  readonly targetLeaf: string;
  readonly description?: string;
}

/** A whole chart as plain JSON: what the exporters and the coverage code read. */
export interface ChartDefinition {
  readonly id: LifecycleMachineId;
  /** Path of the initial top-level state. */
  readonly initial: string;
  readonly states: readonly ChartState[];
  readonly transitions: readonly ChartTransition[];
  /** Every atomic (leaf) state path, in document order. */
  readonly leaves: readonly string[];
}

/** A change of top-level state (API phase), e.g. Pod Pending → Running. */
export interface PhaseEdge {
  readonly from: string;
  readonly to: string;
}

/** "from -> to", the key phase edges are counted and looked up by. */
export const phaseEdgeKey = (from: string, to: string): string => `${from} -> ${to}`;

/** The top-level state of a state path ("Pending.unscheduled" → "Pending"). */
export const topLevelOf = (path: string): string => {
  const i = path.indexOf(".");
  return i < 0 ? path : path.slice(0, i);
};

/** The pseudo-state an object reaches when it is removed from the API before a final phase. */
export const GONE = "gone";
