/**
 * The contract every zoo bug is held to, as one vitest block per bug (each bug's own test file calls
 * `zooBugSuite(id)`, so vitest spreads the bugs over its workers):
 * - `kubeprop check --bug ID` (in-process runCheck) finds a violation of the bug's invariant in the bug's scope
 *   within the bug's budget, and the shrunk trace has at most minimalLength + 2 chosen actions;
 * - the report is written in all four forms, and the same seed twice gives byte-identical files;
 * - the trace replays to the same invariant at the same step with the bug on, and without it does not violate;
 * - where the bug says so, the bounded explorer finds it too.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCheck, type CheckRun } from "../../cli/check.ts";
import { runExplore } from "../../cli/explore.ts";
import { loadScenario } from "../../cli/simulate.ts";
import { PROJECT_ROOT } from "../../cli/project-root.ts";
import { ALL_INVARIANTS } from "../../invariants/index.ts";
import { replayTrace } from "../replay.ts";
import { bugById, withBug } from "./index.ts";

const TIMEOUT = 120_000;
/** The deepest exploration (admission-failure-endless-replacement, 22 actions) takes about 3 minutes. */
const EXPLORE_TIMEOUT = 600_000;

export function zooBugSuite(id: string): void {
  const bug = bugById(id);
  describe(`zoo bug ${id}`, () => {
    const dirs: string[] = [];
    afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    let first: CheckRun | undefined;
    const checkInto = (): { dir: string; run: CheckRun } => {
      const dir = mkdtempSync(join(tmpdir(), `kubeprop-zoo-${id}-`));
      dirs.push(dir);
      const b = bug!.budget ?? {};
      const run = runCheck({
        bug: id,
        out: dir,
        emitTest: true,
        ...(b.seed !== undefined ? { seed: String(b.seed) } : {}),
        ...(b.runs !== undefined ? { runs: String(b.runs) } : {}),
        ...(b.maxSteps !== undefined ? { maxSteps: String(b.maxSteps) } : {}),
      });
      return { dir, run };
    };

    it("is in the zoo with a source, a component, an invariant and a scope", () => {
      expect(bug).toBeDefined();
      expect(bug!.title.length).toBeGreaterThan(10);
      expect(bug!.source).toMatch(/kubernetes|openshift|#\d+/);
      expect(ALL_INVARIANTS.map((i) => i.id).concat(["settles"])).toContain(bug!.invariant);
      expect(bug!.minimalLength).toBeGreaterThan(0);
    });

    it("check --bug finds it within its budget, shrunk to at most minimalLength + 2 chosen actions, in four report forms, byte-identical twice", { timeout: TIMEOUT }, () => {
      const a = checkInto();
      first = a.run;
      const ce = a.run.result.counterexample;
      expect(a.run.result.ok).toBe(false);
      expect(ce?.scope).toBe(bug!.scope);
      expect(ce?.invariant).toBe(bug!.invariant);
      expect(ce!.chosenLength).toBeLessThanOrEqual(bug!.minimalLength! + 2);
      expect(a.run.files.map((f) => f.slice(f.lastIndexOf(".")))).toEqual([".json", ".md", ".html", ".ts"]);
      const b = checkInto();
      expect(b.run.files.length).toBe(4);
      for (const [i, f] of a.run.files.entries()) {
        const x = readFileSync(f, "utf8").split(a.dir).join("OUT");
        const y = readFileSync(b.run.files[i]!, "utf8").split(b.dir).join("OUT");
        expect(y).toBe(x);
      }
      expect(readdirSync(a.dir)).toHaveLength(1);
    });

    it("its trace replays to the same violation with the bug on, and passes with the bug off", { timeout: TIMEOUT }, () => {
      const run = first ?? checkInto().run;
      const sc = loadScenario(run.files[0]!);
      expect(sc.origin?.bug).toBe(id);
      const on = withBug(id, () => replayTrace(sc, ALL_INVARIANTS));
      expect(on.violations.map((v) => v.invariant)).toContain(bug!.invariant);
      expect(on.violationAt).toBe(sc.expectViolation!.step);
      const off = replayTrace(sc, ALL_INVARIANTS);
      expect(off.violations.filter((v) => v.invariant === bug!.invariant)).toEqual([]);
    });

    if (bug?.explore) {
      const ex = bug.explore;
      it(`the bounded explorer finds it within depth ${ex.depth}, and not with the bug off`, { timeout: EXPLORE_TIMEOUT }, () => {
        const r = runExplore({ bug: id, depth: String(ex.depth), ...(ex.maxStates ? { maxStates: String(ex.maxStates) } : {}) });
        expect(r.violation?.property).toBe(bug.invariant);
        expect(r.violation!.actions.length).toBeLessThanOrEqual(ex.depth);
        const where = { ...(ex.scenario ? { scenario: resolve(PROJECT_ROOT, ex.scenario) } : { scope: bug.scope }), ...(ex.components ? { components: ex.components.join(",") } : {}) };
        const ok = runExplore({ ...where, depth: String(r.violation!.actions.length), ...(ex.maxStates ? { maxStates: String(ex.maxStates) } : {}) });
        expect(ok.violation ?? null).toBeNull();
      });
    }
  });
}
