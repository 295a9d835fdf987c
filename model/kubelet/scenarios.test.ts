import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScenario } from "../scenario/parse.ts";
import { runScenario } from "../scenario/run.ts";
import { runningPodsOn } from "../world/running-pods.ts";

const scenario = (file: string) => {
  const path = fileURLToPath(new URL(`../../scenarios/${file}`, import.meta.url));
  return parseScenario(readFileSync(path, "utf8"), `scenarios/${file}`);
};

describe("kubelet scenarios", () => {
  it("scenarios/crashloop.yaml: every expectation holds", () => {
    const r = runScenario(scenario("crashloop.yaml"));
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    expect(r.trace.filter((t) => t.action.type === "container.crash")).toHaveLength(4);
  });

  it("scenarios/static-pod.yaml: every expectation holds", () => {
    const r = runScenario(scenario("static-pod.yaml"));
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    expect(runningPodsOn(r.state, "node-1").map((p) => [p.name, p.static])).toEqual([["etcd-node-1", true]]);
  });
});
