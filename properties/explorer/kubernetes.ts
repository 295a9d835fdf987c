/**
 * The cluster model as an explorable model: from a scenario's cluster (after its own steps), every
 * interleaving of the enabled component actions (informer syncs, reconciles, timers), and optionally the user
 * operations and faults of a scope. States are deduplicated by fingerprint; the safety invariants are the
 * properties (each sees the state and the one before it).
 */
import { isDisruption, type Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import { enabled } from "../../model/enabled.ts";
import { step } from "../../model/step.ts";
import type { Invariant } from "../../invariants/types.ts";
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

export function clusterModel(
  name: string,
  initial: State,
  invariants: readonly Invariant[],
  scope?: Pick<Scope, "ops" | "faults">,
): ExplorableModel<Node, Action> {
  return {
    name,
    init: () => [{ s: initial, faults: 0 }],
    actions: ({ s }) => [...enabled(s), ...(scope ? [...scope.ops(s), ...scope.faults(s)] : [])],
    next({ s, faults }, a) {
      const t = step(s, a);
      return t === s ? undefined : { s: t, prev: s, faults: faults + (isDisruption(a) ? 1 : 0) };
    },
    // Without faults the fingerprint is the state's alone, so fault-free models count states as before.
    fingerprint: ({ s, faults }) => (faults === 0 ? fingerprint(s) : `${fingerprint(s)}+${faults}`),
    properties: invariants
      .filter((i) => i.kind === "safety")
      .map((i) => ({
        name: i.id,
        check: ({ s, prev, faults }: Node) => {
          const v = i.check(s, prev, { faults });
          return v.length ? v[0]!.message : undefined;
        },
      })),
  };
}
