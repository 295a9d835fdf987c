import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";
import { clusterConfig, withVariant } from "../../config.ts";
import { RS, requests, storedPods } from "./fixtures.test-support.ts";

const FILE = "scenarios/replicaset-lag.yaml";
const TEXT = readFileSync(new URL("../../../scenarios/replicaset-lag.yaml", import.meta.url), "utf8");

describe("scenarios/replicaset-lag.yaml", () => {
  it("runs with every expectation met: the lagging cache does not cause a second create", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(storedPods(r.state)).toHaveLength(3);
    const reconciles = r.trace.filter((t) => t.action.type === "reconcile" && t.action.component === RS);
    expect(reconciles.map((t) => requests(t.effects, "create", "pods").length)).toEqual([3, 0, 0]);
  });

  it("fails at its last expectation when the controller runs without expectations (6 pods)", () => {
    const sc = parseScenario(TEXT, FILE);
    const config = withVariant(clusterConfig(sc.config), { components: { "replicaset-controller": { expectations: false } } });
    const r = runScenario({ ...sc, config }, { file: FILE });
    expect(r.expectationFailures).toEqual(["steps[11].expect: replicasets.apps default/web status.replicas is 6, expected 3"]);
    expect(storedPods(r.state).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(3);
  });
});
