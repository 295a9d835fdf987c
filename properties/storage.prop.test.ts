import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runChoices, scopeScenario, type Choice } from "./run.ts";
import { scopeById } from "./scopes/index.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { initialState } from "../model/scenario/run.ts";
import { handle } from "../model/apiserver/handle.ts";

const choices = fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: 30 });

describe("storage scope (property suite)", () => {
  it("starts from a restored cluster: data-a and pv-a bound to each other by uid", () => {
    const s = initialState(scopeScenario(scopeById("storage")!));
    const claim = handle(s, { verb: "get", resource: "persistentvolumeclaims", namespace: "default", name: "data-a" }).result as any;
    const volume = handle(s, { verb: "get", resource: "persistentvolumes", name: "pv-a" }).result as any;
    expect(claim.spec.volumeName).toBe("pv-a");
    expect(volume.spec.claimRef).toMatchObject({ namespace: "default", name: "data-a", uid: claim.metadata.uid });
  });

  it("every safety and convergence invariant holds for random operations and faults", () =>
    fc.assert(
      fc.property(choices, (cs: Choice[]) => {
        const o = runChoices(scopeById("storage")!, cs, { invariants: ALL_INVARIANTS });
        expect(o.violations).toEqual([]);
      }),
      { seed: 20261125, numRuns: 40 },
    ));
});
