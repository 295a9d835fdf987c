/**
 * settle looks only at the components a step may have given work (model/wake.ts). These tests hold it to the
 * settle that looks at every component every round: same actions in the same order, from states the random
 * checker's scopes reach (user operations and faults included) and from every scenario's cluster.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { btreeGet, btreeRange } from "../model/collections/btree.ts";
import { componentActions } from "../model/enabled.ts";
import { step } from "../model/step.ts";
import { hasOneShotTimer, nextTimer } from "../model/timers.ts";
import { settle } from "../model/settle.ts";
import { initialState } from "../model/scenario/run.ts";
import { parseScenario } from "../model/scenario/parse.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { monitor } from "../invariants/monitor.ts";
import { scopeById } from "../properties/scopes/index.ts";
import { pickFrom, scopeStart, type Choice } from "../properties/run.ts";
import { clusterModel } from "../properties/cluster-model.ts";

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
      const acts = componentActions(BUILTIN_KINDS.runtime(s.config), s, c);
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
          const model = clusterModel({ name: id, start: s, kinds: BUILTIN_KINDS, invariants: [], scope });
          let faults = 0;
          for (const ch of choices) {
            const a = pickFrom(model.offers({ s, monitor: monitor([]) }, faults < scope.maxFaults), ch);
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
    const loadScenario = (file: string) => parseScenario(readFileSync(file, "utf8"), file);
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const s = initialState(loadScenario(join(dir, f)));
      expect(settleRecorded(s, 5_000), f).toEqual(settleLookingAtAll(s, 5_000));
    }
  });
});
