/**
 * A counterexample's trace carries the cluster config it ran with: `replay` and `simulate` reproduce a zoo bug's
 * violation from the file alone (no --bug), and the same trace with the bug's option taken out does not violate.
 * A config the model cannot resolve is bad input: one line naming the field, exit 2.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-trace-"));

describe("a trace replays the model that produced it", () => {
  it("replay and simulate reproduce a zoo bug from the trace alone; without the bug's option nothing is violated", { timeout: 120_000 }, () => {
    const out = tmp();
    const found = kubeprop(["check", "--bug", "endpoints-terminating-ready", "--out", out, "--json"]);
    expect(found.code, found.stderr).toBe(1);
    const file: string = JSON.parse(found.stdout).counterexample.file;
    const trace = JSON.parse(readFileSync(file, "utf8"));
    expect(trace.cluster.components).toContainEqual({ id: "kube-controller-manager/endpoint", kind: "endpoint-controller", options: { keepTerminatingReady: true } });

    const replay = kubeprop(["replay", file]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^reproduced: endpoints-ready-addresses after action \d+/);
    const sim = kubeprop(["simulate", file]);
    expect(sim.code).toBe(1);
    expect(sim.stdout).toContain("VIOLATION endpoints-ready-addresses");

    const fixed = { ...trace, cluster: { ...trace.cluster, components: trace.cluster.components.map(({ options: _, ...c }: { options?: unknown }) => c) } };
    const fixedFile = join(out, "fixed.json");
    writeFileSync(fixedFile, JSON.stringify(fixed));
    const off = kubeprop(["replay", fixedFile]);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^no violation in \d+ actions \(the trace expected endpoints-ready-addresses/);
  });

  it("a cluster config naming a kind the model does not have is bad input, named by file and field", () => {
    const dir = tmp();
    const file = join(dir, "s.yaml");
    writeFileSync(file, "cluster:\n  components:\n    - { id: kube-scheduler, kind: schedular }\nsteps:\n  - settle: {}\n");
    const r = kubeprop(["simulate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^kubeprop: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cluster\\.components\\[0\\]\\.kind: unknown component kind "schedular"`));
  });
});
