import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { registerCharts, runCharts } from "./charts.ts";
import { EXIT_BAD_INPUT, UsageError } from "./errors.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-charts-"));

/** Runs `kubeprop <args>` on a program with only the charts command, handling errors as cli/main.ts does. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const program = new Command().name("kubeprop").exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  registerCharts(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: typeof process.exitCode === "number" ? process.exitCode : 0, stdout, stderr };
  } catch (e) {
    if (e instanceof UsageError) return { code: EXIT_BAD_INPUT, stdout, stderr: stderr + `kubeprop: ${e.message}\n` };
    if (e instanceof CommanderError) return { code: EXIT_BAD_INPUT, stdout, stderr };
    throw e;
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

afterEach(() => vi.restoreAllMocks());

describe("kubeprop charts", () => {
  it("without --out prints the Mermaid text of every machine on stdout", async () => {
    const r = await run(["charts"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("%% "));
    expect(headers).toEqual(["%% pod", "%% persistentvolume", "%% namespace", "%% node-ready", "%% deployment-rollout"]);
    expect(r.stdout.split("\n").filter((l) => l === "stateDiagram-v2")).toHaveLength(5);
    expect(r.stdout).toContain("  Running --> Failed : ContainerDied [restartNever]\n");
  });

  it("writes one file per machine under --out, in each format", async () => {
    for (const [format, ext] of [["mermaid", "mmd"], ["dot", "dot"], ["svg", "svg"], ["json", "json"]] as const) {
      const dir = tmp();
      const r = await run(["charts", "--format", format, "--out", dir]);
      expect(r.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(["deployment-rollout", "namespace", "node-ready", "persistentvolume", "pod"].map((m) => `${m}.${ext}`));
      expect(r.stdout.trim().split("\n")).toEqual(["pod", "persistentvolume", "namespace", "node-ready", "deployment-rollout"].map((m) => `wrote ${join(dir, `${m}.${ext}`)}`));
    }
  });

  it("draws the counts of a --coverage file on the edges", async () => {
    const dir = tmp();
    const cov = join(dir, "coverage.json");
    writeFileSync(cov, JSON.stringify({ pod: { phaseEdges: { "Running -> Failed": 4 }, transitions: { "Running#ContainerDied#3": 4 }, unattributed: {} } }));
    const r = await run(["charts", "--out", join(dir, "charts"), "--coverage", cov]);
    expect(r.code).toBe(0);
    const pod = readFileSync(join(dir, "charts", "pod.mmd"), "utf8");
    expect(pod).toContain("  Running --> Failed : ContainerDied [restartNever] (4)\n");
    expect(pod).toContain("  Running --> Failed : Evicted (0)\n");
    expect(readFileSync(join(dir, "charts", "namespace.mmd"), "utf8")).toContain("Active --> Terminating : Delete\n");
  });

  it("bad input: one line on stderr, exit 2, nothing written", async () => {
    const bad = await run(["charts", "--format", "png"]);
    expect(bad).toEqual({ code: 2, stdout: "", stderr: 'kubeprop: --format: unknown format "png" (expected one of mermaid, dot, svg, json)\n' });
    const noOut = await run(["charts", "--format", "svg"]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe("kubeprop: --format svg needs --out DIR (without --out the Mermaid text goes to stdout)\n");
    const dir = tmp();
    const missing = await run(["charts", "--out", dir, "--coverage", join(dir, "none.json")]);
    expect(missing.stderr).toBe(`kubeprop: ${join(dir, "none.json")}: cannot read file (no such file)\n`);
    expect(readdirSync(dir)).toEqual([]);
    const f = join(dir, "cov.json");
    writeFileSync(f, '{"pod": {"transitions": {"Running#Nope#0": 1}}}');
    const wrong = await run(["charts", "--coverage", f]);
    expect(wrong).toEqual({ code: 2, stdout: "", stderr: `kubeprop: ${f}: pod.transitions.Running#Nope#0: no such transition\n` });
    writeFileSync(f, "{");
    expect((await run(["charts", "--coverage", f])).stderr.startsWith(`kubeprop: ${f}: not JSON (`)).toBe(true);
  });

  it("runCharts returns the same text every time (deterministic output)", async () => {
    const a = await runCharts({});
    const b = await runCharts({ format: "mermaid" });
    expect(a.stdout).toBe(b.stdout);
    expect(a.files).toEqual([]);
  });
});
