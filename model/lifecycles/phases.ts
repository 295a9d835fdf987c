/**
 * The phase-level view of each chart: the top-level states (the phases the API shows), which changes of phase
 * are edges of the chart, and which phases are terminal. Computed once from the compiled charts; lookups are a
 * Set read, cheap enough for a check on every step.
 */
import { chartById, LIFECYCLE_CHARTS } from "./catalog.ts";
import { GONE, phaseEdgeKey, topLevelOf, type LifecycleMachineId, type PhaseEdge } from "./types.ts";

/** A chart at phase granularity. */
export interface PhaseGraph {
  /** Top-level states except `gone`, in document order. */
  readonly phases: readonly string[];
  /** Changes of phase the chart allows (from ≠ to), including removal (to = "gone"), in document order. */
  readonly edges: readonly PhaseEdge[];
  /** Phases that are final states: never left (Pod Succeeded and Failed). */
  readonly terminal: readonly string[];
  readonly edgeKeys: ReadonlySet<string>;
}

function buildPhaseGraph(id: LifecycleMachineId): PhaseGraph {
  const def = chartById(id).compiled.definition;
  const phases = def.states.filter((s) => s.key !== GONE).map((s) => s.key);
  const terminal = def.states.filter((s) => s.type === "final" && s.key !== GONE).map((s) => s.key);
  const edges: PhaseEdge[] = [];
  const edgeKeys = new Set<string>();
  // A transition declared on a state applies from every leaf under it; all of them share its top-level state.
  for (const t of def.transitions) {
    const from = topLevelOf(t.source);
    const to = topLevelOf(t.targetLeaf);
    const key = phaseEdgeKey(from, to);
    if (from === to || edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edges.push({ from, to });
  }
  return { phases, edges, terminal, edgeKeys };
}

const graphs = new Map<LifecycleMachineId, PhaseGraph>(LIFECYCLE_CHARTS.map((c) => [c.id, buildPhaseGraph(c.id)]));

/** The phase graph of a chart. */
export function phaseGraph(id: LifecycleMachineId): PhaseGraph {
  return graphs.get(id)!;
}

/**
 * Whether `from → to` is a change of phase the chart allows (e.g. ("pod", "Pending", "Running") is true,
 * ("pod", "Succeeded", "Running") false). `to` may be "gone" (the object removed). The same phase is not a
 * change: false.
 */
export function phaseTransition(id: LifecycleMachineId, from: string, to: string): boolean {
  return graphs.get(id)!.edgeKeys.has(phaseEdgeKey(from, to));
}

/** Whether `phase` is a terminal phase of the chart (a final state that is a phase). */
export function isTerminalPhase(id: LifecycleMachineId, phase: string): boolean {
  return graphs.get(id)!.terminal.includes(phase);
}

/**
 * The phase to write when a component computed `proposed` and the object is in `from`: `proposed` when it is
 * the same phase or an edge of the chart, otherwise `from` (the change is refused). This is the kubelet's
 * "pods are not allowed to transition out of terminal phases" rule, generalised to the whole chart.
 */
export function admitPhaseChange<P extends string>(id: LifecycleMachineId, from: P | undefined, proposed: P): P {
  if (from === undefined || from === proposed || phaseTransition(id, from, proposed)) return proposed;
  return from;
}
