import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-"));

describe("kubeprop simulate", () => {
  it("runs a scenario and prints a summary (exit 0)", () => {
    const r = kubeprop(["simulate", "scenarios/foundation.yaml"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("→ 403 configmaps \"late\" is forbidden");
    expect(r.stdout.trim().endsWith("no violation")).toBe(true);
  });

  it("--json prints only the final state as JSON, the same bytes every run", () => {
    const a = kubeprop(["simulate", "scenarios/foundation.yaml", "--json"]);
    const b = kubeprop(["simulate", "scenarios/foundation.yaml", "--json"]);
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    expect(Object.keys(out)).toEqual(["objects", "nodes", "violations", "events"]);
    expect(out.objects.some((o: any) => o.kind === "ServiceAccount" && o.metadata.namespace === "default")).toBe(true);
    // team-a was deleted: the namespace controller removed it with its content.
    expect(out.objects.some((o: any) => o.metadata.namespace === "team-a" || o.metadata.name === "team-a")).toBe(false);
    expect(out.violations).toEqual([]);
    expect(b.stdout).toBe(a.stdout);
  });

  it("--out writes a replayable trace that simulates to the same final state", () => {
    const dir = tmp();
    const first = kubeprop(["simulate", "scenarios/foundation.yaml", "--json", "--out", dir]);
    expect(existsSync(join(dir, "trace.json"))).toBe(true);
    const replay = kubeprop(["simulate", join(dir, "trace.json"), "--json"]);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).objects).toEqual(JSON.parse(first.stdout).objects);
  });

  it("exits 1 when an expectation fails", () => {
    const dir = tmp();
    const f = join(dir, "s.yaml");
    writeFileSync(f, "steps:\n  - expect: { kind: ConfigMap, name: nope }\n");
    const r = kubeprop(["simulate", f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expectation failed: steps[0].expect");
  });

  it("bad input: one line naming file and place, exit 2, no stack trace", () => {
    const dir = tmp();
    const f = join(dir, "bad.yaml");
    writeFileSync(f, "steps:\n  - scale: { kind: Deployment, name: web }\n");
    const before = readFileSync(f, "utf8");
    const r = kubeprop(["simulate", f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([`kubeprop: ${f}: steps[0].scale.replicas: expected a non-negative integer`]);
    expect(readFileSync(f, "utf8")).toBe(before);
    const missing = kubeprop(["simulate", join(dir, "none.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`kubeprop: ${join(dir, "none.yaml")}: cannot read file (no such file)`);
    const yaml = join(dir, "broken.yaml");
    writeFileSync(yaml, "nodes: [\n");
    const y = kubeprop(["simulate", yaml]);
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(new RegExp(`^kubeprop: ${yaml.replace(/[.]/g, "\\.")}: line \\d+, column \\d+: `));
    expect(y.stderr).not.toMatch(/\n\s+at /);
  });

  it("a manifest with an unknown field in a built-in kind is bad input (decoded Strict, as kubectl applies it): exit 2", () => {
    const dir = tmp();
    const deployment = "{ apiVersion: apps/v1, kind: Deployment, metadata: { name: web }, spec: { replicaz: 3, selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: nginx }] } } } }";
    const f = join(dir, "f.yaml");
    writeFileSync(f, `objects:\n  - ${deployment}\n`);
    const r = kubeprop(["simulate", f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `kubeprop: ${f}: objects[0] (Deployment web): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`,
    ]);
    const step = join(dir, "step.yaml");
    writeFileSync(step, `steps:\n  - apply: ${deployment}\n`);
    const s = kubeprop(["simulate", step]);
    expect(s.code).toBe(2);
    expect(s.stderr.trim()).toBe(`kubeprop: ${step}: steps[0].apply (Deployment web): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`);
  });

  it("--plugin watches the run with a module's invariants, and the trace --out writes names the plugin, so it simulates again with no flag", () => {
    const dir = tmp();
    const f = join(dir, "three.yaml");
    const cm = (n: string) => `  - { apiVersion: v1, kind: ConfigMap, metadata: { name: ${n}, namespace: default } }\n`;
    writeFileSync(f, `name: three-configmaps\nobjects:\n${cm("a")}${cm("b")}steps:\n  - create: { apiVersion: v1, kind: ConfigMap, metadata: { name: c, namespace: default } }\n`);
    expect(kubeprop(["simulate", f]).code).toBe(0);
    const plugin = "test/fixtures/plugins/broken-invariant.ts";
    const r = kubeprop(["simulate", f, "--plugin", plugin, "--out", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("VIOLATION at-most-two-configmaps at action 1: namespace default holds 3 ConfigMaps");
    const trace = JSON.parse(readFileSync(join(dir, "trace.json"), "utf8"));
    expect(trace.origin).toEqual({ plugins: [plugin] });
    const again = kubeprop(["simulate", join(dir, "trace.json")]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("VIOLATION at-most-two-configmaps at action 1: namespace default holds 3 ConfigMaps");
  });

  it("unknown flags and missing arguments exit 2", () => {
    const r = kubeprop(["simulate", "scenarios/foundation.yaml", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("error: unknown option '--bogus'");
    expect(kubeprop(["simulate"]).code).toBe(2);
    expect(kubeprop(["frobnicate"]).code).toBe(2);
  });
});
