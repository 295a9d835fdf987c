/**
 * A lifecycle machine compiled, once at load time, into a lookup table: (leaf state, event type) → the ordered
 * candidate transitions, each with its guard as a plain function of (context, event). Selection follows XState's
 * for atomic states: the leaf's own transitions for the event first, then its parent's, and so on up; the first
 * candidate whose guard holds is taken. A lookup is two Map reads and a few guard calls, where xstate's
 * `transition()` builds a throw-away actor scope and a new snapshot per call (bench/lifecycles.ts has the
 * numbers). The property test in compile.test.ts checks the table against `transition()` on every (state, event)
 * pair.
 */
import type { AnyStateMachine } from "xstate";
import { chartDefinition } from "./definition.ts";
import type { ChartDefinition, ChartTransition, LifecycleMachineId } from "./types.ts";

/** A guard as the table calls it. */
export type CompiledGuard<C, E> = (context: C, event: E) => boolean;

interface Candidate<C, E> {
  readonly guard: CompiledGuard<C, E> | undefined;
  readonly transition: ChartTransition;
}

/** A machine's transition table. */
export interface CompiledMachine<C, E extends { readonly type: string }> {
  readonly id: LifecycleMachineId;
  readonly definition: ChartDefinition;
  /** Atomic state paths, in document order. */
  readonly leaves: readonly string[];
  /** The leaf the machine starts in. */
  readonly initialLeaf: string;
  /** Event types the chart names anywhere. */
  readonly eventTypes: readonly string[];
  /** The transition `event` takes from `leaf` in `context`, or undefined when the event changes nothing there. */
  lookup(leaf: string, event: E, context: C): ChartTransition | undefined;
  /** The leaf after `event` (the same leaf when the event is not handled). Throws for an unknown leaf. */
  next(leaf: string, event: E, context: C): string;
  /** Whether `leaf` is a final state (no transition leaves it). */
  isFinal(leaf: string): boolean;
  /**
   * Every transition some event can take from `leaf` under some guard input, in selection order: the leaf's own
   * and its ancestors', less those an unguarded transition of the same event on a deeper state always shadows.
   */
  transitionsFrom(leaf: string): readonly ChartTransition[];
}

type GuardImpl = (args: { context: unknown; event: unknown }, params: unknown) => boolean;

/** Compiles `machine` (see definition.ts for the XState subset accepted); `id` defaults to the machine's id. */
export function compileMachine<C, E extends { readonly type: string }>(machine: AnyStateMachine, id: LifecycleMachineId = machine.id as LifecycleMachineId): CompiledMachine<C, E> {
  const definition = chartDefinition(id, machine);
  const impls = (machine.implementations.guards ?? {}) as Record<string, GuardImpl | undefined>;
  const guardFns = new Map<string, CompiledGuard<C, E>>();
  const guardFor = (name: string): CompiledGuard<C, E> => {
    let fn = guardFns.get(name);
    if (!fn) {
      const impl = impls[name];
      if (typeof impl !== "function") throw new Error(`${id}: guard "${name}" has no implementation`);
      fn = (context, event) => impl({ context, event }, undefined);
      guardFns.set(name, fn);
    }
    return fn;
  };

  // Transitions by source state, then by event, in document order.
  const bySource = new Map<string, Map<string, Candidate<C, E>[]>>();
  for (const t of definition.transitions) {
    let row = bySource.get(t.source);
    if (!row) bySource.set(t.source, (row = new Map()));
    let list = row.get(t.event);
    if (!list) row.set(t.event, (list = []));
    list.push({ guard: t.guard ? guardFor(t.guard) : undefined, transition: t });
  }

  const finals = new Set<string>();
  const walk = (states: ChartDefinition["states"]) => {
    for (const s of states) {
      if (s.type === "final") finals.add(s.path);
      walk(s.children);
    }
  };
  walk(definition.states);

  // Per leaf: for each event, the leaf's candidates, then each ancestor's (XState's selection order).
  const table = new Map<string, Map<string, readonly Candidate<C, E>[]>>();
  for (const leaf of definition.leaves) {
    const row = new Map<string, Candidate<C, E>[]>();
    const parts = leaf.split(".");
    for (let depth = parts.length; depth >= 1; depth--) {
      const source = parts.slice(0, depth).join(".");
      for (const [event, cands] of bySource.get(source) ?? []) {
        let list = row.get(event);
        if (!list) row.set(event, (list = []));
        list.push(...cands);
      }
    }
    table.set(leaf, row);
  }

  const initialLeaf = (() => {
    let states = definition.states;
    let key = definition.initial;
    for (;;) {
      const s = states.find((x) => x.key === key)!;
      if (s.type !== "compound") return s.path;
      states = s.children;
      key = s.initial!;
    }
  })();

  const reachable = new Map<string, readonly ChartTransition[]>();
  for (const [leaf, row] of table) {
    const out: ChartTransition[] = [];
    for (const cands of row.values()) {
      for (const c of cands) {
        out.push(c.transition);
        if (c.guard === undefined) break;
      }
    }
    reachable.set(leaf, out);
  }

  const lookup = (leaf: string, event: E, context: C): ChartTransition | undefined => {
    const row = table.get(leaf);
    if (!row) throw new Error(`${id}: unknown state ${leaf}`);
    const cands = row.get(event.type);
    if (!cands) return undefined;
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      if (c.guard === undefined || c.guard(context, event)) return c.transition;
    }
    return undefined;
  };

  return {
    id,
    definition,
    leaves: definition.leaves,
    initialLeaf,
    eventTypes: [...new Set(definition.transitions.map((t) => t.event))],
    lookup,
    next: (leaf, event, context) => lookup(leaf, event, context)?.targetLeaf ?? leaf,
    isFinal: (leaf) => finals.has(leaf),
    transitionsFrom: (leaf) => reachable.get(leaf) ?? [],
  };
}
