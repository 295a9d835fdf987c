import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runChoices, type Choice } from "./run.ts";
import { scopeById } from "./scopes/index.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";

const choices = fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: 20 });

describe("workloads scope (property suite)", () => {
  it("every safety and convergence invariant holds for random operations and faults", () =>
    fc.assert(
      fc.property(choices, (cs: Choice[]) => {
        const o = runChoices(scopeById("workloads")!, cs, { invariants: ALL_INVARIANTS });
        expect(o.violations).toEqual([]);
      }),
      { seed: 20261125, numRuns: 4 },
    ));
});
