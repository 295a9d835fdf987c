/**
 * settle looks only at the components a step may have given work (model/wake.ts). These tests hold it to the
 * settle that looks at every component every round: same actions in the same order, from states the random
 * checker's scopes reach (user operations and faults included) and from every scenario's cluster.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import { btreeGet, btreeRange } from "./collections/btree.ts";
import { componentActions } from "./enabled.ts";
import { step } from "./step.ts";
import { hasOneShotTimer, nextTimer } from "./timers.ts";
import { settle } from "./settle.ts";
import { initialState } from "./scenario/run.ts";
import { loadScenario } from "../cli/simulate.ts";
import { scopeById } from "../properties/scopes/index.ts";
import { pick, scopeStart, type Choice } from "../properties/run.ts";

/** The reference: every component is looked at in every round. */
function settleLookingAtAll(state: State, maxSteps: number): { actions: Action[]; quiesced: boolean } {
  const actions: Action[] = [];
  let s = state;
  for (;;) {
    let progressed = false;
    const ids = [...btreeRange(s.components)].map(([id]) => id);
    for (const id of ids) {
      if (actions.length >= maxSteps) return { actions, quiesced: false };
      const c = btreeGet(s.components, id);
      if (!c) continue;
      const acts = componentActions(s, c);
      if (acts.length === 0) continue;
      s = step(s, acts[0]!);
      actions.push(acts[0]!);
      progressed = true;
    }
    if (progressed) continue;
    const t = nextTimer(s);
    if (!t || !hasOneShotTimer(s)) return { actions, quiesced: true };
    if (actions.length >= maxSteps) return { actions, quiesced: false };
    s = step(s, { type: "clock.tick" });
    actions.push({ type: "clock.tick" });
  }
}

function settleRecorded(state: State, maxSteps: number): { actions: Action[]; quiesced: boolean } {
  const actions: Action[] = [];
  const r = settle(state, { maxSteps, onStep: (a) => actions.push(a) });
  return { actions, quiesced: r.quiesced };
}

const SCOPES = ["workloads", "services", "orphans", "zones", "storage", "namespace-deletion", "scheduling"];

describe("settle wakes only the components a step may have given work", () => {
  for (const id of SCOPES) {
    it(`takes the same actions as looking at every component, from states of scope ${id}`, () =>
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(9), fc.nat(1_000)), { minLength: 1, maxLength: 10 }), (choices: Choice[]) => {
          const scope = scopeById(id)!;
          let s = scopeStart(scope);
          let faults = 0;
          for (const ch of choices) {
            const a = pick(scope, s, ch, faults < scope.maxFaults);
            if (!a) continue;
            if (a.type.startsWith("node.") || a.type === "component.restart") faults++;
            s = step(s, a);
          }
          expect(settleRecorded(s, 3_000)).toEqual(settleLookingAtAll(s, 3_000));
        }),
        { numRuns: 8 },
      ));
  }

  it("takes the same actions as looking at every component, from every scenario's cluster", () => {
    const dir = join(import.meta.dirname, "..", "scenarios");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const s = initialState(loadScenario(join(dir, f)));
      expect(settleRecorded(s, 5_000), f).toEqual(settleLookingAtAll(s, 5_000));
    }
  });
});
