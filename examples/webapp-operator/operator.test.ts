/**
 * The example operator, checked as a user would check their own: the checker finds the planted bug (children
 * without ownerReferences, orphaned when their WebApp is deleted) from fresh seeds, shrinks it to the race, and the
 * trace replays; the operator as it should be passes the same search; the explorer finds the shortest schedule.
 */
import { describe, expect, it } from "vitest";
import { loadControllerProject, loadProject } from "../../properties/project.ts";
import { checkSession } from "../../properties/session/check.ts";
import { exploreSession } from "../../properties/session/explore.ts";
import { replayTrace } from "../../properties/replay.ts";
import { describeAction } from "../../model/actions.ts";

const DIR = "examples/webapp-operator";

describe("the WebApp operator (examples/webapp-operator)", () => {
  it("with the planted bug: found from fresh seeds, shrunk to the race, replayed from its trace", { timeout: 60_000 }, async () => {
    const project = await loadProject(`${DIR}/buggy.config.ts`);
    for (const seed of [11, 12, 13]) {
      const s = checkSession({ project, seed });
      const ce = s.result.counterexample;
      expect(ce?.invariant, `seed ${seed}`).toBe("webapp-no-orphaned-children");
      // Runs are the search's (the default 50 at most); the shrinker's are counted apart.
      expect(s.result.runs).toBeLessThanOrEqual(50);
      expect(s.result.shrinkRuns).toBeGreaterThan(0);
      // The chosen actions hold the create and the delete, with the operator acting on a WebApp between them.
      const chosen = ce!.actions.slice(ce!.warmUpLength, ce!.warmUpLength! + ce!.chosenLength).map(describeAction);
      expect(chosen[0]).toBe("user: create webapps.example.com -n default shop");
      expect(chosen).toContain("user: delete webapps.example.com -n default shop");
      expect(ce!.chosenLength).toBeLessThanOrEqual(6);
      const again = replayTrace(s.counterexample!.scenario, s.invariants);
      expect(again.violations.map((v) => v.invariant)).toContain("webapp-no-orphaned-children");
      expect(s.counterexample!.reproduce).toBe(`npx kubeprop check --seed ${seed} --path ${ce!.path} --config ${DIR}/buggy.config.ts`);
    }
  });

  it("as it should be: the same searches find nothing", { timeout: 60_000 }, async () => {
    const project = await loadProject(`${DIR}/kubeprop.config.ts`);
    for (const seed of [11, 12, 13]) {
      const s = checkSession({ project, seed });
      expect(s.result.ok, `seed ${seed}`).toBe(true);
      expect(s.result.runs).toBe(50);
    }
  });

  it("the quick case (--controller) checks the controller module with what it exports beside it", { timeout: 60_000 }, async () => {
    const buggy = checkSession({ project: await loadControllerProject(`${DIR}/buggy-controller.ts`), seed: 1 });
    expect(buggy.result.counterexample?.invariant).toBe("webapp-no-orphaned-children");
    expect(buggy.counterexample!.reproduce).toMatch(/ --controller examples\/webapp-operator\/buggy-controller\.ts$/);
    const fixed = checkSession({ project: await loadControllerProject(`${DIR}/controller.ts`), seed: 1, runs: 20 });
    expect(fixed.result.ok).toBe(true);
  });

  it("the explorer finds the shortest schedule: the operator writes a child, the WebApp is deleted, the operator restarts", { timeout: 60_000 }, async () => {
    const project = await loadControllerProject(`${DIR}/buggy-controller.ts`);
    const r = exploreSession({ project, depth: 10, components: ["controller/*"] });
    expect(r.violation?.property).toBe("webapp-no-orphaned-children");
    expect((r.violation!.actions as Parameters<typeof describeAction>[0][]).map(describeAction).slice(0, 6)).toEqual([
      "user: create webapps.example.com -n default shop",
      "controller/webapp-operator: informer sync webapps.example.com",
      "controller/webapp-operator: reconcile",
      "controller/webapp-operator: reconcile",
      "user: delete webapps.example.com -n default shop",
      "fault: restart controller/webapp-operator",
    ]);
  });
});
