import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-check-"));

describe("kubeprop check", () => {
  it("passes on the correct model with a summary (exit 0)", () => {
    const r = kubeprop(["check", "--runs", "20", "--scope", "namespaces"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/runs: 20, steps: \d+, distinct states: \d+, invariants checked: \d+/);
    expect(r.stdout.trim().endsWith("no violation")).toBe(true);
  });

  it("--json prints exactly the documented summary", () => {
    const r = kubeprop(["check", "--runs", "10", "--scope", "namespaces", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["ok", "scopes", "seed", "runs", "shrinkRuns", "steps", "distinctStates", "counterexample"]);
    expect(j).toMatchObject({ ok: true, scopes: ["namespaces"], seed: 1, runs: 10, shrinkRuns: 0, counterexample: null });
  });

  it("finds a broken invariant, shrinks it, writes four report forms, replays it, and the same seed gives the same bytes", { timeout: 240_000 }, () => {
    const a = tmp();
    const b = tmp();
    const plugin = ["--plugin", "test/fixtures/plugins/broken-invariant.ts"];
    const r1 = kubeprop(["check", ...plugin, "--scope", "namespaces", "--runs", "300", "--out", a, "--emit-test", "--json"]);
    const r2 = kubeprop(["check", ...plugin, "--scope", "namespaces", "--runs", "300", "--out", b, "--emit-test", "--json"]);
    expect(r1.code).toBe(1);
    const j = JSON.parse(r1.stdout);
    expect(j.ok).toBe(false);
    expect(j.counterexample.invariant).toBe("at-most-two-configmaps");
    // Shrunk to a 1-minimal trace: three creates into one namespace (plus creating that namespace if needed).
    expect(j.counterexample.steps).toBeLessThanOrEqual(4);
    const dir = readdirSync(a)[0]!;
    const files = readdirSync(join(a, dir)).sort();
    expect(files).toEqual(["counterexample.html", "counterexample.json", "counterexample.md", "counterexample.test.ts"]);
    for (const f of files) {
      const x = readFileSync(join(a, dir, f), "utf8").split(a).join("OUT");
      const y = readFileSync(join(b, dir, f), "utf8").split(b).join("OUT");
      expect(x, f).toBe(y);
    }
    expect(r2.stdout.split(b).join("OUT")).toBe(r1.stdout.split(a).join("OUT"));
    const md = readFileSync(join(a, dir, "counterexample.md"), "utf8");
    expect(md).toContain("npx kubeprop check --seed 1 --path ");
    expect(md).toMatch(/created ConfigMap team-[ab]\/cm-/);
    const replay = kubeprop(["replay", join(a, dir, "counterexample.json"), ...plugin]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^reproduced: at-most-two-configmaps after action [34]/);
    // The trace is a scenario: simulate runs it too, watched by the plugin the trace names, so the violation is there.
    const sim = kubeprop(["simulate", join(a, dir, "counterexample.json"), "--json"]);
    expect(sim.code).toBe(1);
    expect(JSON.parse(sim.stdout).violations.map((v: { invariant: string }) => v.invariant)).toEqual(["at-most-two-configmaps"]);
  });

  it("rejects bad flags with one line and exit 2", () => {
    for (const [args, msg] of [
      [["--runs", "x"], 'kubeprop: --runs: expected an integer >= 1, got "x"'],
      [["--bug", "nope"], 'kubeprop: --bug: unknown bug "nope" (see kubeprop bugs)'],
      [["--time-budget", "soon"], 'kubeprop: --time-budget: invalid duration "soon" (use e.g. 30s, 5m, 1h)'],
      [["--scope", "moon"], "kubeprop: --scope: unknown scope"],
    ] as const) {
      const r = kubeprop(["check", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(msg);
    }
  });
});
