/** `explore --scenario FILE --controller|--config P`: the scenario runs against the project, as `simulate` runs it. */
import { describe, expect, it } from "vitest";
import { loadSimulation } from "./simulate.ts";
import { runExplore } from "./explore.ts";

const SCENARIO = "examples/webapp-operator/shop-deleted.yaml";

async function explored(controller: string) {
  const sim = await loadSimulation(SCENARIO, { controller });
  return runExplore({ scenario: SCENARIO, controller, depth: "2", maxStates: "3000" }, undefined, sim.project, { scenario: sim.scenario, file: sim.file });
}

describe("explore a scenario against a user's project", () => {
  it("the buggy operator's children outlive the deleted WebApp: the project's invariant is violated", async () => {
    const r = await explored("examples/webapp-operator/buggy-controller.ts");
    expect(r.violation?.property).toBe("webapp-no-orphaned-children");
  });

  it("the fixed operator's children go with it: no violation", async () => {
    const r = await explored("examples/webapp-operator/controller.ts");
    expect(r.violation ?? null).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(1);
  });
});
