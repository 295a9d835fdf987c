/**
 * The import rules (.dependency-cruiser.cjs): model/ is layered with arrows pointing down only, no value import
 * cycle anywhere in it, nothing in model/ imports the folders above it, and so on up to the CLI. Every source file
 * of model/ is in exactly one layer, so a new folder or top-level file cannot slip past the rules.
 */
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { ROOT } from "./cli-run.ts";

const require = createRequire(import.meta.url);
const CONFIG_FILE = join(ROOT, ".dependency-cruiser.cjs");
const config = require(CONFIG_FILE) as { forbidden: unknown[]; options: Record<string, unknown> };

/** The layer patterns, as the config file names them. */
const LAYERS = ["BASE", "STORE", "APISERVER", "INFORMERS", "COMPONENTS", "PARTS", "TOP"] as const;
function layerPatterns(): Record<(typeof LAYERS)[number], RegExp> {
  const text: string = require("node:fs").readFileSync(CONFIG_FILE, "utf8");
  const out = {} as Record<(typeof LAYERS)[number], RegExp>;
  for (const name of LAYERS) {
    const m = new RegExp(`const ${name} = ("[^\\n]*");`).exec(text);
    if (!m) throw new Error(`${CONFIG_FILE}: no layer ${name}`);
    out[name] = new RegExp(JSON.parse(m[1]!) as string);
  }
  return out;
}

/** Source files under a folder (tests and test support are outside the rules). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts") && !/\.(test|test-support|browser\.test)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("every source file of model/ is in exactly one layer", () => {
    const layers = layerPatterns();
    const misplaced = sources("model")
      .map((f) => relative(ROOT, join(ROOT, f)))
      .map((f) => ({ f, in: LAYERS.filter((l) => layers[l].test(f)) }))
      .filter((x) => x.in.length !== 1);
    expect(misplaced).toEqual([]);
  });

  it("holds: no value import cycle in model/, no import pointing up a layer or a folder", { timeout: 60_000 }, async () => {
    const options = { ...config.options, validate: true, baseDir: ROOT, tsConfig: { fileName: join(ROOT, "tsconfig.json") }, ruleSet: { forbidden: config.forbidden } };
    const result = (await cruise(["model", "controller", "invariants", "properties", "reports", "server", "cli", "bench", "index.ts", "vitest.ts"], options as never)).output as ICruiseResult;
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(" → ")})` : ""}`);
    expect(violations).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(300);
  });
});
