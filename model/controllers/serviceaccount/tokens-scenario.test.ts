import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";
import type { Effect } from "../../effects.ts";
import { wireNamespaceQuotaAccounts } from "../namespace/wiring.test-support.ts";

const FILE = "scenarios/serviceaccount.yaml";
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), "utf8");

describe("scenario serviceaccount.yaml", () => {
  let undo: () => void = () => {};
  beforeAll(() => {
    undo = wireNamespaceQuotaAccounts();
  });
  afterAll(() => undo());

  it("runs with every expectation met: default account and token appear, pods get the account or are refused", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    const pods = r.trace
      .flatMap((t) => t.effects)
      .filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request" && e.client === "user" && e.verb === "create" && e.resource === "pods");
    expect(pods.map((e) => [e.name, e.code, e.message])).toEqual([
      ["too-early", 403, 'pods "too-early" is forbidden: error looking up service account team-a/default: serviceaccount "default" not found'],
      ["web", 201, undefined],
      ["build", 403, 'pods "build" is forbidden: error looking up service account team-a/builder: serviceaccount "builder" not found'],
      ["build", 201, undefined],
    ]);
  });
});
