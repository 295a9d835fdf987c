import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";
import type { Effect } from "../../effects.ts";

const FILE = "scenarios/quota.yaml";
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), "utf8");

describe("scenario quota.yaml", () => {
  it("runs with every expectation met: the pod that would exceed the quota is refused, naming the quota", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    const creates = r.trace
      .flatMap((t) => t.effects)
      .filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request" && e.client === "user" && e.verb === "create" && e.resource === "pods");
    expect(creates.map((e) => [e.name, e.code, e.message])).toEqual([
      ["a", 201, undefined],
      ["b", 201, undefined],
      ["c", 403, 'pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2'],
      ["c", 201, undefined],
    ]);
  });
});
