/**
 * The contract every zoo bug is held to, as one vitest block per bug (each bug's own test file calls
 * `zooBugSuite(id)`, so vitest spreads the bugs over its workers):
 * - the check session of `kubeprop check --bug ID` (properties/session/check.ts) finds a violation of the bug's
 *   invariant in the bug's scope within the bug's budget, and the shrunk trace has at most minimalLength + 2
 *   chosen actions;
 * - the report renders in all four forms, and the same seed twice gives byte-identical forms;
 * - the trace replays to the same invariant at the same step (its config carries the bug), and with the default
 *   cluster config in its place does not violate;
 * - where the bug says so, the bounded explorer finds it too.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CLUSTER_CONFIG } from "../../model/config.ts";
import type { Scenario } from "../../model/scenario/types.ts";
import { ALL_INVARIANTS } from "../../invariants/index.ts";
import { renderCounterexample, type RenderedCounterexample } from "../../reports/counterexample.ts";
import { checkSession, type CheckSession } from "../session/check.ts";
import { exploreSession, projectScenario } from "../session/explore.ts";
import { replayTrace } from "../replay.ts";
import { bugById } from "./index.ts";

const TIMEOUT = 120_000;
/** The deepest exploration (admission-failure-endless-replacement, 22 actions) takes about 3 minutes. */
const EXPLORE_TIMEOUT = 600_000;

/** The trace's cluster with the bug's variant taken out: the default cluster, same settings. */
const withoutBug = (sc: Scenario): Scenario => ({
  ...sc,
  config: { ...sc.config, components: DEFAULT_CLUSTER_CONFIG.components, nodeComponents: DEFAULT_CLUSTER_CONFIG.nodeComponents, admission: DEFAULT_CLUSTER_CONFIG.admission },
});

export function zooBugSuite(id: string): void {
  const bug = bugById(id);
  describe(`zoo bug ${id}`, () => {
    let first: CheckSession | undefined;
    /** `kubeprop check --bug ID` as a library call, with the bug's budget, and its four report forms. */
    const check = (): { session: CheckSession; forms: RenderedCounterexample | undefined } => {
      const b = bug!.budget ?? {};
      const session = checkSession({ bug: id, ...(b.seed !== undefined ? { seed: b.seed } : {}), ...(b.runs !== undefined ? { runs: b.runs } : {}), ...(b.maxSteps !== undefined ? { maxSteps: b.maxSteps } : {}) });
      const ce = session.counterexample;
      const forms = ce ? renderCounterexample(ce.trace, ce.scenario, session.invariants, { traceFile: `OUT/${ce.name}/counterexample.json`, libraryImport: "../../index.ts", pluginImports: [] }) : undefined;
      return { session, forms };
    };

    it("is in the zoo with a source, a component, an invariant and a scope", () => {
      expect(bug).toBeDefined();
      expect(bug!.title.length).toBeGreaterThan(10);
      expect(bug!.source).toMatch(/kubernetes|openshift|#\d+/);
      expect(ALL_INVARIANTS.map((i) => i.id).concat(["settles"])).toContain(bug!.invariant);
      expect(bug!.minimalLength).toBeGreaterThan(0);
    });

    it("check --bug finds it within its budget, shrunk to at most minimalLength + 2 chosen actions, in four report forms, byte-identical twice", { timeout: TIMEOUT }, () => {
      const a = check();
      first = a.session;
      const ce = a.session.result.counterexample;
      expect(a.session.result.ok).toBe(false);
      expect(ce?.scope).toBe(bug!.scope);
      expect(ce?.invariant).toBe(bug!.invariant);
      expect(ce!.chosenLength).toBeLessThanOrEqual(bug!.minimalLength! + 2);
      const forms = a.forms!;
      for (const text of [forms.traceJson, forms.markdown, forms.html, forms.vitest]) expect(text.length).toBeGreaterThan(100);
      expect(forms.traceJson).toContain(`"bug": "${id}"`);
      const b = check();
      expect(b.forms).toEqual(forms);
    });

    it("its trace replays to the same violation with the bug on, and passes with the bug off", { timeout: TIMEOUT }, () => {
      const ce = (first ?? check().session).counterexample!;
      const sc = ce.scenario;
      expect(sc.origin?.bug).toBe(id);
      // The trace carries its cluster config, the bug's variant included: replaying it is replaying the bug.
      const on = replayTrace(sc, ALL_INVARIANTS);
      expect(on.violations.map((v) => v.invariant)).toContain(bug!.invariant);
      expect(on.violationAt).toBe(sc.expectViolation!.step);
      const off = replayTrace(withoutBug(sc), ALL_INVARIANTS);
      expect(off.violations.filter((v) => v.invariant === bug!.invariant)).toEqual([]);
    });

    if (bug?.explore) {
      const ex = bug.explore;
      it(`the bounded explorer finds it within depth ${ex.depth}, and not with the bug off`, { timeout: EXPLORE_TIMEOUT }, () => {
        const r = exploreSession({ bug: id, depth: ex.depth, ...(ex.maxStates ? { maxStates: ex.maxStates } : {}) });
        expect(r.violation?.property).toBe(bug.invariant);
        expect(r.violation!.actions.length).toBeLessThanOrEqual(ex.depth);
        const where = ex.scenario ? { scenario: projectScenario(ex.scenario) } : { scope: bug.scope };
        const ok = exploreSession({ ...where, ...(ex.components ? { components: ex.components } : {}), depth: r.violation!.actions.length, ...(ex.maxStates ? { maxStates: ex.maxStates } : {}) });
        expect(ok.violation ?? null).toBeNull();
      });
    }
  });
}
