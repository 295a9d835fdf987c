/**
 * The README's five minutes ("Check your own controller"): the controller it shows is this folder's
 * my-controller.ts, word for word; `kubeprop check --controller` finds its bug (a ConfigMap without an
 * ownerReference outlives its WebApp), the trace replays, and the same controller with the ownerReference passes.
 */
import { describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, kubeprop } from "../../test/cli-run.ts";

const DIR = join(ROOT, "examples/quickstart");
const CONTROLLER = readFileSync(join(DIR, "my-controller.ts"), "utf8");
const OWNED = 'metadata: { name, namespace, labels: { app: "webapp-config" }, ownerReferences: [{ apiVersion: "example.com/v1", kind: "WebApp", name, uid: app.metadata!.uid!, controller: true }] }';

describe("the README's quick start", () => {
  it("shows examples/quickstart/my-controller.ts as it is", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("```ts\n" + CONTROLLER + "```");
  });

  it("finds the orphaned ConfigMap, shrunk to create, reconcile, delete; the trace replays; with an ownerReference it passes", { timeout: 120_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), "kubeprop-quickstart-"));
    const found = kubeprop(["check", "--controller", "examples/quickstart/my-controller.ts", "--out", out]);
    expect(found.code, found.stderr).toBe(1);
    expect(found.stdout).toContain("VIOLATION of no-orphaned-configmaps in scope webapp-config: ConfigMap default/shop outlives its WebApp");
    expect(found.stdout).toMatch(/user: create webapps\.example\.com -n default shop\n.*controller\/webapp-config: informer sync webapps\.example\.com\n.*controller\/webapp-config: reconcile\n.*user: delete webapps\.example\.com -n default shop\n/);
    const trace = /wrote (\S+counterexample\.json)/.exec(found.stdout)![1]!;
    const replay = kubeprop(["replay", trace]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^reproduced: no-orphaned-configmaps/);
    // The fix, in a copy beside its CRD.
    const fixedDir = mkdtempSync(join(tmpdir(), "kubeprop-quickstart-fixed-"));
    copyFileSync(join(DIR, "crd.yaml"), join(fixedDir, "crd.yaml"));
    const fixed = CONTROLLER.replace('metadata: { name, namespace, labels: { app: "webapp-config" } }', OWNED);
    expect(fixed).not.toBe(CONTROLLER);
    writeFileSync(join(fixedDir, "my-controller.ts"), fixed);
    const passes = kubeprop(["check", "--controller", join(fixedDir, "my-controller.ts"), "--runs", "10", "--out", out, "--json"]);
    expect(passes.code, passes.stderr).toBe(0);
    expect(JSON.parse(passes.stdout)).toMatchObject({ ok: true, runs: 10 });
  });
});
