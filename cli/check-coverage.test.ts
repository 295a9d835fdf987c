/**
 * Coverage from model to chart: `kubeprop check --coverage` sums the lifecycle chart edges its runs exercised and
 * writes them under --out in the format `kubeprop charts --coverage` draws.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";
import { Command } from "commander";
import { DEFAULT_COVERAGE_FILE, registerCheck, runCheck } from "./check.ts";
import { runCharts } from "./charts.ts";
import { UsageError } from "./errors.ts";
import { countsFromCoverage } from "../reports/charts/index.ts";
import { drawnEdge } from "../reports/charts/edges.ts";
import { POD_CHART } from "../model/lifecycles/catalog.ts";
import type { EdgeCoverage } from "../invariants/lifecycles.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-coverage-"));
/** A small, quick run of a scope with pods. */
const RUN = { scope: ["workloads"], runs: "4", maxSteps: "12" } as const;

describe("kubeprop check --coverage", () => {
  it("writes the chart edges the runs exercised under --out, which charts draws as counts on the edges", async () => {
    const a = tmp();
    const b = tmp();
    const r1 = runCheck({ ...RUN, scope: [...RUN.scope], out: a, coverage: true });
    const r2 = runCheck({ ...RUN, scope: [...RUN.scope], out: b, coverage: true });
    expect(r1.result.ok).toBe(true);
    expect(r1.coverageFile).toBe(join(a, DEFAULT_COVERAGE_FILE));
    expect(r1.result.coverage).toBeDefined();
    const text = readFileSync(r1.coverageFile!, "utf8");
    // The same seed gives the same bytes.
    expect(readFileSync(r2.coverageFile!, "utf8")).toBe(text);
    const doc = JSON.parse(text) as EdgeCoverage;
    expect(doc).toEqual(r1.result.coverage);
    const pod = doc.pod!;
    expect(Object.values(pod.transitions).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(Object.values(pod.phaseEdges).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    // The charts command reads it, and draws each count on its edge.
    expect(countsFromCoverage(doc).pod).toEqual(pod.transitions);
    const { stdout } = await runCharts({ coverage: r1.coverageFile! });
    const podMermaid = stdout.slice(stdout.indexOf("%% pod\n"), stdout.indexOf("%% persistentvolume\n"));
    // Every edge is labelled with its count ("(0)" for the edges no run took).
    for (const t of POD_CHART.compiled.definition.transitions) expect(podMermaid, t.id).toContain(`: ${drawnEdge(t, pod.transitions[t.id] ?? 0).label}\n`);
    expect(podMermaid).toMatch(/ \([1-9]\d*\)\n/);
  });

  it("writes under --out only, and replaces a previous coverage file but no other file", () => {
    const out = tmp();
    const run = (coverage: string | boolean) => runCheck({ ...RUN, scope: [...RUN.scope], runs: "1", out, coverage });
    expect(() => run("../elsewhere.json")).toThrow(UsageError);
    expect(() => run("../elsewhere.json")).toThrow('--coverage: "../elsewhere.json" is not a file under --out');
    expect(existsSync(join(out, "..", "elsewhere.json"))).toBe(false);
    writeFileSync(join(out, "notes.json"), '{"mine": true}\n');
    expect(() => run("notes.json")).toThrow(`--coverage: ${join(out, "notes.json")} exists and is not a coverage file; refusing to overwrite it`);
    expect(readFileSync(join(out, "notes.json"), "utf8")).toBe('{"mine": true}\n');
    writeFileSync(join(out, "old.json"), "{}\n");
    const r = run("old.json");
    expect(r.coverageFile).toBe(join(out, "old.json"));
    expect(JSON.parse(readFileSync(r.coverageFile!, "utf8"))).toEqual(r.result.coverage);
    // Without --coverage nothing is recorded or written.
    const plain = runCheck({ ...RUN, scope: [...RUN.scope], runs: "1", out });
    expect(plain.result.coverage).toBeUndefined();
    expect(plain.coverageFile).toBeUndefined();
  });

  it("works from the command line: check writes the file and charts draws it", { timeout: 60_000 }, async () => {
    const out = tmp();
    const r = kubeprop(["check", "--scope", "workloads", "--runs", "3", "--max-steps", "10", "--out", out, "--coverage"]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(out, DEFAULT_COVERAGE_FILE);
    expect(r.stdout).toContain(`wrote ${file} (chart edges exercised; draw them with: npx kubeprop charts --coverage ${file})`);
    expect((await runCharts({ coverage: file })).stdout).toMatch(/Scheduled \(\d+\)/);
    const program = new Command();
    registerCheck(program);
    expect(program.commands.find((c) => c.name() === "check")!.helpInformation()).toContain("--coverage [file]");
  });
});
