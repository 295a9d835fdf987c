import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../scenario/parse.ts";
import { runScenario } from "../../scenario/run.ts";
import type { Effect } from "../../effects.ts";

const FILE = "scenarios/namespace-deletion.yaml";
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), "utf8");

describe("scenario namespace-deletion.yaml", () => {
  it("runs with every expectation met, the late creates refused with 403", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    const requests = r.trace.flatMap((t) => t.effects).filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request");
    const late = requests.filter((e) => e.client === "user" && e.verb === "create" && e.name === "late");
    expect(late.map((e) => [e.resource, e.code, e.message])).toEqual([
      ["configmaps", 403, 'configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated'],
      ["widgets.example.com", 403, 'widgets.example.com "late" is forbidden: unable to create new content in namespace team-a because it is being terminated'],
    ]);
    // The namespace controller deleted the custom resource through the API, as any other content.
    expect(requests).toContainEqual(expect.objectContaining({ client: "kube-controller-manager/namespace", verb: "delete", resource: "widgets.example.com", name: "w1", code: 200 }));
  });

  it("is deterministic: two runs give the same trace", () => {
    const a = runScenario(parseScenario(TEXT, FILE));
    const b = runScenario(parseScenario(TEXT, FILE));
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
  });
});
