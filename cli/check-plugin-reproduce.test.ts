/**
 * A counterexample found with --plugin is reproduced by the command the report prints: the command names the
 * plugins (as given), without which the plugin's invariant does not exist and nothing is violated.
 *
 * The counterexample: `kubeprop check --plugin test/fixtures/plugins/broken-invariant.ts --scope namespaces
 * --seed 5 --max-steps 12 --runs 40` finds three ConfigMaps in one namespace at fast-check path PATH; the run
 * here goes straight to that path (a search takes a minute on a loaded machine).
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { kubeprop, ROOT } from "../test/cli-run.ts";
import { runCheck } from "./check.ts";
import { loadPlugins } from "../properties/plugins.ts";
import { check } from "../properties/checker.ts";
import { scopeById } from "../properties/scopes/index.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";

const PLUGIN = "test/fixtures/plugins/broken-invariant.ts";
const PATH = "14:3:3:4:10:9:12:14:13:13:7:7";
const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-plugin-"));

describe("kubeprop check --plugin: the printed reproduce command", () => {
  it("includes --plugin and reproduces the counterexample; without the plugin there is nothing to reproduce", { timeout: 120_000 }, async () => {
    const plugins = await loadPlugins([PLUGIN]);
    const out = tmp();
    const r = runCheck({ plugin: [PLUGIN], scope: ["namespaces"], seed: "5", maxSteps: "12", runs: "40", path: PATH, out, emitTest: true }, plugins);
    expect(r.result.counterexample?.invariant).toBe("at-most-two-configmaps");
    const command = `npx kubeprop check --seed 5 --path ${PATH} --scope namespaces --max-steps 12 --plugin ${PLUGIN}`;
    expect(r.reproduce).toBe(command);
    const dir = dirname(r.files[0]!);
    expect(readFileSync(join(dir, "counterexample.md"), "utf8")).toContain(`\`${command}\``);
    expect(JSON.parse(readFileSync(join(dir, "counterexample.json"), "utf8")).origin).toMatchObject({ seed: 5, path: PATH, maxSteps: 12, plugins: [PLUGIN] });
    // The vitest file imports the plugin from where it is written.
    const vitest = readFileSync(join(dir, "counterexample.test.ts"), "utf8");
    const spec = /import \{ invariants as plugin0 \} from "([^"]+)";/.exec(vitest)?.[1];
    expect(spec && resolve(dir, spec)).toBe(resolve(ROOT, PLUGIN));

    // The command, run as printed, finds the same violation.
    const args = command.replace(/^npx kubeprop /, "").split(" ");
    const again = kubeprop([...args, "--out", tmp(), "--json"]);
    expect(again.code, again.stderr).toBe(1);
    expect(JSON.parse(again.stdout).counterexample).toMatchObject({ invariant: "at-most-two-configmaps", steps: r.result.counterexample!.actions.length });

    // Without the plugin's invariant the same seed and path violate nothing: the old command did not reproduce.
    const without = check({ scopes: [scopeById("namespaces")!], invariants: ALL_INVARIANTS, seed: 5, runs: 40, maxSteps: 12, path: PATH });
    expect(without.ok).toBe(true);
  });
});
