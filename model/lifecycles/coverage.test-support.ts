/**
 * Coverage from chart to model: a shortest event path to every state and to every transition of a chart, as
 * data a scenario can be driven along. test/lifecycle-coverage.test.ts drives the full model along them (or along
 * a path of its own where the shortest one cannot be driven), and model/lifecycles/unreachable.test-support.ts
 * lists, with the reason, the transitions the model does not produce. Only tests use it.
 *
 * Uses xstate/graph's getShortestPaths over the chart's sample events, once per combination of guard inputs
 * (the context is fixed for an object's life, so each input is its own graph). A transition's path is the path
 * to a state from which the compiled table says the event takes that transition, plus that event. What no path
 * reaches is listed, not hidden.
 */
import { getShortestPaths } from "xstate/graph";
import type { StateValue } from "xstate";
import { chartById } from "./catalog.ts";
import { allStates } from "./definition.ts";
import { fromStateValue } from "./xstate-bridge.ts";
import type { LifecycleMachineId } from "./types.ts";

/** One step of a path: the event sent and the leaf state it led to. */
export interface ChartPathStep {
  readonly event: { readonly type: string };
  readonly state: string;
}

/** A path from the initial state, under fixed guard inputs. */
export interface ChartPath {
  /** A state path, or a transition id (see ChartTransition.id). */
  readonly goal: string;
  /** The guard inputs (the object's spec facts) the path needs; undefined for charts without context. */
  readonly input: unknown;
  readonly steps: readonly ChartPathStep[];
}

/** Paths to every state and transition of one chart, and what none reaches. */
export interface ChartCoverage {
  readonly machine: LifecycleMachineId;
  /** One path per state (compound states: the first path into any of their leaves). */
  readonly states: readonly ChartPath[];
  /** One path per transition, ending with the event that takes it. */
  readonly transitions: readonly ChartPath[];
  readonly unreachableStates: readonly string[];
  readonly unreachableTransitions: readonly string[];
}

/** Shortest paths to every state and transition of chart `id`. */
export function chartCoverage(id: LifecycleMachineId): ChartCoverage {
  const chart = chartById(id);
  const def = chart.compiled.definition;
  const stateBest = new Map<string, ChartPath>();
  const transitionBest = new Map<string, ChartPath>();
  const better = (m: Map<string, ChartPath>, p: ChartPath) => {
    const cur = m.get(p.goal);
    if (!cur || p.steps.length < cur.steps.length) m.set(p.goal, p);
  };

  for (const input of chart.inputSamples) {
    const paths = getShortestPaths(chart.machine, { input, events: chart.eventSamples as never[] });
    for (const p of paths) {
      // Drop xstate's init step: a path starts in the initial state.
      const steps: ChartPathStep[] = p.steps
        .filter((s) => s.event.type !== "xstate.init")
        .map((s) => ({ event: s.event as { type: string }, state: fromStateValue(s.state.value as StateValue) }));
      const leaf = fromStateValue(p.state.value as StateValue);
      const context = (p.state as { context?: unknown }).context;
      for (const s of allStates(def)) {
        if (leaf === s.path || leaf.startsWith(s.path + ".")) better(stateBest, { goal: s.path, input, steps });
      }
      for (const event of chart.eventSamples) {
        const t = chart.compiled.lookup(leaf, event, context);
        if (t) better(transitionBest, { goal: t.id, input, steps: [...steps, { event, state: t.targetLeaf }] });
      }
    }
  }

  const stateIds = allStates(def).map((s) => s.path);
  const transitionIds = def.transitions.map((t) => t.id);
  return {
    machine: id,
    states: stateIds.filter((s) => stateBest.has(s)).map((s) => stateBest.get(s)!),
    transitions: transitionIds.filter((t) => transitionBest.has(t)).map((t) => transitionBest.get(t)!),
    unreachableStates: stateIds.filter((s) => !stateBest.has(s)),
    unreachableTransitions: transitionIds.filter((t) => !transitionBest.has(t)),
  };
}
