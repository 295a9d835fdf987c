/**
 * Lifecycle invariant and edge recorder: the model seen against the state charts of model/lifecycles.
 *
 * Both read only the store's watch log between two states (the writes of the last step), so their cost is
 * O(changes), never O(objects): a step that changes one pod costs one chart lookup however big the cluster is.
 */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, ref } from "./objects.ts";
import type { KObject } from "../model/objects/types.ts";
import type { StoreEvent } from "../model/store/store.ts";
import { LIFECYCLE_CHARTS, type LifecycleChart } from "../model/lifecycles/catalog.ts";
import { isTerminalPhase, phaseTransition } from "../model/lifecycles/phases.ts";
import { statusPhase } from "../model/lifecycles/object-states.ts";
import { GONE, phaseEdgeKey, topLevelOf, type ChartTransition, type LifecycleMachineId } from "../model/lifecycles/types.ts";
import { attributeWrite } from "../model/lifecycles/attribution.ts";

/** The charts whose phase changes the invariant checks: the objects whose status.phase is the chart. */
const CHECKED: readonly LifecycleChart<any, any>[] = LIFECYCLE_CHARTS.filter((c) => c.phaseIsStatusPhase);

/** The chart an etcd key belongs to, by prefix (five prefixes: a handful of startsWith per event). */
function chartOfKey(key: string, charts: readonly LifecycleChart<any, any>[]): LifecycleChart<any, any> | undefined {
  for (const c of charts) if (key.startsWith(c.storePrefix)) return c;
  return undefined;
}

/**
 * Every status.phase change of a Pod, PersistentVolume or Namespace between `prev` and `state` is an edge of its
 * chart, and a terminal phase (Pod Succeeded, Failed) is never left.
 */
export const lifecyclePhaseEdges: Invariant = {
  id: "lifecycle-phase-edges",
  description: "every Pod, PersistentVolume and Namespace phase change is an edge of its lifecycle chart, and Succeeded/Failed pods never change phase",
  kind: "safety",
  source: "model/lifecycles charts; pkg/kubelet/status/status_manager.go (pods are not allowed to transition out of terminal phases), pkg/controller/volume/persistentvolume/pv_controller.go, pkg/controller/namespace/deletion",
  check(state, prev) {
    if (!prev) return [];
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || !ev.prevKv) continue;
      const chart = chartOfKey(ev.kv.key, CHECKED);
      if (!chart) continue;
      const from = statusPhase(ev.prevKv.value);
      const to = statusPhase(ev.kv.value);
      if (from === undefined || to === undefined || from === to) continue;
      const obj = ev.kv.value;
      if (isTerminalPhase(chart.id, from)) {
        out.push({ invariant: this.id, objects: [ref(obj)], message: `${ref(obj)} left the terminal phase ${from} for ${to} (revision ${ev.revision})` });
      } else if (!phaseTransition(chart.id, from, to)) {
        out.push({ invariant: this.id, objects: [ref(obj)], message: `${ref(obj)} changed phase ${from} → ${to}, which is not an edge of the ${chart.id} chart (revision ${ev.revision})` });
      }
    }
    return out;
  },
};

/** One observed change of chart state of one object, or a self-loop the write showed. */
export interface LifecycleChange {
  readonly machine: LifecycleMachineId;
  /** "Kind ns/name". */
  readonly object: string;
  readonly fromState: string;
  /** A leaf state, or "gone" when the object was removed; equal to fromState for a self-loop. */
  readonly toState: string;
  readonly revision: number;
  /** The chart transition this change was, when the change identifies exactly one (always set for a self-loop). */
  readonly transition?: ChartTransition;
}

/**
 * The chart-state changes in a run of store events, for every chart (Pod, PV, Namespace, Node Ready,
 * Deployment rollout), each attributed to the chart transition it was when exactly one fits
 * (model/lifecycles/attribution.ts), and the self-loops the writes show. Creations are not changes; the
 * removal of an object in a final state ends its chart and is not a change either.
 */
export function lifecycleChanges(events: Iterable<StoreEvent<KObject>>): LifecycleChange[] {
  const out: LifecycleChange[] = [];
  for (const ev of events) {
    if (!ev.prevKv) continue;
    const chart = chartOfKey(ev.kv.key, LIFECYCLE_CHARTS);
    if (!chart) continue;
    const prevObj = ev.prevKv.value;
    const fromState = chart.stateOf(prevObj);
    if (chart.compiled.isFinal(fromState)) continue;
    const nextObj = ev.type === "DELETE" ? undefined : ev.kv.value;
    const toState = nextObj ? chart.stateOf(nextObj) : GONE;
    const object = ref(prevObj);
    const ts = attributeWrite(chart, fromState, toState, prevObj, nextObj);
    if (toState === fromState) {
      for (const transition of ts) out.push({ machine: chart.id, object, fromState, toState, revision: ev.revision, transition });
      continue;
    }
    out.push({ machine: chart.id, object, fromState, toState, revision: ev.revision, ...(ts[0] ? { transition: ts[0] } : {}) });
  }
  return out;
}

/** Counts of what a run exercised, per chart. */
export interface ChartEdgeCounts {
  /** Top-level changes "from -> to" (including "-> gone"), exact: each observed change counts once. */
  phaseEdges: Record<string, number>;
  /** Changes attributed to one chart transition, by transition id. */
  transitions: Record<string, number>;
  /** Changes not attributable to one transition, by "fromState -> toState". */
  unattributed: Record<string, number>;
}

/** Edge counts of every chart: the `--coverage FILE` format of `kubeprop charts`. */
export type EdgeCoverage = Partial<Record<LifecycleMachineId, ChartEdgeCounts>>;

const bump = (r: Record<string, number>, k: string) => {
  r[k] = (r[k] ?? 0) + 1;
};

/** Adds the changes in `events` to `coverage` (mutated and returned), e.g. after every step of a run. */
export function recordLifecycleEdges(coverage: EdgeCoverage, events: Iterable<StoreEvent<KObject>>): EdgeCoverage {
  for (const c of lifecycleChanges(events)) {
    const counts = (coverage[c.machine] ??= { phaseEdges: {}, transitions: {}, unattributed: {} });
    const fromPhase = topLevelOf(c.fromState);
    const toPhase = topLevelOf(c.toState);
    if (fromPhase !== toPhase) bump(counts.phaseEdges, phaseEdgeKey(fromPhase, toPhase));
    if (c.transition) bump(counts.transitions, c.transition.id);
    else bump(counts.unattributed, phaseEdgeKey(c.fromState, c.toState));
  }
  return coverage;
}

/** Adds the counts of `from` to `into` (mutated and returned): coverage summed over runs. */
export function mergeEdgeCoverage(into: EdgeCoverage, from: EdgeCoverage): EdgeCoverage {
  for (const [machine, c] of Object.entries(from) as [LifecycleMachineId, ChartEdgeCounts][]) {
    const counts = (into[machine] ??= { phaseEdges: {}, transitions: {}, unattributed: {} });
    for (const field of ["phaseEdges", "transitions", "unattributed"] as const) {
      for (const [k, n] of Object.entries(c[field])) counts[field][k] = (counts[field][k] ?? 0) + n;
    }
  }
  return into;
}

/**
 * The same counts in a stable order, for files: machines in LIFECYCLE_MACHINE_IDS order, transitions in chart
 * order, phase edges and unattributed changes sorted. Two runs that counted the same write the same bytes.
 */
export function normalizeEdgeCoverage(coverage: EdgeCoverage): EdgeCoverage {
  const out: EdgeCoverage = {};
  for (const chart of LIFECYCLE_CHARTS) {
    const c = coverage[chart.id];
    if (!c) continue;
    const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const transitions: Record<string, number> = {};
    for (const t of chart.compiled.definition.transitions) if (c.transitions[t.id] !== undefined) transitions[t.id] = c.transitions[t.id]!;
    out[chart.id] = { phaseEdges: sorted(c.phaseEdges), transitions, unattributed: sorted(c.unattributed) };
  }
  return out;
}

/** The chart edges the store events exercised, counted. */
export function edgeCoverage(events: Iterable<StoreEvent<KObject>>): EdgeCoverage {
  return recordLifecycleEdges({}, events);
}

export { eventsSince };
