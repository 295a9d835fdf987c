import { describe, expect, it } from "vitest";
import { renderMarkdown, renderVitest, type ReportModel } from "./counterexample.ts";
import { pluginFlags, reproduceCommand } from "../properties/session/reproduce.ts";
import type { TraceDocument } from "../model/scenario/trace.ts";

const PLUGIN = "test/fixtures/plugins/broken-invariant.ts";
const origin = { seed: 5, path: "14:3:3", scope: "namespaces", plugins: [PLUGIN] };

describe("the reproduce command of a counterexample", () => {
  it("names the plugins the run loaded, as given, so that their invariants and bugs exist again", () => {
    expect(reproduceCommand(origin)).toBe(`npx kubeprop check --seed 5 --path 14:3:3 --scope namespaces --plugin ${PLUGIN}`);
    expect(reproduceCommand({ ...origin, plugins: [PLUGIN, "my plugins/it's.ts"], maxSteps: 12, bug: "quota-no-cas", invariants: ["a", "b"] })).toBe(
      `npx kubeprop check --seed 5 --path 14:3:3 --scope namespaces --max-steps 12 --bug quota-no-cas --invariant a --invariant b --plugin ${PLUGIN} 'my plugins/it'\\''s.ts'`,
    );
    expect(reproduceCommand({ seed: 1, path: "0", scope: "workloads" })).toBe("npx kubeprop check --seed 1 --path 0 --scope workloads");
    expect(pluginFlags({})).toBe("");
  });

  it("appears with the plugins in the Markdown report, for check and for replay", () => {
    const model: ReportModel = {
      title: "Counterexample: at-most-two-configmaps",
      invariant: { id: "at-most-two-configmaps", description: "d", source: "test fixture" },
      origin,
      violations: [],
      violationAt: null,
      nodes: [],
      objects: [],
      steps: [],
      actors: [],
    };
    const md = renderMarkdown(model, "out/counterexample.json");
    expect(md).toContain(`**Found by** \`npx kubeprop check --seed 5 --path 14:3:3 --scope namespaces --plugin ${PLUGIN}\``);
    expect(md).toContain(`**Replay** \`npx kubeprop replay out/counterexample.json --plugin ${PLUGIN}\``);
  });

  it("the vitest file imports the plugins' invariants and checks them with the built-in ones", () => {
    const doc = { name: "t", nodes: [], objects: [], steps: [], origin, expectViolation: { invariant: "at-most-two-configmaps", step: 3 } } as unknown as TraceDocument;
    const src = renderVitest(doc, "../../index.ts", ["../../test/fixtures/plugins/broken-invariant.ts"]);
    expect(src).toContain(`// npx kubeprop check --seed 5 --path 14:3:3 --scope namespaces --plugin ${PLUGIN}\n`);
    expect(src).toContain(`import { invariants as plugin0 } from "../../test/fixtures/plugins/broken-invariant.ts";\n`);
    expect(src).toContain("replayTrace(scenario, [...ALL_INVARIANTS, ...(plugin0 ?? [])])");
    expect(renderVitest(doc, "../../index.ts")).toContain("replayTrace(scenario, ALL_INVARIANTS)");
  });
});
