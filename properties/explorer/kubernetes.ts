/**
 * The cluster model as an explorable model: from a scenario's cluster (after its own steps), every
 * interleaving of the enabled component actions (informer syncs, reconciles, timers), and optionally the user
 * operations and faults of a scope. States are deduplicated by fingerprint; the safety invariants are the
 * properties (each sees the state and the one before it).
 */
import type { Action } from "../../model/actions.ts";
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
}

export function clusterModel(
  name: string,
  initial: State,
  invariants: readonly Invariant[],
  scope?: Pick<Scope, "ops" | "faults">,
): ExplorableModel<Node, Action> {
  return {
    name,
    init: () => [{ s: initial }],
    actions: ({ s }) => [...enabled(s), ...(scope ? [...scope.ops(s), ...scope.faults(s)] : [])],
    next({ s }, a) {
      const t = step(s, a);
      return t === s ? undefined : { s: t, prev: s };
    },
    fingerprint: ({ s }) => fingerprint(s),
    properties: invariants
      .filter((i) => i.kind === "safety")
      .map((i) => ({
        name: i.id,
        check: ({ s, prev }: Node) => {
          const v = i.check(s, prev, { faults: 0 });
          return v.length ? v[0]!.message : undefined;
        },
      })),
  };
}
