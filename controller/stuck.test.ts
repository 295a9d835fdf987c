/**
 * A reconcile that never resolves is a stuck worker, and the convergence invariants report it
 * (invariants/controllers.ts controller-workers-finish, which every project checks).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ROOT } from "../test/cli-run.ts";
import { loadControllerProject } from "../properties/project.ts";
import { checkSession } from "../properties/session/check.ts";
import { replayTrace } from "../properties/replay.ts";

describe("a stuck worker", () => {
  it("is reported at the end by controller-workers-finish, shrunk to the create that hangs it, and replays", { timeout: 60_000 }, async () => {
    const project = await loadControllerProject(join(ROOT, "test/fixtures/controllers/stuck.ts"));
    expect(project.invariants.map((i) => i.id)).toContain("controller-workers-finish");
    const s = checkSession({ project, seed: 1, runs: 20 });
    const ce = s.result.counterexample;
    expect(ce?.invariant).toBe("controller-workers-finish");
    expect(ce!.violations[0]!.message).toMatch(/^controller\/stuck's reconcile of default\/hang is stuck: it waits for something that is not the client/);
    const chosen = ce!.actions.slice(ce!.warmUpLength, ce!.warmUpLength! + ce!.chosenLength);
    expect(chosen.filter((a) => a.type === "api")).toHaveLength(1);
    expect(replayTrace(s.counterexample!.scenario, s.invariants).violations.map((v) => v.invariant)).toContain("controller-workers-finish");
  });
});
