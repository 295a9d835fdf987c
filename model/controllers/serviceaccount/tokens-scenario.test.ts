import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";
import type { Effect } from "../../effects.ts";

const FILE = "scenarios/serviceaccount.yaml";
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), "utf8");

describe("scenario serviceaccount.yaml", () => {
  it("runs with every expectation met: the default account and its token appear; a deleted account's token goes", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    const secrets = r.trace
      .flatMap((t) => t.effects)
      .filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request" && e.verb === "create" && e.resource === "secrets" && e.namespace === "team-a");
    expect(secrets.map((e) => e.code)).toEqual([201, 201]);
  });
});
