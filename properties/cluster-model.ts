/**
 * The cluster as one model that every checker drives, as Stateright drives one Model with BFS, DFS and
 * simulation: the bounded explorer (properties/explorer/bfs.ts) takes its `actions` breadth-first; the random
 * checker (properties/run.ts) picks among its `offers` by category. A node is a cluster state with the invariant
 * monitor of the path that reached it (its disruption count); the properties are the safety invariants on every
 * node and, when asked, convergence at the quiet nodes (judged by the ending a random run has:
 * properties/ending.ts).
 *
 * The abstractions: time passes only by timers (the explorer ticks to the next one; the checker may also let
 * 5 or 30 s pass at once); a user's requests and the faults come from a scope; components not explored
 * (`components`) are slow processes whose work waits for the ending.
 */
import { actorOf, type Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Kinds, Runtime } from "../model/components/kinds.ts";
import { enabledIn } from "../model/enabled.ts";
import { stepIn } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import { monitor, type Monitor } from "../invariants/monitor.ts";
import { runEnding } from "./ending.ts";
import { fingerprint } from "./fingerprint.ts";
import type { Scope } from "./scopes/types.ts";
import type { ExplorableModel } from "./explorer/types.ts";

export interface ClusterNode {
  readonly s: State;
  readonly prev?: State;
  /**
   * The monitor of the path here: its disruptions (node crash, partition, container crash, restart, pod
   * deletion...). Invariants that allow for faults see it, so it is part of the node's identity: the same cluster
   * reached with and without a fault is not held to the same rules.
   */
  readonly monitor: Monitor;
}

/** What can happen in a node, by who makes it happen. */
export interface Offers {
  /** The components' enabled actions (informer syncs, reconciles), the clock's tick excluded. */
  readonly components: readonly Action[];
  /** Whether a timer is set (the clock can tick to it). */
  readonly timer: boolean;
  /** The user's operations (the scope's). */
  readonly ops: readonly Action[];
  /** The faults the scope can inject now. */
  readonly faults: readonly Action[];
}

export interface ClusterModelOptions {
  readonly name: string;
  /** The cluster to start from. */
  readonly start: State;
  /** The registry its config resolves with. */
  readonly kinds: Kinds;
  readonly invariants: readonly Invariant[];
  /** A scope's user operations and faults, offered in every state besides the component actions. */
  readonly scope?: Pick<Scope, "ops" | "faults">;
  /**
   * Check the convergence invariants at every quiet state (no explored component has work; only timers are left):
   * the ending of a random run runs from there, with this much logical time to pass. Absent: safety only.
   */
  readonly settleTime?: number;
  /**
   * Explore the actions of these components only (ids, or a prefix ending in "*": "kubelet/*"; "clock" for the
   * clock's ticks). The others are slow: their work, and time, wait for the ending, where everyone runs.
   * Kubernetes components are separate processes that may lag behind each other without bound, so a
   * counterexample found so is a real one; what is lost is only the orders in which the others act early.
   * Absent: every component and the clock.
   */
  readonly components?: readonly string[];
}

export interface ClusterModel extends ExplorableModel<ClusterNode, Action> {
  readonly kinds: Kinds;
  readonly invariants: readonly Invariant[];
  /** What can happen in a node (unfiltered by `components`: the random checker chooses among all of it). */
  offers(n: ClusterNode, faultsAllowed: boolean): Offers;
  /** Takes an action (even one that changes nothing): the next node and the safety invariants it broke. */
  step(n: ClusterNode, a: Action): { readonly node: ClusterNode; readonly violations: readonly Violation[] };
  /** The runtime of the model's config. */
  runtime(s: State): Runtime;
}

/** Whether component `id` is one of `patterns` (ids, or prefixes ending in "*"). */
export function componentMatches(id: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? id.startsWith(p.slice(0, -1)) : id === p));
}

export function clusterModel(opts: ClusterModelOptions): ClusterModel {
  const { kinds, invariants, scope, settleTime, components } = opts;
  const runtime = (s: State) => kinds.runtime(s.config);
  /** The component actions explored in state s (the clock's tick last, as enabled gives it). */
  const explored = (s: State): Action[] => {
    const all = enabledIn(runtime(s), s);
    return components ? all.filter((a) => componentMatches(actorOf(a), components)) : all;
  };
  const convergence = invariants.filter((i) => i.kind === "convergence").map((i) => i.id).concat(["settles"]);
  // One ending per quiet node, shared by the convergence properties (each looks for its own invariant).
  const endings = new WeakMap<ClusterNode, readonly Violation[]>();
  const endingOf = (n: ClusterNode): readonly Violation[] => {
    let v = endings.get(n);
    if (v === undefined) {
      const quiet = explored(n.s).every((a) => a.type === "clock.tick");
      const e = quiet ? runEnding(n.s, { settleTime: settleTime!, monitor: n.monitor, kinds }) : undefined;
      v = e?.kind === "convergence" ? e.violations : [];
      endings.set(n, v);
    }
    return v;
  };
  const ending = `at the end (faults stopped, ${settleTime} s passed, the cluster settled)`;
  const step: ClusterModel["step"] = (n, a) => {
    const t = stepIn(runtime(n.s), n.s, a).state;
    const r = n.monitor.step(n.s, a, t);
    return { node: { s: t, prev: n.s, monitor: r.monitor }, violations: r.violations };
  };
  return {
    name: opts.name,
    kinds,
    invariants,
    runtime,
    init: () => [{ s: opts.start, monitor: monitor(invariants) }],
    offers(n, faultsAllowed) {
      const all = enabledIn(runtime(n.s), n.s);
      const timer = all.length > 0 && all[all.length - 1]!.type === "clock.tick";
      return {
        components: timer ? all.slice(0, -1) : all,
        timer,
        ops: scope ? scope.ops(n.s, runtime(n.s)) : [],
        faults: scope && faultsAllowed ? scope.faults(n.s, runtime(n.s)) : [],
      };
    },
    actions: (n) => [...explored(n.s), ...(scope ? [...scope.ops(n.s, runtime(n.s)), ...scope.faults(n.s, runtime(n.s))] : [])],
    next(n, a) {
      const t = stepIn(runtime(n.s), n.s, a).state;
      return t === n.s ? undefined : { s: t, prev: n.s, monitor: n.monitor.step(n.s, a, t).monitor };
    },
    step,
    // Without disruptions the fingerprint is the state's alone, so fault-free models count states as before.
    fingerprint: ({ s, monitor: m }) => (m.disruptions === 0 ? fingerprint(s) : `${fingerprint(s)}+${m.disruptions}`),
    properties: [
      ...invariants
        .filter((i) => i.kind === "safety")
        .map((i) => ({
          name: i.id,
          check: ({ s, prev, monitor: m }: ClusterNode) => {
            const v = i.check(s, prev, { disruptions: m.disruptions });
            return v.length ? v[0]!.message : undefined;
          },
        })),
      // Only convergence is judged by the ending: a safety violation on its way is one schedule of what the
      // explorer explores itself, and is reported (with its whole path) when the explorer gets there.
      ...(settleTime === undefined
        ? []
        : convergence.map((id) => ({
            name: id,
            check: (n: ClusterNode) => {
              const v = endingOf(n).find((x) => x.invariant === id);
              return v ? `${v.message} ${ending}` : undefined;
            },
          }))),
    ],
  };
}

/** Upper bound on a warm-up's actions (a scope's small cluster settles in a few hundred). */
export const WARM_UP_MAX_STEPS = 20_000;

/**
 * Settles from node `n` as a scope's warm-up does, every action monitored (a bug may show already): stops at the
 * first safety violation. Calls `onStep` with each action and the node it led to.
 */
export function settleMonitored(
  model: ClusterModel,
  n: ClusterNode,
  onStep: (a: Action, node: ClusterNode, violations: readonly Violation[]) => void,
): { readonly node: ClusterNode; readonly violations: readonly Violation[] } {
  let node = n;
  let violations: readonly Violation[] = [];
  const r = settle(n.s, {
    kinds: model.kinds,
    maxSteps: WARM_UP_MAX_STEPS,
    stop: () => violations.length > 0,
    onStep: (a, next) => {
      const m = node.monitor.step(node.s, a, next);
      node = { s: next, prev: node.s, monitor: m.monitor };
      violations = m.violations;
      onStep(a, node, violations);
    },
  });
  void r;
  return { node, violations };
}

