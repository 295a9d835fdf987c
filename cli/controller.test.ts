/**
 * `kubeprop check --controller FILE` and `--config FILE` as a user runs them: a planted bug found (exit 1), its
 * trace replayed without flags; the fixed controller passes (exit 0); a project or controller file that does not
 * load is one line naming the file (exit 2).
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-controller-"));

describe("kubeprop check --controller / --config", () => {
  it("finds the example operator's planted bug, writes a trace that replays without flags, and passes the fixed operator", { timeout: 120_000 }, () => {
    const out = tmp();
    const found = kubeprop(["check", "--controller", "examples/webapp-operator/buggy-controller.ts", "--out", out, "--json"]);
    expect(found.code, found.stderr).toBe(1);
    const ce = JSON.parse(found.stdout).counterexample;
    expect(ce.invariant).toBe("webapp-no-orphaned-children");
    const replay = kubeprop(["replay", ce.file]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^reproduced: webapp-no-orphaned-children after the run \(convergence\)/);
    const fixed = kubeprop(["check", "--config", "examples/webapp-operator/kubeprop.config.ts", "--runs", "10", "--out", tmp(), "--json"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ ok: true, runs: 10 });
  });

  it("checks a pure reconciler (defineReconciler) the same way: its planted bug found and replayed, the fixed one passing", { timeout: 120_000 }, () => {
    const out = tmp();
    const found = kubeprop(["check", "--controller", "test/fixtures/controllers/configmap-copies-orphans.ts", "--seed", "1", "--out", out, "--json"]);
    expect(found.code, found.stderr).toBe(1);
    const ce = JSON.parse(found.stdout).counterexample;
    expect(ce.invariant).toBe("configmap-copies-match");
    const replay = kubeprop(["replay", ce.file]);
    expect(replay.code, replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/^reproduced: configmap-copies-match after the run \(convergence\)/);
    const fixed = kubeprop(["check", "--controller", "test/fixtures/controllers/configmap-copies.ts", "--seed", "1", "--runs", "20", "--out", tmp(), "--json"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ ok: true, runs: 20 });
  });

  it("a project or controller file that does not load is bad input, named in one line", () => {
    const dir = tmp();
    writeFileSync(join(dir, "broken.ts"), "export default {{{\n");
    writeFileSync(join(dir, "kubeprop.config.ts"), 'export default { name: "x", controllers: ["./missing.ts"], operations: () => [] };\n');
    for (const [args, message] of [
      [["check", "--controller", join(dir, "broken.ts")], `kubeprop: ${join(dir, "broken.ts")}: cannot load (line 1:16: ERROR: Expected identifier but found "{")`],
      [["check", "--config", join(dir, "kubeprop.config.ts")], `kubeprop: ${join(dir, "kubeprop.config.ts")}: controllers[0]: no such file ./missing.ts`],
      [["check", "--config", join(dir, "kubeprop.config.ts"), "--controller", join(dir, "broken.ts")], "kubeprop: --config and --controller: give one (a project names its controllers)"],
    ] as const) {
      const r = kubeprop([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });
});
