/**
 * Which chart transition an observed write of an object was. The store shows states (before and after a write),
 * the chart has transitions (events between states): a change is attributed to a transition only when exactly
 * one fits, so that coverage counts say what the model really did.
 *
 * A transition fits a write from `fromState` to `toState` when
 * - some event of that type takes it from `fromState` under the object's guard inputs (its spec facts): the
 *   compiled table decides, with the chart's event samples as the possible payloads, so a guard that the object
 *   can never satisfy (restartPolicy Never for an Always pod) rules its transition out;
 * - it ends in `toState`;
 * - when the chart reads evidence and the write is an update: the write shows its event (LifecycleChart.evidence:
 *   a condition flipped, a container exited with some code, ...) and the table takes that very event, payload
 *   and all, along it. A write that shows none of the fitting events is several steps at once (the kubelet
 *   reported sandbox, start and readiness in one status) and is not attributed.
 * Several fitting transitions of one event are guarded alternatives: the first counts. Otherwise the one declared
 * on the deepest state counts (deleting an unscheduled pod is its own Delete, not the Pending-wide ForceDelete).
 *
 * A write that leaves the state as it was can still be a transition: a self-loop (a failed scheduling attempt,
 * an init container that finished, a namespace pass that found content). Those are attributed only on evidence.
 */
import type { KObject } from "../objects/types.ts";
import type { LifecycleChart } from "./catalog.ts";
import type { ChartTransition } from "./types.ts";
import { memoByObject, memoByString } from "../collections/memo.ts";

/**
 * The transitions some event can take from `leaf` under guard inputs `context`, in selection order (one per
 * distinct transition). Memoized per chart, leaf and context (contexts are a handful of small records).
 */
export function feasibleTransitions(chart: LifecycleChart<any, any>, leaf: string, context: unknown): readonly ChartTransition[] {
  return feasibleOf(chart)(`${leaf}|${JSON.stringify(context ?? null)}`);
}

/** Per chart, by "leaf|context JSON" (leaf names have no "|"; a context is JSON data, so the key gives it back). */
const feasibleOf = memoByObject((chart: LifecycleChart<any, any>) =>
  memoByString((key: string): readonly ChartTransition[] => {
    const bar = key.indexOf("|");
    const leaf = key.slice(0, bar);
    const context: unknown = JSON.parse(key.slice(bar + 1));
    const seen = new Set<string>();
    const list: ChartTransition[] = [];
    if (chart.compiled.leaves.includes(leaf)) {
      for (const e of chart.eventSamples) {
        const t = chart.compiled.lookup(leaf, e, context);
        if (t && !seen.has(t.id)) {
          seen.add(t.id);
          list.push(t);
        }
      }
    }
    return list;
  }),
);

const depth = (t: ChartTransition) => t.source.split(".").length;

/** One transition among fitting ones: guarded alternatives of one event → the first; else the deepest, if unique. */
function pickOne(cands: readonly ChartTransition[]): ChartTransition | undefined {
  if (cands.length <= 1) return cands[0];
  const first = cands[0]!;
  if (cands.every((t) => t.source === first.source && t.event === first.event)) return first;
  const deepest = Math.max(...cands.map(depth));
  const atDeepest = cands.filter((t) => depth(t) === deepest);
  return atDeepest.length === 1 ? atDeepest[0] : undefined;
}

/**
 * The transitions a write of one object was: `prev` in chart state `fromState`, after the write `next` (undefined
 * when the object was removed) in `toState`. For a change of state: zero or one transition. For a write that
 * kept the state: every self-loop the write shows (possibly none).
 */
export function attributeWrite(chart: LifecycleChart<any, any>, fromState: string, toState: string, prev: KObject, next: KObject | undefined): ChartTransition[] {
  const context = chart.contextOf(prev);
  if (next && chart.evidence) {
    // The events the write shows, with their payloads: the compiled table says where each one leads.
    const shown = new Map<string, ChartTransition>();
    for (const e of chart.evidence(prev, next)) {
      const t = chart.compiled.lookup(fromState, e, context);
      if (t && t.targetLeaf === toState && !shown.has(t.id)) shown.set(t.id, t);
    }
    const ts = [...shown.values()];
    if (fromState === toState) return ts;
    const t = pickOne(ts);
    return t ? [t] : [];
  }
  if (fromState === toState) return [];
  let cands = feasibleTransitions(chart, fromState, context).filter((t) => t.targetLeaf === toState);
  if (next) {
    // No evidence reader: an event that always leaves its name in status.reason is taken only when it is there.
    const reason = next.status?.reason;
    const byReason = cands.filter((t) => t.event === reason);
    cands = byReason.length > 0 ? byReason : cands.filter((t) => !chart.reasonEvents.includes(t.event));
  }
  const t = pickOne(cands);
  return t ? [t] : [];
}
