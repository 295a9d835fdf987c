/**
 * The cluster model as an explorable model: from a scenario's cluster (after its own steps), every
 * interleaving of the enabled component actions (informer syncs, reconciles, timers), and optionally the user
 * operations and faults of a scope. States are deduplicated by fingerprint; the safety invariants are the
 * properties (each sees the state and the one before it), and, when asked, the convergence invariants at the
 * quiet states (judged as at the end of a random run: faults stop, time passes, the cluster settles).
 */
import { actorOf, isDisruption, type Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import { enabled } from "../../model/enabled.ts";
import { step } from "../../model/step.ts";
import type { Invariant, Violation } from "../../invariants/types.ts";
import { runEnding } from "../ending.ts";
import { fingerprint } from "../fingerprint.ts";
import type { Scope } from "../scopes/index.ts";
import type { ExplorableModel } from "./types.ts";

interface Node {
  readonly s: State;
  readonly prev?: State;
  /**
   * Disruptions (node crash, partition, container crash, restart...) on the path here. Invariants that allow
   * for faults (a rollout may drop below maxUnavailable when a node crashed) see it, as in the random checker;
   * it is part of the node's identity, since the same cluster reached with and without a fault is not held to
   * the same rules.
   */
  readonly faults: number;
}

export interface ClusterModelOptions {
  /** A scope's user operations and faults, offered in every state besides the component actions. */
  readonly scope?: Pick<Scope, "ops" | "faults">;
  /**
   * Check the convergence invariants at every quiet state (no explored component has work; only timers are left): the
   * ending of a random run (properties/ending.ts) runs from there, with this much logical time to pass. Absent:
   * safety only.
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

/** Whether component `id` is one of `patterns` (ids, or prefixes ending in "*"). */
export function componentMatches(id: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? id.startsWith(p.slice(0, -1)) : id === p));
}

export function clusterModel(name: string, initial: State, invariants: readonly Invariant[], opts: ClusterModelOptions = {}): ExplorableModel<Node, Action> {
  const { scope, settleTime, components } = opts;
  /** The component actions explored in state s. */
  const componentActions = (s: State): Action[] => {
    const all = enabled(s);
    return components ? all.filter((a) => componentMatches(actorOf(a), components)) : all;
  };
  const safety = invariants.filter((i) => i.kind === "safety");
  const convergence = invariants.filter((i) => i.kind === "convergence").map((i) => i.id).concat(["settles"]);
  // One ending per quiet node, shared by the convergence properties (each looks for its own invariant).
  const endings = new WeakMap<Node, readonly Violation[]>();
  const endingOf = (n: Node): readonly Violation[] => {
    let v = endings.get(n);
    if (v === undefined) {
      const quiet = componentActions(n.s).every((a) => a.type === "clock.tick");
      const e = quiet ? runEnding(n.s, { settleTime: settleTime!, invariants, faults: n.faults }) : undefined;
      v = e?.kind === "convergence" ? e.violations : [];
      endings.set(n, v);
    }
    return v;
  };
  const ending = `at the end (faults stopped, ${settleTime} s passed, the cluster settled)`;
  return {
    name,
    init: () => [{ s: initial, faults: 0 }],
    actions: ({ s }) => [...componentActions(s), ...(scope ? [...scope.ops(s), ...scope.faults(s)] : [])],
    next({ s, faults }, a) {
      const t = step(s, a);
      return t === s ? undefined : { s: t, prev: s, faults: faults + (isDisruption(a) ? 1 : 0) };
    },
    // Without faults the fingerprint is the state's alone, so fault-free models count states as before.
    fingerprint: ({ s, faults }) => (faults === 0 ? fingerprint(s) : `${fingerprint(s)}+${faults}`),
    properties: [
      ...safety.map((i) => ({
        name: i.id,
        check: ({ s, prev, faults }: Node) => {
          const v = i.check(s, prev, { faults });
          return v.length ? v[0]!.message : undefined;
        },
      })),
      // Only convergence is judged by the ending: a safety violation on its way is one schedule of what the
      // explorer explores itself, and is reported (with its whole path) when the explorer gets there.
      ...(settleTime === undefined
        ? []
        : convergence.map((id) => ({
            name: id,
            check: (n: Node) => {
              const v = endingOf(n).find((x) => x.invariant === id);
              return v ? `${v.message} ${ending}` : undefined;
            },
          }))),
    ],
  };
}
