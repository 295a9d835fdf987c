/**
 * Reads an XState machine's state-node tree (machine.root) into a plain-JSON {@link ChartDefinition}. The
 * compiled tables, the phase edges and the exporters all start from this one reading, so they cannot disagree
 * about what the chart says.
 *
 * The lifecycle machines use a deliberately small subset of XState, which is what makes them compilable to a
 * table: compound and atomic and final states (no parallel or history states), one target per transition,
 * guards referenced by name, no eventless (always) or delayed (after) transitions, no wildcard events, no
 * actions. Anything else is refused here, at load time.
 */
import type { AnyStateMachine } from "xstate";
import type { ChartDefinition, ChartState, ChartTransition, LifecycleMachineId } from "./types.ts";

/** The subset of XState's StateNode this module reads. */
interface StateNodeLike {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly description?: string;
  readonly states: Readonly<Record<string, StateNodeLike>>;
  readonly initial?: { readonly target: readonly StateNodeLike[] };
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly unknown[];
  readonly after: readonly unknown[];
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
}

interface TransitionLike {
  readonly target?: readonly StateNodeLike[];
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
  readonly description?: string;
}

const pathOf = (n: StateNodeLike): string => n.path.join(".");

/** The atomic state a transition into `n` ends in: a compound state enters its initial child, recursively. */
export function resolveLeaf(n: StateNodeLike): StateNodeLike {
  let cur = n;
  while (cur.type === "compound") cur = cur.initial!.target[0]!;
  return cur;
}

function guardName(machineId: string, source: string, event: string, guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === "string") return guard;
  if (typeof guard === "object" && guard !== null && typeof (guard as { type?: unknown }).type === "string" && (guard as { params?: unknown }).params === undefined) {
    return (guard as { type: string }).type;
  }
  throw new Error(`${machineId}: ${source} on ${event}: only guards referenced by name can be compiled`);
}

/** Reads the chart of `machine` (see the module comment for what is accepted). */
export function chartDefinition(id: LifecycleMachineId, machine: AnyStateMachine): ChartDefinition {
  const root = machine.root as unknown as StateNodeLike;
  const transitions: ChartTransition[] = [];
  const leaves: string[] = [];

  const visit = (n: StateNodeLike): ChartState => {
    const path = pathOf(n);
    if (n.type !== "atomic" && n.type !== "compound" && n.type !== "final") throw new Error(`${id}: ${path}: ${n.type} states cannot be compiled`);
    if ((n.always?.length ?? 0) > 0 || n.after.length > 0) throw new Error(`${id}: ${path}: eventless and delayed transitions cannot be compiled`);
    if (n.entry.length > 0 || n.exit.length > 0) throw new Error(`${id}: ${path}: lifecycle machines have no actions`);
    for (const [event, defs] of n.transitions) {
      if (event.includes("*")) throw new Error(`${id}: ${path}: wildcard event ${event} cannot be compiled`);
      defs.forEach((t, rank) => {
        if (!t.target || t.target.length !== 1) throw new Error(`${id}: ${path} on ${event}: a transition needs exactly one target`);
        if (t.actions.length > 0) throw new Error(`${id}: ${path} on ${event}: lifecycle machines have no actions`);
        const target = t.target[0]!;
        const guard = guardName(id, path, event, t.guard);
        transitions.push({
          id: `${path}#${event}#${rank}`,
          source: path,
          event,
          ...(guard ? { guard } : {}),
          target: pathOf(target),
          targetLeaf: pathOf(resolveLeaf(target)),
          ...(t.description ? { description: t.description } : {}),
        });
      });
    }
    const kids = Object.values(n.states);
    if (kids.length === 0) leaves.push(path);
    const children = kids.map(visit);
    const type = n.type as ChartState["type"];
    return {
      path,
      key: n.key,
      type,
      ...(type === "compound" ? { initial: n.initial!.target[0]!.key } : {}),
      ...(n.description ? { description: n.description } : {}),
      children,
    };
  };

  if (root.type !== "compound") throw new Error(`${id}: the root is ${root.type}: ${root.type} states cannot be compiled`);
  const states = Object.values(root.states).map(visit);
  if (root.transitions.size > 0) throw new Error(`${id}: transitions on the root cannot be compiled`);
  return { id, initial: root.initial!.target[0]!.key, states, transitions, leaves };
}

/** Every state of a chart (compound and atomic), depth first, in document order. */
export function allStates(def: ChartDefinition): ChartState[] {
  const out: ChartState[] = [];
  const walk = (s: ChartState) => {
    out.push(s);
    s.children.forEach(walk);
  };
  def.states.forEach(walk);
  return out;
}

/** True when `ancestor` is `path` or one of its ancestors ("Running" contains "Running.ready"). */
export const containsState = (ancestor: string, path: string): boolean => path === ancestor || path.startsWith(ancestor + ".");
