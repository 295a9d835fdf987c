/** `kubeprop explore` as a user runs it: output, exit codes, bad input, a zoo bug in its own scenario. */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

describe("kubeprop explore", () => {
  it("explores a zoo bug in its own scenario and prints the shortest counterexample (exit 1)", () => {
    const r = kubeprop(["explore", "--bug", "pv-double-bind"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("model: scenario pv-double-bind");
    expect(r.stdout).toContain("VIOLATION of pv-bound-to-one-claim: volume pv-b is bound to 2 claims: default/data-b, default/data-c");
    expect(r.stdout).toContain("shortest counterexample (3 actions):");
  });

  it("finds nothing in the same scenario with the bug off (exit 0), with the same counts every run", () => {
    const a = kubeprop(["explore", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--depth", "3", "--json"]);
    const b = kubeprop(["explore", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--depth", "3", "--json"]);
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    // PersistentVolumes record lastPhaseTransitionTime (persistentvolume strategy.go), and the pvc-protection and
    // pv-protection controllers' informer syncs of the two new claims interleave with the binder's.
    expect(out).toMatchObject({ model: "scenario pv-double-bind", distinctStates: 88, depth: 3, violation: null });
    expect(JSON.parse(b.stdout).distinctStates).toBe(out.distinctStates);
    expect(JSON.parse(b.stdout).transitions).toBe(out.transitions);
  });

  it("rejects a bad flag with a one-line error and exit 2", () => {
    const r = kubeprop(["explore", "--depth", "deep"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('kubeprop: --depth: expected a non-negative integer, got "deep"');
    const u = kubeprop(["explore", "--bug", "no-such-bug"]);
    expect(u.code).toBe(2);
    expect(u.stderr.trim().split("\n")).toHaveLength(1);
    expect(u.stderr).toContain('--bug: unknown bug "no-such-bug"');
  });

  it("--components explores only the components named; one that matches nothing is a one-line error (exit 2)", () => {
    const only = kubeprop(["explore", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--components", "kube-controller-manager/persistentvolume-binder", "--depth", "3", "--json"]);
    expect(only.code).toBe(0);
    const all = kubeprop(["explore", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--depth", "3", "--json"]);
    // Other components (the quota controller, the garbage collector...) also watch claims: fewer states without them.
    expect(JSON.parse(only.stdout).distinctStates).toBeLessThan(JSON.parse(all.stdout).distinctStates);
    const bug = kubeprop(["explore", "--bug", "pv-double-bind", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--components", "kube-controller-manager/persistentvolume-*"]);
    expect(bug.code).toBe(1);
    expect(bug.stdout).toContain("shortest counterexample (3 actions):");
    const bad = kubeprop(["explore", "--scenario", "scenarios/zoo/pv-double-bind.yaml", "--components", "kubelet/*"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain('--components: no component matches "kubelet/*"');
  });

  it("refuses a scenario whose own expectations fail (exit 2), naming the file and the step", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeprop-explore-"));
    const file = join(dir, "wrong.yaml");
    const text = readFileSync("scenarios/zoo/pv-double-bind.yaml", "utf8").replace("status.phase: Available", "status.phase: Bound");
    writeFileSync(file, text);
    const r = kubeprop(["explore", "--scenario", file, "--depth", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: the scenario's steps do not reach the state it expects`);
    expect(r.stderr).toContain("steps[1].expect");
    expect(r.stderr).not.toContain("    at ");
    // the user's file is left as it was
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
